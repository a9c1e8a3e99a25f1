import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { RemuxedFile, RemuxRejection, Result } from "@video-recordings/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ffmpeg } from "../support/media-fixtures";
import { lambdaHeapFlags, NODE24 } from "./spawn-sweeper";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const SCRIPT = join(import.meta.dirname, "remux-process.ts");
const MiB = 1_048_576;
/** The memory a function making renditions is to have: the heap limits it would run with. */
const WORKER_MEMORY_MB = 1024;
/** The goal for the worker's peak, whatever the media's size. */
const PEAK_GOAL = 512 * MiB;
/**
 * What remuxing may add to the process. Measured on a 2-core machine under load, for 253 MiB
 * of VP8 read as a stream: 110–125 MiB (two 2 MiB output chunks, the stream source's 32 MiB cache,
 * and buffers the collector sweeps lazily), and 150 MiB for twice the media: bounded, not
 * proportional. Holding the output, or the input, would add the whole file's size.
 */
const GROWTH_BOUND = 192 * MiB;

type RemuxRun = {
  result: Result<RemuxedFile, RemuxRejection>;
  idleRss: number;
  peakRss: number;
  elapsedMs: number;
};

let dir: string;
let size: number;
let remux: RemuxRun;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "remux-memory-"));
  // A second of noise at a high bitrate (about 70 KiB a frame), then repeated, packets copied,
  // with timestamps running on: a large live-written track made in seconds.
  const clip = join(dir, "noise.mkv");
  const source = join(dir, "large.mkv");
  await ffmpeg(
    ["-f", "lavfi", "-i", "nullsrc=s=320x240:r=30,geq=random(1)*255:128:128", "-t", "1"]
      .concat(["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "40M", "-minrate", "40M"])
      .concat(["-maxrate", "40M", "-bufsize", "40M", "-qmin", "0", "-qmax", "4", "-g", "60", clip]),
  );
  await ffmpeg([
    "-stream_loop",
    "119",
    "-i",
    clip,
    "-c",
    "copy",
    "-live",
    "1",
    "-output_ts_offset",
    "5",
    source,
  ]);
  size = (await stat(source)).size;
  const flags = ["--expose-gc", ...lambdaHeapFlags(WORKER_MEMORY_MB), "--import", "tsx"];
  const { stdout } = await run(NODE24, [...flags, SCRIPT, source, join(dir, "large.webm"), "vp8"], {
    cwd: ROOT,
    timeout: 90_000,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("REMUX "));
  if (line === undefined) throw new Error(`the remux process printed no result: ${stdout}`);
  remux = JSON.parse(line.slice("REMUX ".length)) as RemuxRun;
  console.info(
    `rendition of ${(size / MiB).toFixed(0)} MiB: ${(remux.elapsedMs / 1000).toFixed(1)} s, idle ` +
      `${(remux.idleRss / MiB).toFixed(1)} MiB, peak ${(remux.peakRss / MiB).toFixed(1)} MiB`,
  );
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a process remuxing a large track read as a stream", () => {
  it("writes the whole rendition, verified", () => {
    // Assess
    expect(size).toBeGreaterThan(200 * MiB);
    expect(remux.result).toMatchObject({ ok: true, value: { container: "webm" } });
    if (remux.result.ok) expect(remux.result.value.size).toBeGreaterThan(size * 0.99);
  });

  it("holds a bounded part of the media at a time: memory grows by less than 192 MiB", () => {
    // Assess
    expect(remux.peakRss - remux.idleRss).toBeLessThan(GROWTH_BOUND);
    expect(remux.peakRss).toBeLessThan(PEAK_GOAL);
  });
});
