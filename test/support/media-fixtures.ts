import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * Twilio-like recordings made with FFmpeg at test time, and FFmpeg's own reading of any media:
 * the oracle the renditions are checked against, independent of the library that makes them.
 */

const run = promisify(execFile);

export const ffmpeg = async (args: readonly string[]): Promise<Buffer> =>
  (
    await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", ...args], {
      encoding: "buffer",
      maxBuffer: 64 * 1024 * 1024,
    })
  ).stdout;

const ffprobe = async (args: readonly string[]): Promise<string> =>
  (await run("ffprobe", ["-v", "error", "-of", "json", ...args])).stdout;

export type FixtureCodec = "vp8" | "h264" | "opus" | "pcmu";

export type TrackFixture = {
  path: string;
  codec: FixtureCodec;
  /** The first packet's timestamp, in seconds, as Twilio's are: not zero. */
  start: number;
};

export type TrackOptions = {
  /** Seconds of media before any gap is cut out. */
  seconds?: number;
  /** Where the file's timestamps start. */
  start?: number;
  /** Seconds (from the media's own 0) with no packets at all, as when a track is muted. */
  gap?: readonly [number, number];
  /** Seconds between video keyframes. */
  keyframeEvery?: number;
  /** Video frames a second: fewer make long fixtures quicker to encode. */
  fps?: number;
};

const video = (fps: number) => ["-f", "lavfi", "-i", `testsrc2=size=64x48:rate=${fps}`];
const CODEC_ARGS: Record<FixtureCodec, (keyframeEvery: number, fps: number) => string[]> = {
  vp8: (every, fps) => [...video(fps), "-c:v", "libvpx", "-b:v", "100k", "-g", `${every * fps}`],
  // WebRTC's H264: no B-frames, so packets come in presentation order.
  h264: (every, fps) => [
    ...video(fps),
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-bf",
    "0",
    "-g",
    `${every * fps}`,
  ],
  opus: () => ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-c:a", "libopus", "-ac", "1"],
  pcmu: () => ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", "-c:a", "pcm_mulaw", "-ac", "1"],
};

export const isVideo = (codec: FixtureCodec): boolean => codec === "vp8" || codec === "h264";

/**
 * A track recorded the way Twilio writes one: Matroska written live (no Duration, no Cues), its
 * first timestamp `start` (5 s unless told), optionally with a gap where no packets are. A video
 * track starts again with a keyframe after its gap, as a camera does when unmuted.
 */
export const makeTrack = async (
  dir: string,
  name: string,
  codec: FixtureCodec,
  options: TrackOptions = {},
): Promise<TrackFixture> => {
  const { seconds = 4, start = 5, gap, keyframeEvery = 2, fps = 15 } = options;
  const path = join(dir, `${name}.${isVideo(codec) ? "mkv" : "mka"}`);
  const cut = gap === undefined ? [] : cutArgs(codec, gap);
  await ffmpeg([
    "-y",
    ...CODEC_ARGS[codec](keyframeEvery, fps),
    "-t",
    `${seconds}`,
    ...cut,
    "-live",
    "1",
    "-output_ts_offset",
    `${start}`,
    "-f",
    "matroska",
    path,
  ]);
  return { path, codec, start };
};

const cutArgs = (codec: FixtureCodec, [from, to]: readonly [number, number]): string[] => {
  const outside = `not(between(t,${from},${to}))`;
  return isVideo(codec)
    ? ["-vf", `select='${outside}'`, "-fps_mode", "passthrough", "-force_key_frames", `${to}`]
    : ["-af", `aselect='${outside}'`];
};

export type Packet = { pts: number; duration: number; stream: number };

/**
 * What FFmpeg reads of a file: the duration its header states (NaN when none), each stream's
 * kind (`audio`, `video`), every packet in file order.
 */
export type Probe = { duration: number; kinds: string[]; packets: Packet[] };

export const probe = async (path: string): Promise<Probe> => {
  const entries = "format=duration:stream=codec_type:packet=stream_index,pts_time,duration_time";
  const { format, streams, packets } = JSON.parse(await ffprobe(["-show_entries", entries, path])) as {
    format: { duration?: string };
    streams: { codec_type: string }[];
    packets: { stream_index: number; pts_time: string; duration_time?: string }[];
  };
  return {
    duration: Number(format.duration ?? Number.NaN),
    kinds: streams.map((stream) => stream.codec_type),
    packets: packets.map((p) => ({
      stream: p.stream_index,
      pts: Number(p.pts_time),
      duration: Number(p.duration_time ?? 0),
    })),
  };
};

/** From the first packet's start to the last one's end, gaps included. */
export const spanOf = (packets: readonly Packet[]): number =>
  Math.max(...packets.map((p) => p.pts + p.duration)) - Math.min(...packets.map((p) => p.pts));

/** Whether FFmpeg decodes a video frame (or some audio) after seeking the file to `at` seconds. */
export const decodesAt = async (path: string, at: number, kind: "audio" | "video"): Promise<boolean> => {
  const decoded =
    kind === "video"
      ? await ffmpeg(["-ss", `${at}`, "-i", path, "-frames:v", "1", "-f", "framemd5", "-"])
      : await ffmpeg(["-ss", `${at}`, "-i", path, "-t", "0.2", "-f", "s16le", "-"]);
  return kind === "video" ? /^0,/m.test(decoded.toString()) : decoded.length > 0;
};

/** A file's audio as FFmpeg decodes it: mono 16-bit samples. */
export const decodedSamples = async (path: string): Promise<Int16Array> => {
  const bytes = await ffmpeg(["-i", path, "-f", "s16le", "-ac", "1", "-"]);
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
};

/** The first packet of the probe's stream of `kind`. */
export const firstOf = (probed: Probe, kind: "audio" | "video"): Packet | undefined =>
  probed.packets.find((packet) => probed.kinds[packet.stream] === kind);

/** Bytes as a download would arrive: one stream, read once. */
export const streamOf = (bytes: Uint8Array): ReadableStream<Uint8Array> =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
