// One rendition made in a process of its own, as the worker function would make it: the media read
// as a stream (a download), the rendition written to a local file. Spawned by the remux-memory test
// (see `spawn-remux.ts`); not a test itself.
//
// It measures its own memory: RSS once the remuxer is loaded and the heap collected (idle), then
// sampled every 50 ms while it runs, and the kernel's high-water mark (VmHWM) after. It prints one
// line, `REMUX <json>`, when the rendition is written.
//
// Arguments: the media's path, the rendition's path, the recording's codec.
import { createReadStream, readFileSync, statSync } from "node:fs";
import { Readable } from "node:stream";
import { trackRendition } from "@video-recordings/core";
import { mediabunnyRemuxer } from "@video-recordings/core/renditions";

const SAMPLE_MS = 50;

/** The process's peak resident set so far, in bytes (Linux); null elsewhere. */
const highWaterMark = (): number | null => {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
};

const [source = "", target = "", codec = ""] = process.argv.slice(2);
const rendition = trackRendition(codec);
if (!rendition.ok) throw new Error(`no rendition for ${codec}`);

(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 100));
const idleRss = process.memoryUsage().rss;
const hwmBefore = highWaterMark();
let sampledPeak = idleRss;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}, SAMPLE_MS);

const started = performance.now();
const media = {
  stream: Readable.toWeb(createReadStream(source)) as ReadableStream<Uint8Array>,
  size: statSync(source).size,
};
const result = await mediabunnyRemuxer.track({ media, rendition: rendition.value }, target);
const elapsedMs = performance.now() - started;
clearInterval(sampler);
sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
const hwmAfter = highWaterMark();
// The high-water mark also counts loading; it speaks for the remux only once it rose.
const peakRss =
  hwmAfter !== null && hwmBefore !== null && hwmAfter > hwmBefore
    ? Math.max(sampledPeak, hwmAfter)
    : sampledPeak;
process.stdout.write(`REMUX ${JSON.stringify({ result, idleRss, peakRss, elapsedMs })}\n`);
