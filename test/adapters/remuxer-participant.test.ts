import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RemuxedFile } from "@video-recordings/core";
import { mediabunnyRemuxer } from "@video-recordings/core/renditions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Player, startPlayer } from "../support/chromium";
import { clustersOpeningWithoutKeyframe, cuedPositions } from "../support/matroska";
import { decodesAt, firstOf, makeTrack, type Probe, probe, spanOf } from "../support/media-fixtures";
import { participantRenditionOf, remuxed, renditionOf } from "../support/remux";

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

/** The recordings' `offset`s: the audio's room timeline starts half a second after the video's. */
const VIDEO_OFFSET_MS = 0;
const AUDIO_OFFSET_MS = 500;

/** Both sources as FFmpeg reads them, the participant's file, and what FFmpeg reads of that. */
type Made = { videoSource: Probe; audioSource: Probe; out: RemuxedFile; written: Probe };
const made = new Map<"vp8" | "h264", Promise<Made>>();

/**
 * A participant's camera (its file starting at 5 s) and microphone (at 6 s): with the offsets,
 * audio begins 1.5 s after video. Made once, for every test that looks at it.
 */
const participantFile = (video: "vp8" | "h264"): Promise<Made> => {
  let once = made.get(video);
  if (once === undefined) {
    once = (async () => {
      const [camera, microphone] = await Promise.all([
        makeTrack(dir, `camera-${video}`, video, { start: 5 }),
        makeTrack(dir, `microphone-${video}`, "opus", { start: 6 }),
      ]);
      const [videoSource, audioSource, result] = await Promise.all([
        probe(camera.path),
        probe(microphone.path),
        mediabunnyRemuxer.participant(
          {
            rendition: participantRenditionOf({ audio: "opus", video }),
            audio: { media: { path: microphone.path }, offsetMs: AUDIO_OFFSET_MS },
            video: { media: { path: camera.path }, offsetMs: VIDEO_OFFSET_MS },
          },
          join(dir, `participant-${video}`),
        ),
      ]);
      const out = remuxed(result);
      return { videoSource, audioSource, out, written: await probe(out.path) };
    })();
    made.set(video, once);
  }
  return once;
};

describe.each([
  { case: "VP8 + Opus in WebM", video: "vp8", contentType: "video/webm" },
  { case: "H264 + Opus in MP4", video: "h264", contentType: "video/mp4" },
] as const)("mediabunnyRemuxer.participant: $case", ({ video, contentType }) => {
  let videoSource: Probe;
  let audioSource: Probe;
  let out: RemuxedFile;
  let written: Probe;

  beforeAll(async () => {
    ({ videoSource, audioSource, out, written } = await participantFile(video));
  });

  /** Where each source's first packet lies on the room's timeline, in seconds. */
  const starts = () => ({
    audio: (firstOf(audioSource, "audio")?.pts ?? Number.NaN) + AUDIO_OFFSET_MS / 1000,
    video: (firstOf(videoSource, "video")?.pts ?? Number.NaN) + VIDEO_OFFSET_MS / 1000,
  });

  it("holds one audio and one video track", () => {
    // Assess
    expect([...written.kinds].sort()).toEqual(["audio", "video"]);
    expect(out.contentType).toBe(contentType);
  });

  it("places audio and video apart by their start times and offsets", () => {
    // Prepare
    const { audio, video: camera } = starts();
    // Act
    const apart =
      (firstOf(written, "audio")?.pts ?? Number.NaN) - (firstOf(written, "video")?.pts ?? Number.NaN);
    // Assess
    expect(apart).toBeCloseTo(audio - camera, 1);
  });

  it("states a duration FFmpeg and Chromium read, within a second of both tracks' span", async () => {
    // Prepare
    const { audio, video: camera } = starts();
    const ends = [camera + spanOf(videoSource.packets), audio + spanOf(audioSource.packets)];
    const span = Math.max(...ends) - Math.min(audio, camera);
    // Act
    const playback = await player.play(out.path, contentType);
    // Assess
    expect(Math.abs(written.duration - span)).toBeLessThanOrEqual(1);
    expect(Math.abs(playback.duration - span)).toBeLessThanOrEqual(1);
    expect(Math.abs(playback.seekedAt - playback.seekTarget)).toBeLessThan(0.5);
  });

  it("decodes a frame and audio after a seek to its middle", async () => {
    // Act
    const decoded = await Promise.all([
      decodesAt(out.path, out.durationSeconds / 2, "video"),
      decodesAt(out.path, out.durationSeconds / 2, "audio"),
    ]);
    // Assess
    expect(decoded).toEqual([true, true]);
  });
});

describe("mediabunnyRemuxer.participant: Cues in WebM", () => {
  it("cues, for each track, only clusters that open with one of its keyframes", async () => {
    // Prepare
    const { out } = await participantFile("vp8");
    // Act
    const cues = cuedPositions(await readFile(out.path));
    // Assess
    expect(new Set(cues.map((cue) => cue.track)).size).toBe(2);
    expect(cues.filter((cue) => !cue.opensWithKeyframe)).toEqual([]);
  });
});

describe("mediabunnyRemuxer.track: keyframes more than 32 s apart", () => {
  let out: RemuxedFile;
  let bytes: Buffer;

  beforeAll(async () => {
    // A frozen camera: keyframes 40 s apart, longer than a WebM cluster can last (32.767 s).
    const track = await makeTrack(dir, "frozen", "vp8", { seconds: 45, keyframeEvery: 40, fps: 5 });
    const path = join(dir, "frozen");
    out = remuxed(
      await mediabunnyRemuxer.track({ media: { path: track.path }, rendition: renditionOf("vp8") }, path),
    );
    bytes = await readFile(out.path);
  });

  it("cues only the clusters that open with a keyframe, though some open without one", () => {
    // Act
    const cues = cuedPositions(bytes);
    // Assess: a cluster had to open on a delta frame; no cue points at it.
    expect(clustersOpeningWithoutKeyframe(bytes, 1)).toBeGreaterThan(0);
    expect(cues.map(({ time, opensWithKeyframe }) => ({ time, opensWithKeyframe }))).toEqual([
      { time: 0, opensWithKeyframe: true },
      { time: 40_000, opensWithKeyframe: true },
    ]);
  });

  it("seeks in Chromium between the keyframes", async () => {
    // Act
    const playback = await player.play(out.path, "video/webm");
    // Assess
    expect(playback.duration).toBeCloseTo(45, 0);
    expect(Math.abs(playback.seekedAt - playback.seekTarget)).toBeLessThan(0.5);
  });
});
