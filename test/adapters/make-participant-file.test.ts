import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  indexReport,
  makeParticipantFile,
  type TwilioRecording,
  timestampFromDate,
  toRecordingReport,
} from "@video-recordings/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aTwilioRecording } from "../fakes/retention-fakes";
import { aSid } from "../fixtures/callbacks";
import { decodesAt, makeTrack, probe, type TrackFixture } from "../support/media-fixtures";
import { aRenditionWorld } from "../support/rendition-world";

let dir: string;
let audio: TrackFixture;
let video: TrackFixture;
let pcmu: TrackFixture;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "participant-file-"));
  [audio, video, pcmu] = await Promise.all([
    makeTrack(dir, "audio", "opus", { seconds: 4, start: 3 }),
    makeTrack(dir, "video", "vp8", { seconds: 3, start: 4 }),
    makeTrack(dir, "pcmu", "pcmu", { seconds: 2, start: 3 }),
  ]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A room where Twilio serves each recording's fixture, counting its downloads. */
const aWorld = async () => {
  const media = new Map<string, string>();
  const world = await aRenditionWorld(dir, (sid) =>
    readFile(media.get(sid) ?? expect.fail(`no media for ${sid}`)),
  );
  const roomSid = aSid("RM");
  const participantSid = aSid("PA");
  const participant = { roomSid, participantSid };
  const seed = async (fixture: TrackFixture, overrides: Partial<TwilioRecording> = {}) => {
    const bytes = await readFile(fixture.path);
    const kind = fixture.codec === "vp8" || fixture.codec === "h264" ? "video" : "audio";
    const recording = aTwilioRecording({
      roomSid,
      participantSid,
      type: kind,
      codec: fixture.codec.toUpperCase(),
      containerFormat: kind === "video" ? "mkv" : "mka",
      size: bytes.byteLength,
      offset: 0,
      ...overrides,
    });
    media.set(recording.sid, fixture.path);
    await indexReport(world.recordings, toRecordingReport(recording, timestampFromDate(new Date())));
    return recording;
  };
  return { ...world, participant, seed };
};

describe("makeParticipantFile", () => {
  it("puts the participant's Opus and VP8 into one seekable WebM, each where its track began", async () => {
    // Prepare
    const world = await aWorld();
    const mic = await world.seed(audio);
    const camera = await world.seed(video);
    // Act
    const outcome = await makeParticipantFile(world.deps, world.participant);
    // Assess
    const { roomSid, participantSid } = world.participant;
    const key = `recordings/${roomSid}/${participantSid}.playable.webm`;
    expect(outcome).toMatchObject({ kind: "made", playable: { key, contentType: "video/webm" } });
    expect((await world.participantFiles.get(participantSid))?.state).toMatchObject({
      sources: [mic.sid, camera.sid],
      playable: { key, contentType: "video/webm" },
      unplayable: null,
    });
    const file = join(dir, `${participantSid}.webm`);
    await writeFile(file, world.archive.objects.get(key)?.bytes ?? expect.fail("no file stored"));
    const probed = await probe(file);
    expect(probed.kinds.sort()).toEqual(["audio", "video"]);
    // Audio from 3 s to 7 s, video from 4 s to 7 s: one file of 4 s whose video starts 1 s in.
    expect(probed.duration).toBeGreaterThan(3.5);
    expect(probed.duration).toBeLessThan(4.5);
    expect(await decodesAt(file, 2.5, "video")).toBe(true);
    expect(await readdir(world.workDir)).toEqual([]);
  });

  it("answers the file it made when asked again, downloading nothing", async () => {
    // Prepare
    const world = await aWorld();
    await world.seed(audio);
    await world.seed(video);
    const made = await makeParticipantFile(world.deps, world.participant);
    world.opened.length = 0;
    // Act
    const again = await makeParticipantFile(world.deps, world.participant);
    // Assess
    expect(again).toEqual({ kind: "exists", playable: made.kind === "made" ? made.playable : null });
    expect(world.opened).toEqual([]);
  });

  it("makes the file again once a longer track of the participant is indexed", async () => {
    // Prepare
    const world = await aWorld();
    await world.seed(audio, { duration: 4 });
    await world.seed(video, { duration: 1 });
    await makeParticipantFile(world.deps, world.participant);
    const longer = await world.seed(video, { duration: 3 });
    // Act
    const outcome = await makeParticipantFile(world.deps, world.participant);
    // Assess
    expect(outcome.kind).toBe("made");
    expect((await world.participantFiles.get(world.participant.participantSid))?.state.sources).toContain(
      longer.sid,
    );
  });

  it("records PCMU beside VP8 as unsupported without downloading either", async () => {
    // Prepare
    const world = await aWorld();
    await world.seed(pcmu);
    await world.seed(video);
    // Act
    const outcome = await makeParticipantFile(world.deps, world.participant);
    // Assess
    expect(outcome).toMatchObject({ kind: "unsupported", unsupported: { reason: "incompatible-codecs" } });
    expect(world.opened).toEqual([]);
    expect(world.archive.objects.size).toBe(0);
    expect(
      (await world.participantFiles.get(world.participant.participantSid))?.state.unplayable,
    ).toMatchObject({
      reason: "incompatible-codecs",
    });
  });

  it("answers not-ready while a track processes and gone when no media is left, storing nothing", async () => {
    // Prepare
    const processing = await aWorld();
    await processing.seed(audio);
    await processing.seed(video, { status: "processing", size: null });
    const gone = await aWorld();
    await gone.seed(audio, { status: "deleted" });
    // Act
    const outcomes = [
      await makeParticipantFile(processing.deps, processing.participant),
      await makeParticipantFile(gone.deps, gone.participant),
    ];
    // Assess
    expect(outcomes).toEqual([{ kind: "not-ready", status: "processing" }, { kind: "gone" }]);
    expect(processing.opened).toEqual([]);
  });
});
