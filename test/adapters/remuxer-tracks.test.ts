import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RemuxedFile } from "@video-recordings/core";
import { mediabunnyRemuxer } from "@video-recordings/core/renditions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Player, startPlayer } from "../support/chromium";
import { cuedPositions } from "../support/matroska";
import {
  decodedSamples,
  decodesAt,
  type FixtureCodec,
  isVideo,
  makeTrack,
  type Packet,
  type Probe,
  probe,
  spanOf,
  type TrackFixture,
} from "../support/media-fixtures";
import { remuxed, renditionOf } from "../support/remux";

let dir: string;
let player: Player;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "renditions-"));
  player = await startPlayer();
});

afterAll(async () => {
  await player?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Seconds without packets in the source, from the media's own 0: longer than the duration tolerance. */
const GAP = [1.5, 3.5] as const;

/** The source, what FFmpeg reads of it, the rendition, and what FFmpeg reads of that. */
type Made = { track: TrackFixture; source: Probe; out: RemuxedFile; written: Probe };
const made = new Map<FixtureCodec, Promise<Made>>();

/** A Twilio-like track of `codec` with a gap, and its rendition: made once, for every test that looks at it. */
const renditionWithGap = (codec: FixtureCodec): Promise<Made> => {
  let once = made.get(codec);
  if (once === undefined) {
    once = (async () => {
      const track = await makeTrack(dir, `gap-${codec}`, codec, { gap: GAP });
      const path = join(dir, `gap-${codec}.out`);
      const media = { media: { path: track.path }, rendition: renditionOf(codec) };
      const [source, result] = await Promise.all([probe(track.path), mediabunnyRemuxer.track(media, path)]);
      const out = remuxed(result);
      return { track, source, out, written: await probe(out.path) };
    })();
    made.set(codec, once);
  }
  return once;
};

let samples: Promise<{ source: Int16Array; wav: Int16Array }> | undefined;

/** FFmpeg's decoding of the PCMU track with a gap, and of its WAV: made once, for both tests of samples. */
const pcmuSamples = (): Promise<{ source: Int16Array; wav: Int16Array }> => {
  samples ??= renditionWithGap("pcmu").then(async ({ track, out }) => {
    const [source, wav] = await Promise.all([decodedSamples(track.path), decodedSamples(out.path)]);
    return { source, wav };
  });
  return samples;
};

/** The largest jump between one packet's start and the next one's, and where it begins. */
const longestPause = (packets: readonly Packet[]): { at: number; length: number } => {
  let pause = { at: 0, length: 0 };
  for (const [index, packet] of packets.entries()) {
    const next = packets[index + 1];
    if (next && next.pts - packet.pts > pause.length)
      pause = { at: packet.pts, length: next.pts - packet.pts };
  }
  return pause;
};

describe.each<{ case: string; codec: FixtureCodec; contentType: string }>([
  { case: "VP8 in WebM", codec: "vp8", contentType: "video/webm" },
  { case: "Opus in WebM", codec: "opus", contentType: "audio/webm" },
  { case: "H264 in MP4", codec: "h264", contentType: "video/mp4" },
  { case: "PCMU decoded into WAV", codec: "pcmu", contentType: "audio/wav" },
])("mediabunnyRemuxer.track: $case", ({ codec, contentType }) => {
  let source: Probe;
  let out: RemuxedFile;
  let written: Probe;

  beforeAll(async () => {
    ({ source, out, written } = await renditionWithGap(codec));
  });

  it("answers a verified file of its content type, its source's start kept for syncing", () => {
    // Assess: FFmpeg and the library place Opus's first packet a pre-skip (6.5 ms) apart.
    expect(out.contentType).toBe(contentType);
    expect(out.sourceStartSeconds).toBeCloseTo(source.packets[0]?.pts ?? Number.NaN, 1);
    expect(Math.abs(out.durationSeconds - spanOf(source.packets))).toBeLessThanOrEqual(1);
  });

  it("states a duration FFmpeg reads, within a second of the source's span", () => {
    // Assess
    expect(Math.abs(written.duration - spanOf(source.packets))).toBeLessThanOrEqual(1);
  });

  it("decodes after a seek to its middle", async () => {
    // Act
    const decoded = await decodesAt(out.path, out.durationSeconds / 2, isVideo(codec) ? "video" : "audio");
    // Assess
    expect(decoded).toBe(true);
  });

  it("plays in Chromium with a finite duration, and seeks", async () => {
    // Act
    const playback = await player.play(out.path, contentType);
    // Assess
    expect(Math.abs(playback.duration - spanOf(source.packets))).toBeLessThanOrEqual(1);
    expect(Math.abs(playback.seekedAt - playback.seekTarget)).toBeLessThan(0.5);
  });
});

describe("mediabunnyRemuxer.track: gaps", () => {
  it.each<{ codec: FixtureCodec }>([{ codec: "vp8" }, { codec: "opus" }, { codec: "h264" }])(
    "keeps a $codec track's gap as long as it was, where it was",
    async ({ codec }) => {
      // Prepare
      const { source, written } = await renditionWithGap(codec);
      const expected = longestPause(source.packets);
      // Act
      const pause = longestPause(written.packets);
      // Assess
      expect(pause.length).toBeCloseTo(expected.length, 1);
      expect(pause.at).toBeCloseTo(expected.at - (source.packets[0]?.pts ?? 0), 1);
    },
  );

  it("fills a PCMU track's gap with silence in the WAV, so that every sample stays at its time", async () => {
    // Prepare
    const RATE = 8000;
    // Act
    const { source, wav } = await pcmuSamples();
    const { source: packets } = await renditionWithGap("pcmu");
    // Assess: FFmpeg's decoding of the source closes the gap; the WAV keeps it, silent, and holds
    // a sample for every 1/8000 s of the source's span (to within 20 ms).
    expect(Math.abs(wav.length - spanOf(packets.packets) * RATE)).toBeLessThanOrEqual(0.02 * RATE);
    expect(wav.length - source.length).toBeGreaterThan((GAP[1] - GAP[0] - 0.2) * RATE);
    expect(wav.subarray((GAP[0] + 0.2) * RATE, (GAP[1] - 0.2) * RATE).every((sample) => sample === 0)).toBe(
      true,
    );
    expect(wav.subarray((GAP[1] + 0.2) * RATE).some((sample) => sample !== 0)).toBe(true);
  });

  it("decodes µ-law to the samples FFmpeg decodes from the source", async () => {
    // Act
    const { source, wav } = await pcmuSamples();
    // Assess: the first second, before the gap, sample for sample.
    expect(wav.subarray(0, 8000)).toEqual(source.subarray(0, 8000));
  });
});

describe("mediabunnyRemuxer.track: WebM Cues", () => {
  it.each<{ codec: FixtureCodec }>([{ codec: "vp8" }, { codec: "opus" }])(
    "writes Cues into a $codec WebM, each at a cluster a player can start from",
    async ({ codec }) => {
      // Prepare
      const { out } = await renditionWithGap(codec);
      // Act
      const cues = cuedPositions(await readFile(out.path));
      // Assess
      expect(cues.length).toBeGreaterThan(0);
      expect(cues.filter((cue) => !cue.opensWithKeyframe)).toEqual([]);
    },
  );
});
