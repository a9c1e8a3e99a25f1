import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { indexReport, makeRendition, timestampFromDate, toRecordingReport } from "@video-recordings/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aTwilioRecording } from "../fakes/retention-fakes";
import { makeTrack, probe, type TrackFixture } from "../support/media-fixtures";
import { aRenditionWorld } from "../support/rendition-world";

let dir: string;
let opus: TrackFixture;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "make-rendition-"));
  opus = await makeTrack(dir, "opus", "opus", { seconds: 3, start: 7 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A world where Twilio serves `media` for every completed recording, counting its downloads. */
const aWorld = async (media: () => Promise<Uint8Array>) => {
  const world = await aRenditionWorld(dir, media);
  const seed = async (overrides: Parameters<typeof aTwilioRecording>[0] = {}) => {
    const bytes = await media();
    const recording = aTwilioRecording({ codec: "OPUS", size: bytes.byteLength, ...overrides });
    await indexReport(world.recordings, toRecordingReport(recording, timestampFromDate(new Date())));
    return recording;
  };
  return { ...world, seed };
};

describe("makeRendition", () => {
  it("remuxes Twilio's media into a seekable WebM beside the copy's key and records it as playable", async () => {
    // Prepare
    const world = await aWorld(() => readFile(opus.path));
    const recording = await world.seed();
    // Act
    const outcome = await makeRendition(world.deps, recording.sid);
    // Assess
    const key = `recordings/${recording.roomSid}/${recording.sid}.playable.webm`;
    expect(outcome).toMatchObject({ kind: "made", playable: { key, contentType: "audio/webm" } });
    const stored = world.archive.objects.get(key) ?? expect.fail("no rendition stored");
    expect((await world.recordings.get(recording.sid))?.state.playable).toEqual({
      key,
      size: stored.bytes.byteLength,
      contentType: "audio/webm",
      createdAt: "2026-11-29T12:00:00.000000Z",
    });
    const file = join(dir, "made.webm");
    await writeFile(file, stored.bytes);
    const probed = await probe(file);
    expect(probed.duration).toBeGreaterThan(2);
    expect(probed.duration).toBeLessThan(4);
    expect(await readdir(world.workDir)).toEqual([]);
  });

  it("reads the archived copy rather than Twilio when there is one", async () => {
    // Prepare
    const world = await aWorld(() => readFile(opus.path));
    const recording = await world.seed();
    const bytes = await readFile(opus.path);
    const copyKey = `recordings/${recording.roomSid}/${recording.sid}.mka`;
    await world.archive.upload(
      copyKey,
      (async function* () {
        yield bytes;
      })(),
      { contentType: "audio/webm", expectedSize: bytes.byteLength },
    );
    const stored = (await world.recordings.get(recording.sid)) ?? expect.fail("not indexed");
    const archive = {
      bucket: "archive",
      key: copyKey,
      size: bytes.byteLength,
      archivedAt: "2026-11-01T00:00:00.000000Z",
    };
    await world.recordings.put({ ...stored.state, archive, status: "deleted" }, stored.version);
    // Act
    const outcome = await makeRendition(world.deps, recording.sid);
    // Assess
    expect(outcome.kind).toBe("made");
    expect(world.opened).toEqual([]);
  });

  it("makes one rendition however many times it is asked, and answers the one recorded", async () => {
    // Prepare
    const world = await aWorld(() => readFile(opus.path));
    const recording = await world.seed();
    // Act
    const [first, second] = await Promise.all([
      makeRendition(world.deps, recording.sid),
      makeRendition(world.deps, recording.sid),
    ]);
    const third = await makeRendition(world.deps, recording.sid);
    // Assess
    const kinds = [first.kind, second.kind].sort();
    expect(kinds).toEqual(["exists", "made"]);
    expect(third.kind).toBe("exists");
    expect(world.archive.objects.size).toBe(1);
    expect(world.opened).toHaveLength(2);
  });

  it("records corrupt media as unsupported, leaves the raw media alone, and does not try it again", async () => {
    // Prepare
    const world = await aWorld(async () => new Uint8Array(4_096).fill(3));
    const recording = await world.seed();
    // Act
    const outcome = await makeRendition(world.deps, recording.sid);
    const again = await makeRendition(world.deps, recording.sid);
    // Assess
    expect(outcome).toMatchObject({ kind: "unsupported", unsupported: { reason: "corrupt" } });
    expect(again).toEqual(outcome);
    expect(world.opened).toHaveLength(1);
    expect(world.archive.objects.size).toBe(0);
    expect((await world.recordings.get(recording.sid))?.state).toMatchObject({
      playable: null,
      unplayable: { reason: "corrupt" },
      status: "completed",
    });
  });

  it("answers unsupported without downloading anything for a codec no rendition carries", async () => {
    // Prepare
    const world = await aWorld(() => readFile(opus.path));
    const recording = await world.seed({ codec: "G722" });
    // Act
    const outcome = await makeRendition(world.deps, recording.sid);
    // Assess
    expect(outcome).toMatchObject({ kind: "unsupported", unsupported: { reason: "unknown-codec" } });
    expect(world.opened).toEqual([]);
  });

  it("answers gone for a recording deleted without a copy, and not-ready for one still processing", async () => {
    // Prepare
    const world = await aWorld(() => readFile(opus.path));
    const deleted = await world.seed({ status: "deleted" });
    const processing = await world.seed({ status: "processing", size: null });
    // Act
    const outcomes = [
      await makeRendition(world.deps, deleted.sid),
      await makeRendition(world.deps, processing.sid),
      await makeRendition(world.deps, `RT${"0".repeat(32)}`),
    ];
    // Assess
    expect(outcomes).toEqual([
      { kind: "gone" },
      { kind: "not-ready", status: "processing" },
      { kind: "gone" },
    ]);
  });

  it("throws when Twilio cannot serve the media, so that the job is tried again", async () => {
    // Prepare
    const world = await aWorld(() => readFile(opus.path));
    const recording = await world.seed();
    world.failWith({ kind: "unavailable", status: 503, message: "503" });
    // Act & Assess
    await expect(makeRendition(world.deps, recording.sid)).rejects.toThrow(/unavailable/);
    expect((await world.recordings.get(recording.sid))?.state.unplayable).toBeNull();
  });
});
