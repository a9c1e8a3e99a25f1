import {
  err,
  indexReport,
  issueMediaLink,
  issueParticipantMediaLink,
  type MediaLinkAnswer,
  type MediaLinkRejection,
  type Playable,
  type Result,
  type TwilioRecording,
  timestampFromDate,
  toRecordingReport,
} from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";
import {
  InMemoryJobQueue,
  InMemoryParticipantFileStore,
  InMemoryRecordingStore,
} from "../fakes/in-memory-stores";
import { aTwilioRecording } from "../fakes/retention-fakes";
import { aSid } from "../fixtures/callbacks";

const NOW = new Date("2026-11-29T12:00:00.400Z");
const HOUR_MS = 3_600_000;

const aWorld = () => {
  let now = NOW.getTime();
  const store = new InMemoryRecordingStore();
  const participantFiles = new InMemoryParticipantFileStore();
  const archive = new InMemoryArchiveStore({ now: () => now });
  const jobs = new InMemoryJobQueue();
  const clock = () => new Date(now);
  const twilio = {
    fetchRecording: async () => err({ kind: "not-found" as const, message: "20404" }),
    mediaLink: async () =>
      err({ kind: "unavailable" as const, status: null, message: "not asked in these tests" }),
  };
  const recordingDeps = { store, twilio, archive, jobs, clock, budgetMs: 5_000 };
  const participantDeps = { recordings: store, participantFiles, archive, jobs, clock };
  const seed = async (overrides: Partial<TwilioRecording> = {}) => {
    const recording = aTwilioRecording({ dateCreated: "2026-11-29T10:00:00.000000Z", ...overrides });
    await indexReport(store, toRecordingReport(recording, "2026-11-29T11:00:00.000000Z"));
    return recording;
  };
  const edit = (sid: string, change: (state: NonNullable<ReturnType<typeof indexed>>) => void) => {
    const stored = store.recordings.get(sid);
    if (!stored) throw new Error(`${sid} not indexed`);
    change(stored.state);
  };
  const indexed = (sid: string) => store.recordings.get(sid)?.state;
  const storeRendition = async (key: string, contentType: string): Promise<Playable> => {
    await archive.upload(
      key,
      (async function* () {
        yield new Uint8Array(10);
      })(),
      { contentType, expectedSize: 10 },
    );
    return { key, size: 10, contentType, createdAt: timestampFromDate(clock()) };
  };
  const playableLink = (recordingSid: string) =>
    issueMediaLink(recordingDeps, { recordingSid, format: "playable", ttl: "60" });
  const participantLink = (roomSid: string, participantSid: string) =>
    issueParticipantMediaLink(participantDeps, { roomSid, participantSid, ttl: "60" });
  return {
    store,
    participantFiles,
    archive,
    jobs,
    seed,
    edit,
    indexed,
    storeRendition,
    playableLink,
    participantLink,
    advance: (ms: number) => (now += ms),
  };
};

const PREPARING = { ok: true, value: { kind: "preparing", retryAfterSeconds: 5 } };

const rejection = (result: Result<MediaLinkAnswer, MediaLinkRejection>) =>
  result.ok ? undefined : result.error;

