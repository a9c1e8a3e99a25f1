// Renditions beside FFmpeg: the worker's remuxer making the rendition of a ~1 GB VP8 track and of a
// 1.5-hour participant (Opus + VP8), and `ffmpeg -c copy` of the same files, in the same run, each
// writing to local disk. The inputs are made here, Twilio-like: the emulator's recording media
// (live-written Matroska: no Duration, no Cues, Segment and Clusters of unknown size, first
// timestamp not zero, the participant's video muted for a while), written to a temporary folder
// that is removed at the end.
//
// The remuxer runs in a child process (bench/lib/remux-process.ts) on Node 24 with the heap limits
// `lambdaHeapFlags` gives the worker's 3,008 MB (stacks/jobs.ts): `--max-old-space-size=2708`
// `--max-semi-space-size=150`, the split the nodejs18.x runtime's bootstrap makes (old space: the
// memory less a tenth); that nodejs24.x splits the same way was not checked. It reads each media as a
// stream, as the worker does, and its time counts from the remuxer's call to its verified answer
// (the process's start left out); FFmpeg's counts from its start to its exit. The peak RSS is the
// child's whole life's (`process.resourceUsage().maxRSS`), module loading included.
//   npx tsx bench/renditions.ts
// Prints one RESULT line for bench/run.ts.
import { execFile } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { mediaBytes, type TrackMedia } from "@video-recordings/twilio-emulator";
import { lambdaHeapFlags, NODE24 } from "../test/process/spawn-sweeper";
import { CONFIG } from "./lib/config";
import { atMost, type Figure, figure, printResult } from "./lib/figures";
import type { RemuxJob, RemuxRun } from "./lib/remux-process";
import { median } from "./lib/stats";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "..");
const CHILD = join(ROOT, "bench", "lib", "remux-process.ts");
const MiB = 1_048_576;
/** The worker's memory, as `stacks/jobs.ts` sets it. */
const WORKER_MEMORY_MB = 3008;
/** The goals: at most 3× FFmpeg's time, at most 0.5 GiB resident. */
const RATIO_GOAL = 3;
const PEAK_GOAL_MIB = 512;
const CHILD_TIMEOUT_MS = 10 * 60_000;

/** A rendition to make, and the same inputs for FFmpeg. */
type Case = {
  id: "track" | "participant";
  label: string;
  inputs: string[];
  job: (target: string) => RemuxJob;
};

const writeMedia = async (path: string, media: TrackMedia): Promise<number> => {
  await pipeline(Readable.from(mediaBytes(media)), createWriteStream(path));
  return (await stat(path)).size;
};

/** `1m2.500s` as seconds. */
const minutesSeconds = (text: string): number => {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
};

/**
 * `ffmpeg -c copy`, every stream of every input mapped: the seconds from its start to its exit,
 * and the CPU time it used, which the shell's `times` (POSIX) prints for its children.
 */
const ffmpegCopy = async (
  inputs: readonly string[],
  target: string,
): Promise<{ seconds: number; cpuSeconds: number }> => {
  const maps = inputs.length > 1 ? inputs.flatMap((_, n) => ["-map", String(n)]) : [];
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
    .concat(inputs.flatMap((input) => ["-i", input]))
    .concat([...maps, "-c", "copy", target]);
  const script = 'ffmpeg "$@" || exit 1; times';
  const t0 = performance.now();
  const { stdout } = await run("sh", ["-c", script, "sh", ...args], { timeout: CHILD_TIMEOUT_MS });
  const seconds = (performance.now() - t0) / 1000;
  const children = stdout.trim().split("\n").at(-1)?.trim().split(/\s+/) ?? [];
  return { seconds, cpuSeconds: children.map(minutesSeconds).reduce((sum, x) => sum + x, 0) };
};

const remuxInChild = async (job: RemuxJob): Promise<RemuxRun> => {
  const flags = lambdaHeapFlags(WORKER_MEMORY_MB);
  const { stdout } = await run(NODE24, [...flags, "--import", "tsx", CHILD, JSON.stringify(job)], {
    cwd: ROOT,
    timeout: CHILD_TIMEOUT_MS,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: "SILENT" },
  });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  const result = JSON.parse(last) as RemuxRun;
  if (!result.result.ok)
    throw new Error(`the remuxer rejected the media: ${JSON.stringify(result.result.error)}`);
  return result;
};

type Measured = {
  ffmpegSeconds: number;
  ffmpegCpuSeconds: number;
  remuxSeconds: number;
  remuxCpuSeconds: number;
  peakRss: number;
  loadedRss: number;
  size: number;
};

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;

