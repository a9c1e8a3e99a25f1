// The deployed sweeper's entry (`functions/sweeper.ts`), run once in a process of its own with its
// links in the environment, as Lambda runs it. Spawned by the process tests and the archive-memory
// benchmark (see `spawn-sweeper.ts`); not a test itself.
//
// It measures its own memory: RSS once the entry is loaded and the heap collected (idle), then
// sampled every 50 ms while the sweep runs (peak), and the kernel's high-water mark (VmHWM) before
// and after; beside them, what Buffers and typed arrays hold, idle and at most. It prints one line,
// `SWEEP <json>`, when the sweep returns.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

const SAMPLE_MS = 50;
const RUN_MS = 15 * 60_000;

/** The process's peak resident set so far, in bytes (Linux); null elsewhere. */
const highWaterMark = (): number | null => {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
};

const { handler } = await import("../../functions/sweeper");
const collect = (globalThis as { gc?: () => void }).gc;
collect?.();
await new Promise((resolve) => setTimeout(resolve, 100));
const { rss: idleRss, arrayBuffers: idleArrayBuffers } = process.memoryUsage();
const hwmBefore = highWaterMark();
let sampledPeak = idleRss;
let peakArrayBuffers = idleArrayBuffers;
const sample = () => {
  const { rss, arrayBuffers } = process.memoryUsage();
  sampledPeak = Math.max(sampledPeak, rss);
  peakArrayBuffers = Math.max(peakArrayBuffers, arrayBuffers);
};
const sampler = setInterval(sample, SAMPLE_MS);

const deadline = Date.now() + RUN_MS;
const summary = await handler(
  { mode: "sweep" },
  { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) },
);
clearInterval(sampler);
sample();
const hwmAfter = highWaterMark();
// The high-water mark also counts loading the entry; it speaks for the sweep only once it rose.
const peakRss =
  hwmAfter !== null && hwmBefore !== null && hwmAfter > hwmBefore
    ? Math.max(sampledPeak, hwmAfter)
    : sampledPeak;
process.stdout.write(
  `SWEEP ${JSON.stringify({ summary, idleRss, peakRss, sampledPeak, hwmBefore, hwmAfter, idleArrayBuffers, peakArrayBuffers })}\n`,
);
