import { readFileSync } from "node:fs";
import { children, element, ID, readBlock } from "./ebml";
import type { Codec } from "./types";

// A recording's media repeats the frames of a short committed clip in its codec
// (made with FFmpeg, see fixtures/README.md). Each clip starts on a keyframe, so
// every repetition can start a cluster a player may begin at.

const FILES: Record<Codec, URL> = {
  VP8: new URL("../fixtures/recording-vp8.mkv", import.meta.url),
  H264: new URL("../fixtures/recording-h264.mkv", import.meta.url),
  OPUS: new URL("../fixtures/recording-opus.mka", import.meta.url),
  PCMU: new URL("../fixtures/recording-pcmu.mka", import.meta.url),
};

/** What the generator needs of a clip, prepared once. */
export interface TrackFixture {
  /** The clip's whole `Tracks` element as FFmpeg wrote it: codec ID, codec private data, dimensions. */
  tracks: Buffer;
  /** Every frame as a SimpleBlock timed from the start of a cluster that begins with the clip. */
  blocks: Buffer;
  /** `ends[n]`: bytes of `blocks` taken by the first n frames (`ends[0]` is 0). */
  ends: number[];
  /** Milliseconds of each frame from the clip's start, ascending. */
  at: number[];
  /** How long one repetition lasts, ms: the clip's frames and the last one's duration. */
  loopMs: number;
}

interface Frame {
  at: number;
  track: number;
  key: boolean;
  data: Buffer;
}

/** A cluster's frames: SimpleBlocks as they are, Blocks of a BlockGroup (keyframes unless they reference another). */
const framesOf = (file: Buffer, cluster: { start: number; end: number }): Frame[] => {
  let clusterAt = 0;
  const frames: Frame[] = [];
  for (const el of children(file, cluster.start, cluster.end)) {
    if (el.id === ID.Timestamp) clusterAt = file.readUIntBE(el.start, el.end - el.start);
    if (el.id === ID.SimpleBlock) {
      const b = readBlock(file, el.start, el.end);
      frames.push({ at: clusterAt + b.relative, track: b.track, key: (b.flags & 0x80) !== 0, data: b.frame });
    }
    if (el.id === ID.BlockGroup) {
      const inside = [...children(file, el.start, el.end)];
      const block = inside.find((c) => c.id === ID.Block);
      if (block === undefined) continue;
      const b = readBlock(file, block.start, block.end);
      const key = !inside.some((c) => c.id === ID.ReferenceBlock);
      frames.push({ at: clusterAt + b.relative, track: b.track, key, data: b.frame });
    }
  }
  return frames;
};

const simpleBlock = (f: Frame, relative: number): Buffer => {
  const head = Buffer.alloc(3);
  head.writeInt16BE(relative, 0);
  head[2] = f.key ? 0x80 : 0x00;
  return element(ID.SimpleBlock, Buffer.concat([Buffer.from([0x80 | f.track]), head, f.data]));
};

/** Reads a finished Matroska file of one track (known sizes, no lacing) into a fixture. */
export const parseFixture = (file: Buffer): TrackFixture => {
  const segment = [...children(file)].find((el) => el.id === ID.Segment);
  if (segment === undefined) throw new RangeError("no Segment");
  let tracks: Buffer | undefined;
  const frames: Frame[] = [];
  for (const el of children(file, segment.start, segment.end)) {
    if (el.id === ID.Tracks) tracks = file.subarray(el.at, el.end);
    if (el.id === ID.Cluster) frames.push(...framesOf(file, el));
  }
  const first = frames[0];
  const last = frames.at(-1);
  if (tracks === undefined || first === undefined || last === undefined || frames.length < 2) {
    throw new RangeError("a fixture needs a Tracks element and at least two frames");
  }
  if (!first.key) throw new RangeError("a fixture must start on a keyframe");
  const at = frames.map((f) => f.at - first.at);
  if (at.some((t, i) => i > 0 && t < (at[i - 1] ?? 0))) throw new RangeError("fixture frames go backwards");
  const span = last.at - first.at;
  // The last frame lasts as long as the average one; SimpleBlock times must fit an int16.
  const loopMs = Math.round((span * frames.length) / (frames.length - 1));
  if (loopMs > 0x7fff) throw new RangeError("a fixture must be shorter than 32.7 s");
  const blocks = frames.map((f, i) => simpleBlock(f, at[i] ?? 0));
  const ends = [0];
  for (const b of blocks) ends.push((ends.at(-1) ?? 0) + b.length);
  return { tracks, blocks: Buffer.concat(blocks), ends, at, loopMs };
};

const loaded = new Map<Codec, TrackFixture>();

/** The clip of a codec, read and prepared on first use (the emulator starts without touching them). */
export const trackFixture = (codec: Codec): TrackFixture => {
  let fixture = loaded.get(codec);
  if (!fixture) {
    fixture = parseFixture(readFileSync(FILES[codec]));
    loaded.set(codec, fixture);
  }
  return fixture;
};