describe("a recording's playable link", () => {
  it("links to its stored rendition in the archive, named and typed as the rendition", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ codec: "VP8", type: "video", containerFormat: "mkv" });
    const playable = await world.storeRendition(`recordings/x/${recording.sid}.playable.webm`, "video/webm");
    world.edit(recording.sid, (state) => {
      state.playable = playable;
    });
    // Act
    const result = await world.playableLink(recording.sid);
    // Assess
    expect(result).toMatchObject({
      ok: true,
      value: {
        source: "archive",
        format: "playable",
        contentType: "video/webm",
        ttl: 60,
        expiresAt: "2026-11-29T12:01:00.000Z",
      },
    });
    const url = new URL(result.ok && "url" in result.value ? result.value.url : "");
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(playable.key);
    expect(url.searchParams.get("disposition")).toBe(`attachment; filename="${recording.sid}.playable.webm"`);
    expect(world.jobs.jobs).toEqual([]);
  });

  it("queues one rendition job and asks the caller to come back, however often it asks", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed();
    // Act
    const answers = await Promise.all([1, 2, 3].map(() => world.playableLink(recording.sid)));
    world.advance(HOUR_MS - 1_000);
    const later = await world.playableLink(recording.sid);
    // Assess
    expect(answers).toEqual([PREPARING, PREPARING, PREPARING]);
    expect(later).toEqual(PREPARING);
    expect(world.jobs.jobs).toEqual([{ kind: "rendition", recordingSid: recording.sid }]);
  });

  it("queues the job again once an hour has passed without a rendition: the first died", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed();
    await world.playableLink(recording.sid);
    world.advance(HOUR_MS + 1_000);
    // Act
    const again = await world.playableLink(recording.sid);
    // Assess
    expect(again).toEqual(PREPARING);
    expect(world.jobs.jobs).toHaveLength(2);
  });

  it("makes the rendition of a deleted recording from its archived copy", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed();
    world.edit(recording.sid, (state) => {
      state.status = "deleted";
      state.archive = { bucket: "b", key: "recordings/x/y.mka", size: 4_000, archivedAt: state.dateCreated };
    });
    // Act
    const result = await world.playableLink(recording.sid);
    // Assess
    expect(result).toEqual(PREPARING);
    expect(world.jobs.jobs).toHaveLength(1);
  });

  it("answers queue-unavailable when the queue refuses the job, and queues it on the next request", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed();
    world.jobs.failing = true;
    // Act
    const refused = await world.playableLink(recording.sid);
    world.jobs.failing = false;
    const next = await world.playableLink(recording.sid);
    // Assess
    expect(rejection(refused)).toEqual({ kind: "queue-unavailable" });
    expect(next).toEqual(PREPARING);
    expect(world.jobs.jobs).toHaveLength(1);
  });

  it.each([
    { status: "processing", expected: { kind: "not-ready", resource: "recording", status: "processing" } },
    { status: "failed", expected: { kind: "not-ready", resource: "recording", status: "failed" } },
    { status: "deleted", expected: { kind: "gone" } },
  ] as const)(
    "refuses a $status recording without an archived copy and queues nothing",
    async ({ status, expected }) => {
      // Prepare
      const world = aWorld();
      const recording = await world.seed();
      world.edit(recording.sid, (state) => {
        state.status = status;
      });
      // Act
      const result = await world.playableLink(recording.sid);
      // Assess
      expect(rejection(result)).toMatchObject(expected);
      expect(world.jobs.jobs).toEqual([]);
    },
  );

  it("refuses media a job found unplayable, saying why, without queueing it again", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed();
    const unplayable = { kind: "unsupported-media", reason: "corrupt", detail: "not Matroska" } as const;
    world.edit(recording.sid, (state) => {
      state.unplayable = unplayable;
    });
    // Act
    const result = await world.playableLink(recording.sid);
    // Assess
    expect(rejection(result)).toEqual(unplayable);
    expect(world.jobs.jobs).toEqual([]);
  });

  it("refuses a codec no rendition carries before queueing anything", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ codec: "G722" });
    // Act
    const result = await world.playableLink(recording.sid);
    // Assess
    expect(rejection(result)).toMatchObject({ kind: "unsupported-media", reason: "unknown-codec" });
    expect(world.jobs.jobs).toEqual([]);
  });

  it("answers an unknown recording as not found", async () => {
    // Act
    const result = await aWorld().playableLink(aSid("RT"));
    // Assess
    expect(rejection(result)).toMatchObject({ kind: "not-found", resource: "recording" });
  });
});

