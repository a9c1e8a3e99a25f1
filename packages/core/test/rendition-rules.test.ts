import { describe, expect, it } from "vitest";
import { NO_FACTS, type RecordingState } from "../src/recordings/recording";
import {
  forgetParticipantFile,
  noParticipantFile,
  type ParticipantFile,
} from "../src/renditions/participant-file";
import { participantTracks, sameSources } from "../src/renditions/participant-tracks";
import { playableSpanOf } from "../src/renditions/playable";
import { queuedRecently, REQUEUE_AFTER_SECONDS } from "../src/renditions/queue-once";
import { participantFileKeys, participantRenditionKey } from "../src/renditions/rendition-key";
import { verifyRendition } from "../src/renditions/verification";
import { addSeconds } from "../src/timestamps";

const ROOM = "RM5b9970c25fb6f31a7da94fe683be0957";
const PARTICIPANT = "PAec462533b0a659b7eb122a7ff9e2312e";
let next = 0;

const aTrack = (overrides: Partial<RecordingState>): RecordingState => ({
  ...NO_FACTS,
  sid: `RT${String(++next).padStart(32, "0")}`,
  status: "completed",
  statusAt: "2026-11-29T10:00:00.000000Z",
  dateCreated: "2026-11-29T10:00:00.000000Z",
  dateCreatedBasis: "twilio",
  completedAt: null,
  deletedAt: null,
  archive: null,
  roomSid: ROOM,
  participantSid: PARTICIPANT,
  ...overrides,
});

const ARCHIVE = {
  bucket: "b",
  key: "recordings/RM/RT.mka",
  size: 1,
  archivedAt: "2026-11-29T11:00:00.000000Z",
};

describe("participantTracks", () => {
  it("waits for a processing audio or video track, but not for a processing data track", () => {
    // Act
    const video = participantTracks([
      aTrack({ type: "audio" }),
      aTrack({ type: "video", status: "processing" }),
    ]);
    const data = participantTracks([
      aTrack({ type: "audio" }),
      aTrack({ type: "data", status: "processing" }),
    ]);
    // Assess
    expect(video).toEqual({ ok: false, error: { kind: "not-ready", status: "processing" } });
    expect(data.ok).toBe(true);
  });

  it("answers failed when a track failed and the others have no media, gone when none failed", () => {
    // Act
    const failed = participantTracks([
      aTrack({ type: "audio", status: "failed" }),
      aTrack({ status: "deleted", type: "video" }),
    ]);
    const gone = participantTracks([aTrack({ type: "audio", status: "deleted" })]);
    // Assess
    expect(failed).toEqual({ ok: false, error: { kind: "not-ready", status: "failed" } });
    expect(gone).toEqual({ ok: false, error: { kind: "gone" } });
  });

  it("takes a deleted track that was archived, and tells kinds by codec when the type is unknown", () => {
    // Prepare
    const archived = aTrack({ type: null, codec: "OPUS", status: "deleted", archive: ARCHIVE });
    const video = aTrack({ type: null, codec: "vp8" });
    const unknown = aTrack({ type: null, codec: "G722", duration: 99 });
    // Act
    const chosen = participantTracks([archived, video, unknown]);
    // Assess
    expect(chosen).toEqual({
      ok: true,
      value: { audio: archived, video, sources: [archived.sid, video.sid] },
    });
  });

  it("keeps the earlier of two tracks of one kind that last as long", () => {
    // Prepare
    const first = aTrack({ type: "audio", duration: 30 });
    const second = aTrack({ type: "audio", duration: 30 });
    // Act
    const chosen = participantTracks([first, second]);
    // Assess
    expect(chosen.ok && chosen.value.sources).toEqual([first.sid]);
  });
});

describe("sameSources", () => {
  it("holds for the same recordings in the same order alone", () => {
    // Act & Assess
    expect(sameSources(["a", "b"], { sources: ["a", "b"] })).toBe(true);
    expect(sameSources(["a"], { sources: ["a", "b"] })).toBe(false);
    expect(sameSources(["a", "b"], { sources: ["a"] })).toBe(false);
    expect(sameSources(["a", "c"], { sources: ["a", "b"] })).toBe(false);
    expect(sameSources(["b", "a"], { sources: ["a", "b"] })).toBe(false);
  });
});

describe("playableSpanOf", () => {
  it("keeps milliseconds, rounded, and never a start before zero", () => {
    // Act & Assess
    expect(playableSpanOf({ sourceStartSeconds: 1.2345, durationSeconds: 6.0004 })).toEqual({
      startMs: 1235,
      durationMs: 6000,
    });
    expect(playableSpanOf({ sourceStartSeconds: -0.004, durationSeconds: 1 })).toEqual({
      startMs: 0,
      durationMs: 1000,
    });
  });
});