const main = async () => {
  const dir = await mkdtemp(join(tmpdir(), "bench-renditions-"));
  try {
    const trackSeconds = CONFIG.renditionTrackSeconds;
    const participantSeconds = CONFIG.renditionParticipantSeconds;
    const track = join(dir, "track.mkv");
    const audio = join(dir, "audio.mka");
    const video = join(dir, "video.mkv");
    // Each SID sets its media's first timestamp (the emulator's rule), so the two differ.
    const trackBytes = await writeMedia(track, {
      sid: `RT${"1".repeat(32)}`,
      codec: "VP8",
      duration: trackSeconds,
    });
    const audioBytes = await writeMedia(audio, {
      sid: `RT${"a".repeat(32)}`,
      codec: "OPUS",
      duration: participantSeconds,
    });
    const videoBytes = await writeMedia(video, {
      sid: `RT${"b".repeat(32)}`,
      codec: "VP8",
      duration: participantSeconds,
      gap: { at: participantSeconds / 3, seconds: participantSeconds / 18 },
    });
    const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;
    const cases: Case[] = [
      {
        id: "track",
        label: `a ${gb(trackBytes)} VP8 track (${hours(trackSeconds)})`,
        inputs: [track],
        job: (target) => ({ kind: "track", source: track, codec: "vp8", target }),
      },
      {
        id: "participant",
        label: `a ${hours(participantSeconds)} participant, Opus + VP8 (${gb(audioBytes + videoBytes)})`,
        inputs: [audio, video],
        job: (target) => ({
          kind: "participant",
          audio: { source: audio, codec: "opus", offsetMs: 1_200 },
          video: { source: video, codec: "vp8", offsetMs: 2_000 },
          target,
        }),
      },
    ];
    const measured = new Map<Case["id"], Measured[]>(cases.map((c) => [c.id, []]));
    for (let round = 0; round < CONFIG.runs; round++) {
      for (const c of cases) {
        const ffmpegOut = join(dir, `${c.id}.ffmpeg.webm`);
        const ffmpeg = await ffmpegCopy(c.inputs, ffmpegOut);
        await rm(ffmpegOut, { force: true });
        const remuxOut = join(dir, `${c.id}.rendition.webm`);
        const remux = await remuxInChild(c.job(remuxOut));
        await rm(remuxOut, { force: true });
        const m: Measured = {
          ffmpegSeconds: ffmpeg.seconds,
          ffmpegCpuSeconds: ffmpeg.cpuSeconds,
          remuxSeconds: remux.elapsedMs / 1000,
          remuxCpuSeconds: remux.cpuMs / 1000,
          peakRss: remux.peakRss,
          loadedRss: remux.loadedRss,
          size: remux.result.ok ? remux.result.value.size : 0,
        };
        measured.get(c.id)?.push(m);
        process.stderr.write(
          `renditions run ${round + 1}, ${c.id}: remux ${m.remuxSeconds.toFixed(1)} s ` +
            `(${m.remuxCpuSeconds.toFixed(1)} s of CPU), ffmpeg ${m.ffmpegSeconds.toFixed(1)} s ` +
            `(${m.ffmpegCpuSeconds.toFixed(1)} s of CPU): ${(m.remuxSeconds / m.ffmpegSeconds).toFixed(2)}×, peak ` +
            `${(m.peakRss / MiB).toFixed(0)} MiB (loaded ${(m.loadedRss / MiB).toFixed(0)} MiB)\n`,
        );
      }
    }
    const figures: Figure[] = cases.flatMap((c) => {
      const runs = measured.get(c.id) ?? [];
      const remuxSeconds = median(runs.map((r) => r.remuxSeconds));
      return [
        figure({
          id: `renditions.${c.id}.time`,
          figure: `rendition of ${c.label}`,
          value: remuxSeconds,
          unit: "s",
          peer: median(runs.map((r) => r.ffmpegSeconds)),
          peerLabel: "ffmpeg -c copy, same input",
          ratio: median(runs.map((r) => r.remuxSeconds / r.ffmpegSeconds)),
          goal: atMost(RATIO_GOAL),
          runs: runs.length,
          note:
            `${median(runs.map((r) => r.size / MiB / r.remuxSeconds)).toFixed(0)} MiB/s written by the remuxer, ` +
            `${median(runs.map((r) => r.remuxCpuSeconds)).toFixed(1)} s of CPU (all its threads) against ` +
            `FFmpeg's ${median(runs.map((r) => r.ffmpegCpuSeconds)).toFixed(1)} s: ` +
            `${median(runs.map((r) => r.remuxCpuSeconds / r.ffmpegCpuSeconds)).toFixed(1)}× the CPU`,
        }),
        figure({
          id: `renditions.${c.id}.peakRss`,
          figure: `rendition of ${c.label}: worker's peak RSS`,
          value: median(runs.map((r) => r.peakRss / MiB)),
          unit: "MiB",
          peer: median(runs.map((r) => r.loadedRss / MiB)),
          peerLabel: "RSS once loaded",
          ratio: null,
          goal: { on: "value", op: "<=", target: PEAK_GOAL_MIB, text: `≤ ${PEAK_GOAL_MIB} MiB` },
          runs: runs.length,
        }),
      ];
    });
    printResult({ bench: "renditions", figures, detail: Object.fromEntries(measured) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

await main();