describe("a participant's media link", () => {
  const aParticipant = async (
    world: ReturnType<typeof aWorld>,
    tracks: Partial<TwilioRecording>[] = [
      { type: "audio", codec: "OPUS", containerFormat: "mka" },
      { type: "video", codec: "VP8", containerFormat: "mkv" },
    ],
  ) => {
    const roomSid = aSid("RM");
    const participantSid = aSid("PA");
    const recordings = [];
    for (const track of tracks) recordings.push(await world.seed({ roomSid, participantSid, ...track }));
    return { roomSid, participantSid, recordings };
  };

  it("queues one job for the participant's file and asks the caller to come back", async () => {
    // Prepare
    const world = aWorld();
    const { roomSid, participantSid } = await aParticipant(world);
    await world.seed({ roomSid, participantSid: aSid("PA") });
    // Act
    const answers = await Promise.all([1, 2].map(() => world.participantLink(roomSid, participantSid)));
    // Assess
    expect(answers).toEqual([PREPARING, PREPARING]);
    expect(world.jobs.jobs).toEqual([{ kind: "participant-file", roomSid, participantSid }]);
  });

  it("links to the file once it is made of the participant's recordings and stored", async () => {
    // Prepare
    const world = aWorld();
    const { roomSid, participantSid, recordings } = await aParticipant(world);
    const key = `recordings/${roomSid}/${participantSid}.playable.webm`;
    const playable = await world.storeRendition(key, "video/webm");
    await world.participantFiles.put(
      {
        roomSid,
        participantSid,
        sources: recordings.map((recording) => recording.sid),
        playable,
        unplayable: null,
        queuedAt: null,
      },
      undefined,
    );
    // Act
    const result = await world.participantLink(roomSid, participantSid);
    // Assess
    expect(result).toMatchObject({
      ok: true,
      value: { source: "archive", format: "playable", contentType: "video/webm", ttl: 60 },
    });
    const url = new URL(result.ok && "url" in result.value ? result.value.url : "");
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(key);
    expect(world.jobs.jobs).toEqual([]);
  });

  it("makes the file again when the recorded one was made of other recordings", async () => {
    // Prepare
    const world = aWorld();
    const { roomSid, participantSid, recordings } = await aParticipant(world);
    const key = `recordings/${roomSid}/${participantSid}.playable.webm`;
    const playable = await world.storeRendition(key, "video/webm");
    await world.participantFiles.put(
      { roomSid, participantSid, sources: [aSid("RT")], playable, unplayable: null, queuedAt: null },
      undefined,
    );
    // Act
    const result = await world.participantLink(roomSid, participantSid);
    // Assess
    expect(result).toEqual(PREPARING);
    expect(world.jobs.jobs).toHaveLength(1);
    expect((await world.participantFiles.get(participantSid))?.state).toMatchObject({
      sources: recordings.map((recording) => recording.sid),
      playable: null,
    });
  });

  it("takes the longest track of each kind and leaves data tracks out", async () => {
    // Prepare
    const world = aWorld();
    const { roomSid, participantSid, recordings } = await aParticipant(world, [
      { type: "audio", codec: "OPUS", duration: 30 },
      { type: "video", codec: "VP8", duration: 20 },
      { type: "audio", codec: "OPUS", duration: 90 },
      { type: "video", codec: "VP8", duration: 10 },
      { type: "data", codec: null, duration: 100 },
    ]);
    // Act
    await world.participantLink(roomSid, participantSid);
    // Assess
    const [, video, audio] = recordings;
    expect((await world.participantFiles.get(participantSid))?.state.sources).toEqual([
      audio?.sid,
      video?.sid,
    ]);
  });

  it("refuses PCMU audio beside video: no container carries both without re-encoding", async () => {
    // Prepare
    const world = aWorld();
    const { roomSid, participantSid } = await aParticipant(world, [
      { type: "audio", codec: "PCMU" },
      { type: "video", codec: "VP8" },
    ]);
    // Act
    const result = await world.participantLink(roomSid, participantSid);
    // Assess
    expect(rejection(result)).toMatchObject({ kind: "unsupported-media", reason: "incompatible-codecs" });
    expect(world.jobs.jobs).toEqual([]);
  });

  it("waits while any of the participant's tracks is processing", async () => {
    // Prepare
    const world = aWorld();
    const { roomSid, participantSid, recordings } = await aParticipant(world);
    world.edit(recordings[1]?.sid ?? "", (state) => {
      state.status = "processing";
    });
    // Act
    const result = await world.participantLink(roomSid, participantSid);
    // Assess
    expect(rejection(result)).toEqual({ kind: "not-ready", resource: "participant", status: "processing" });
  });

  it("answers gone when no track's media exists anywhere, and not found for a participant without recordings", async () => {
    // Prepare
    const world = aWorld();
    const { roomSid, participantSid, recordings } = await aParticipant(world);
    for (const recording of recordings)
      world.edit(recording.sid, (state) => {
        state.status = "deleted";
      });
    // Act
    const gone = await world.participantLink(roomSid, participantSid);
    const unknown = await world.participantLink(roomSid, aSid("PA"));
    // Assess
    expect(rejection(gone)).toEqual({ kind: "gone", sid: participantSid });
    expect(rejection(unknown)).toMatchObject({ kind: "not-found", resource: "participant" });
  });

  it("names a bad SID by its parameter", async () => {
    // Act
    const result = await aWorld().participantLink(aSid("RM"), aSid("RT"));
    // Assess
    expect(rejection(result)).toMatchObject({ kind: "invalid-parameter", parameter: "participantSid" });
  });
});
