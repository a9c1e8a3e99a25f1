// One rendition made in a process of its own, as the worker makes it: each recording's media read as
// a stream (the worker reads the archived copy, or Twilio's download, as one), the rendition written
// to a local file, read back and verified. Spawned by bench/renditions.ts with the heap limits of the
// worker's memory; not a benchmark itself.
//
// Argument: a JSON `RemuxJob`. Prints one line, a JSON `RemuxRun`, once the rendition is made: how
// long the remuxer took and the CPU time it used (the process's start and module loading left
// out), the process's RSS once loaded, and its peak RSS over its whole life
// (`process.resourceUsage().maxRSS`).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import {
  type MediaInput,
  participantRendition,
  type RemuxedFile,
  type RemuxRejection,
  type Result,
  trackRendition,
} from "@video-recordings/core";
import { mediabunnyRemuxer } from "@video-recordings/core/renditions";

export type RemuxJob =
  | { kind: "track"; source: string; codec: string; target: string }
  | {
      kind: "participant";
      audio: { source: string; codec: string; offsetMs: number };
      video: { source: string; codec: string; offsetMs: number };
      target: string;
    };

export type RemuxRun = {
  result: Result<RemuxedFile, RemuxRejection>;
  elapsedMs: number;
  /** CPU time of the whole process meanwhile (all its threads), ms. */
  cpuMs: number;
  /** Bytes. */
  loadedRss: number;
  peakRss: number;
};

const streamOf = async (path: string): Promise<MediaInput> => ({
  stream: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
  size: (await stat(path)).size,
});

const remux = async (job: RemuxJob): Promise<Result<RemuxedFile, RemuxRejection>> => {
  if (job.kind === "track") {
    const rendition = trackRendition(job.codec);
    if (!rendition.ok) throw new Error(`no rendition for ${job.codec}`);
    return mediabunnyRemuxer.track(
      { media: await streamOf(job.source), rendition: rendition.value },
      job.target,
    );
  }
  const rendition = participantRendition({ audio: job.audio.codec, video: job.video.codec });
  if (!rendition.ok) throw new Error(`no rendition for ${job.audio.codec} + ${job.video.codec}`);
  return mediabunnyRemuxer.participant(
    {
      rendition: rendition.value,
      audio: { media: await streamOf(job.audio.source), offsetMs: job.audio.offsetMs },
      video: { media: await streamOf(job.video.source), offsetMs: job.video.offsetMs },
    },
    job.target,
  );
};

const main = async () => {
  const job = JSON.parse(process.argv[2] ?? "") as RemuxJob;
  const loadedRss = process.memoryUsage().rss;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await remux(job);
  const elapsedMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  // maxRSS is in KiB, CPU times in µs.
  const run: RemuxRun = {
    result,
    elapsedMs,
    cpuMs: (user + system) / 1000,
    loadedRss,
    peakRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
};

await main();
