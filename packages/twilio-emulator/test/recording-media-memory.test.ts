import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from "../src/index";
import { basic } from "./support";

const MiB = 1_048_576;
/** An hour and a half of VP8: about half a gigabyte. */
const SECONDS = 5_400;
/**
 * What serving it may add to the emulator's resident memory. Measured on a 2-core machine: under
 * 5 MiB (the clip's frames go out uncopied; only cluster headers are new). A file built in memory
 * would add its whole size; the bound leaves room for a collector that falls behind on a busy machine.
 */
const GROWTH_BOUND = 64 * MiB;
const BIN = resolve(import.meta.dirname, "../bin/twilio-emulator.ts");

/** The emulator process's resident set now, bytes (Linux). */
const residentOf = (pid: number): number =>
  Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) * 1024;

/** Reads a body to its end, keeping nothing but its length. */
const drain = (url: string, onChunk: () => void): Promise<number> =>
  new Promise((done, fail) => {
    get(url, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        onChunk();
      });
      res.on("end", () => done(bytes));
      res.on("error", fail);
    }).on("error", fail);
  });

describe("the emulator process serving a half-gigabyte VP8 recording", () => {
  let child: ChildProcess;
  const run = { size: 0, served: 0, idle: 0, peak: 0, seconds: 0 };

  beforeAll(async () => {
    child = spawn(process.execPath, ["--import", "tsx", BIN, "--port", "0", "--seed", "memory"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise<string>((ready, fail) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        const m = /^ready (\S+)$/m.exec(chunk.toString());
        if (m?.[1]) ready(m[1]);
      });
      child.once("exit", (code) => fail(new Error(`the emulator exited with ${code}`)));
    });
    const pid = child.pid ?? Number.NaN;
    const seeded = await fetch(`${url}/_emulator/recordings`, {
      method: "POST",
      body: JSON.stringify({ type: "video", codec: "VP8", duration: SECONDS }),
    });
    const { sid, size } = (await seeded.json()) as { sid: string; size: number };
    const auth = { authorization: basic(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN) };
    const link = await fetch(`${url}/v1/Recordings/${sid}/Media`, { headers: auth, redirect: "manual" });
    const { redirect_to } = (await link.json()) as { redirect_to: string };
    run.size = size;
    run.idle = residentOf(pid);
    run.peak = run.idle;
    let chunks = 0;
    const started = performance.now();
    run.served = await drain(redirect_to, () => {
      chunks += 1;
      if (chunks % 16 === 0) run.peak = Math.max(run.peak, residentOf(pid));
    });
    run.seconds = (performance.now() - started) / 1000;
    run.peak = Math.max(run.peak, residentOf(pid));
    console.info(
      `served ${(run.served / MiB).toFixed(0)} MiB of VP8 in ${run.seconds.toFixed(1)} s ` +
        `(${(run.served / MiB / run.seconds).toFixed(0)} MiB/s): emulator RSS idle ${(run.idle / MiB).toFixed(1)} MiB, ` +
        `peak ${(run.peak / MiB).toFixed(1)} MiB`,
    );
  }, 120_000);

  afterAll(() => {
    child.kill();
  });

  it("serves every byte of the recording's size", () => {
    // Assess
    expect(run.size).toBeGreaterThan(400 * MiB);
    expect(run.served).toBe(run.size);
  });

  it("generates it as it sends it: the process grows by less than 64 MiB", () => {
    // Assess
    expect(run.peak - run.idle).toBeLessThan(GROWTH_BOUND);
  });
});