describe("participant file keys", () => {
  it("names one key per container for a recording of a valid room and participant, none otherwise", () => {
    // Act & Assess
    expect(participantFileKeys({ roomSid: ROOM, participantSid: PARTICIPANT })).toEqual([
      `recordings/${ROOM}/${PARTICIPANT}.playable.webm`,
      `recordings/${ROOM}/${PARTICIPANT}.playable.mp4`,
      `recordings/${ROOM}/${PARTICIPANT}.playable.wav`,
    ]);
    expect(participantFileKeys({ roomSid: null, participantSid: PARTICIPANT })).toEqual([]);
    expect(participantFileKeys({ roomSid: ROOM, participantSid: null })).toEqual([]);
    expect(participantFileKeys({ roomSid: "RM1", participantSid: PARTICIPANT })).toEqual([]);
    expect(participantFileKeys({ roomSid: ROOM, participantSid: "PA1" })).toEqual([]);
  });

  it("refuses a key for what is not a room or a participant, naming it", () => {
    // Act & Assess
    expect(() => participantRenditionKey("RM1", PARTICIPANT, "webm")).toThrow("not a room SID: RM1");
    expect(() => participantRenditionKey(ROOM, "PA1", "webm")).toThrow("not a participant SID: PA1");
  });
});

describe("verifyRendition", () => {
  it("accepts a duration exactly a second off its source, and says what failed otherwise", () => {
    // Act
    const edge = verifyRendition(10, { container: "webm", durationSeconds: 11, cuePoints: 1, size: 1 });
    const off = verifyRendition(10, { container: "webm", durationSeconds: 11.5, cuePoints: 1, size: 1 });
    const none = verifyRendition(10, { container: "webm", durationSeconds: null, cuePoints: 1, size: 1 });
    const uncued = verifyRendition(10, { container: "webm", durationSeconds: 10, cuePoints: 0, size: 1 });
    const empty = verifyRendition(10, { container: "wav", durationSeconds: 10, cuePoints: 0, size: 0 });
    // Assess
    expect(edge.ok).toBe(true);
    expect(off).toEqual({
      ok: false,
      error: {
        kind: "rendition-unverified",
        reason: "duration",
        detail: "the rendition lasts 11.500 s where its source spans 10.000 s",
      },
    });
    expect(none).toMatchObject({
      error: { reason: "duration", detail: "the rendition states no finite duration" },
    });
    expect(uncued).toMatchObject({ error: { reason: "cues", detail: "the WebM has no Cues to seek with" } });
    expect(empty).toMatchObject({ error: { reason: "size", detail: "the rendition is empty" } });
  });
});

describe("queuedRecently", () => {
  it("holds until exactly the hour has passed", () => {
    // Prepare
    const at = "2026-11-29T12:00:00.000000Z";
    // Act & Assess
    expect(queuedRecently(at, addSeconds(at, REQUEUE_AFTER_SECONDS - 1))).toBe(true);
    expect(queuedRecently(at, addSeconds(at, REQUEUE_AFTER_SECONDS))).toBe(false);
    expect(queuedRecently(null, at)).toBe(false);
  });
});

describe("forgetParticipantFile", () => {
  const store = (file?: ParticipantFile) => {
    const files = new Map(file ? [[file.participantSid, { state: file, version: 1 }]] : []);
    return {
      files,
      get: async (sid: string) => files.get(sid),
      put: async (state: ParticipantFile, expected: number | undefined) => {
        if (files.get(state.participantSid)?.version !== expected) return "conflict" as const;
        files.set(state.participantSid, { state, version: (expected ?? 0) + 1 });
        return "written" as const;
      },
    };
  };

  it("starts afresh a file recorded from sources, made or not, and leaves a fresh one and none alone", async () => {
    // Prepare
    const queued = store({
      ...noParticipantFile(ROOM, PARTICIPANT),
      sources: ["RT1"],
      queuedAt: "2026-11-29T12:00:00.000000Z",
    });
    const fresh = store(noParticipantFile(ROOM, PARTICIPANT));
    const none = store();
    // Act
    await Promise.all([queued, fresh, none].map((files) => forgetParticipantFile(files, PARTICIPANT)));
    // Assess
    expect(queued.files.get(PARTICIPANT)).toEqual({
      state: noParticipantFile(ROOM, PARTICIPANT),
      version: 2,
    });
    expect(fresh.files.get(PARTICIPANT)?.version).toBe(1);
    expect(none.files.size).toBe(0);
  });
});
