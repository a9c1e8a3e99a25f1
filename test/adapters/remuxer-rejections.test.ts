import { createReadStream, existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { MediaSourceError, type RenditionCodec } from "@video-recordings/core";
import { mediabunnyRemuxer } from "@video-recordings/core/renditions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterTimestampAt } from "../support/matroska";
import { ffmpeg, makeTrack, type TrackFixture } from "../support/media-fixtures";
import { participantRenditionOf, remuxed, renditionOf } from "../support/remux";

let dir: string;
let vp8: TrackFixture;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "renditions-"));
  vp8 = await makeTrack(dir, "camera", "vp8");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The file's bytes as a download delivers them: a web stream, read once. */
const streamOf = (path: string): ReadableStream<Uint8Array> =>
  Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;

/** Fixtures of media no rendition can be made from, each with the codec its recording claims. */
const BAD_MEDIA: Record<string, () => Promise<{ path: string; codec: RenditionCodec }>> = {
  "bytes that are not Matroska": async () => {
    const path = join(dir, "noise.mka");
    await writeFile(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    return { path, codec: "opus" };
  },
  "Matroska cut off inside its header": async () => {
    const path = join(dir, "cut.mkv");
    await writeFile(path, (await readFile(vp8.path)).subarray(0, 120));
    return { path, codec: "vp8" };
  },
  "a codec no rendition carries as it is (FLAC)": async () => {
    const path = join(dir, "flac.mka");
    await ffmpeg([
      "-y",
      "-f",
      "lavfi",
      "-i",
      "sine=sample_rate=8000",
      "-t",
      "1",
      "-c:a",
      "flac",
      "-live",
      "1",
      path,
    ]);
    return { path, codec: "opus" };
  },
  "another codec than the recording says": async () => ({ path: vp8.path, codec: "h264" }),
  "timestamps going backwards": async () => {
    // The third cluster moved to the file's time 0, before the second.
    const bytes = await readFile(vp8.path);
    const { at, length } = clusterTimestampAt(bytes, 2);
    bytes.fill(0, at, at + length);
    const path = join(dir, "backwards.mkv");
    await writeFile(path, bytes);
    return { path, codec: "vp8" };
  },
};

describe("mediabunnyRemuxer.track: media it cannot remux", () => {
  it.each([
    { case: "bytes that are not Matroska", reason: "corrupt" },
    { case: "Matroska cut off inside its header", reason: "corrupt" },
    { case: "a codec no rendition carries as it is (FLAC)", reason: "unknown-codec" },
    { case: "another codec than the recording says", reason: "codec-mismatch" },
    { case: "timestamps going backwards", reason: "timestamps-backwards" },
  ])("answers unsupported-media ($reason) for $case, and leaves no file", async ({ case: name, reason }) => {
    // Prepare
    const bad = await BAD_MEDIA[name]?.();
    if (bad === undefined) throw new Error(`no fixture for ${name}`);
    const path = join(dir, `${reason}.out`);
    // Act
    const result = await mediabunnyRemuxer.track(
      { media: { path: bad.path }, rendition: renditionOf(bad.codec) },
      path,
    );
    // Assess
    expect(result).toEqual({
      ok: false,
      error: { kind: "unsupported-media", reason, detail: expect.any(String) },
    });
    expect(existsSync(path)).toBe(false);
  });

  it("names the codec it found when it is not the one the recording says", async () => {
    // Act
    const result = await mediabunnyRemuxer.track(
      { media: { path: vp8.path }, rendition: renditionOf("h264") },
      join(dir, "mismatch.out"),
    );
    // Assess
    expect(result).toMatchObject({ ok: false, error: { detail: expect.stringMatching(/vp8.*h264/) } });
  });

  it("answers unsupported-media for a participant whose video file holds no video", async () => {
    // Prepare
    const microphone = await makeTrack(dir, "microphone", "opus");
    const path = join(dir, "no-video.out");
    // Act
    const result = await mediabunnyRemuxer.participant(
      {
        rendition: participantRenditionOf({ audio: "opus", video: "vp8" }),
        audio: { media: { path: microphone.path }, offsetMs: 0 },
        video: { media: { path: microphone.path }, offsetMs: 0 },
      },
      path,
    );
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "unsupported-media", reason: "no-media" } });
    expect(existsSync(path)).toBe(false);
  });
});

describe("mediabunnyRemuxer.track: media read as a stream", () => {
  it("remuxes media as it arrives, as from a download", async () => {
    // Prepare
    const { size } = await stat(vp8.path);
    const media = { stream: streamOf(vp8.path), size };
    // Act
    const out = remuxed(
      await mediabunnyRemuxer.track({ media, rendition: renditionOf("vp8") }, join(dir, "streamed")),
    );
    // Assess
    expect(out).toMatchObject({ container: "webm", contentType: "video/webm" });
    expect(out.durationSeconds).toBeCloseTo(4, 0);
  });

  it("throws, and leaves no file, when the download breaks off", async () => {
    // Prepare
    const bytes = await readFile(vp8.path);
    const breaking = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, bytes.length / 2));
        controller.error(new Error("connection reset"));
      },
    });
    const path = join(dir, "broken");
    // Act
    const remuxing = mediabunnyRemuxer.track(
      { media: { stream: breaking }, rendition: renditionOf("vp8") },
      path,
    );
    // Assess
    await expect(remuxing).rejects.toThrow(MediaSourceError);
    expect(existsSync(path)).toBe(false);
  });

  it("throws when the download ends short of the size the recording has", async () => {
    // Prepare
    const { size } = await stat(vp8.path);
    const media = { stream: streamOf(vp8.path), size: size + 1000 };
    // Act
    const remuxing = mediabunnyRemuxer.track({ media, rendition: renditionOf("vp8") }, join(dir, "short"));
    // Assess
    await expect(remuxing).rejects.toThrow(/ended after/);
  });
});
