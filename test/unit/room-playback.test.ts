import {
  indexReport,
  readRoomPlayback,
  readSharedPlayback,
  shareRoom,
  type TwilioRecording,
  toRecordingReport,
} from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";
import { InMemoryJobQueue, InMemoryRecordingStore } from "../fakes/in-memory-stores";
import { aTwilioRecording } from "../fakes/retention-fakes";
import { aSid } from "../fixtures/callbacks";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const KEY = "a-share-signing-key-of-32-bytes!";

const aRoom = () => {
  let now = NOW.getTime();
  const roomSid = aSid("RM");
  const recordings = new InMemoryRecordingStore();
  const archive = new InMemoryArchiveStore({ now: () => now });
  const jobs = new InMemoryJobQueue();
  const clock = () => new Date(now);
  const deps = { recordings, archive, jobs, clock, signingKey: KEY, baseUrl: "https://api.example.com/" };
  /** A track of the room; `rendition` places its rendition (first timestamp, duration) when made. */
  const track = async (
    overrides: Partial<TwilioRecording>,
    rendition?: { startMs: number; durationMs: number; contentType: string },
  ) => {
    const recording = aTwilioRecording({ roomSid, dateCreated: "2026-11-29T10:00:00.000000Z", ...overrides });
    await indexReport(recordings, toRecordingReport(recording, "2026-11-29T11:00:00.000000Z"));
    const stored = recordings.recordings.get(recording.sid);
    if (rendition && stored) {
      const { startMs, durationMs, contentType } = rendition;
      const key = `recordings/${roomSid}/${recording.sid}.playable.webm`;
      stored.state.playable = { key, size: 10, contentType, createdAt: "2026-11-29T11:30:00.000000Z" };
      stored.state.playableSpan = { startMs, durationMs };
    }
    return recording;
  };
  return { roomSid, deps, jobs, track, advance: (ms: number) => (now += ms) };
};

const shareQuery = (url: string) => {
  const parsed = new URL(url);
  return {
    roomSid: parsed.pathname.split("/").at(-1) ?? "",
    expires: parsed.searchParams.get("expires") ?? undefined,
    signature: parsed.searchParams.get("signature") ?? undefined,
  };
};

describe("a room's playback", () => {
  it("places every track on the room's timeline by its offset and its media's first timestamp", async () => {
    // Prepare
    const room = aRoom();
    const alice = aSid("PA");
    const mic = await room.track(
      { participantSid: alice, type: "audio", codec: "OPUS", offset: 10_000 },
      { startMs: 1_200, durationMs: 30_000, contentType: "audio/webm" },
    );
    const camera = await room.track(
      { participantSid: alice, type: "video", codec: "VP8", offset: 10_000 },
      { startMs: 1_500, durationMs: 29_000, contentType: "video/webm" },
    );
    const late = await room.track(
      { type: "audio", codec: "OPUS", offset: 14_000 },
      { startMs: 800, durationMs: 40_000, contentType: "audio/webm" },
    );
    // Act
    const playback = await readRoomPlayback(room.deps, { roomSid: room.roomSid, ttl: "120" });
    // Assess
    expect(playback.ok).toBe(true);
    const value = playback.ok ? playback.value : expect.fail("refused");
    expect(
      value.tracks.map((track) => [track.recordingSid, track.type, track.startMs, track.durationMs]),
    ).toEqual([
      [mic.sid, "audio", 0, 30_000],
      [camera.sid, "video", 300, 29_000],
      [late.sid, "audio", 3_600, 40_000],
    ]);
    expect(value).toMatchObject({ roomSid: room.roomSid, durationMs: 43_600, pending: [] });
    expect(value.expiresAt).toBe("2026-11-29T12:02:00.000Z");
    expect(value.tracks[1]).toMatchObject({ participantSid: alice, contentType: "video/webm" });
    expect(new URL(value.tracks[1]?.url ?? "").searchParams.get("disposition")).toMatch(/^inline/);
  });

  it("lists tracks without a rendition as pending, queueing one job each however often it is read", async () => {
    // Prepare
    const room = aRoom();
    const ready = await room.track(
      { codec: "OPUS" },
      { startMs: 0, durationMs: 1_000, contentType: "audio/webm" },
    );
    const waiting = await room.track({ codec: "VP8", type: "video" });
    const recording = await room.track({ codec: "OPUS", status: "processing", size: null });
    await room.track({ codec: "OPUS", status: "failed" });
    await room.track({ codec: "OPUS", status: "deleted" });
    await room.track({ type: "data", codec: null });
    await room.track({ codec: "G722" });
    // Act
    await readRoomPlayback(room.deps, { roomSid: room.roomSid });
    const playback = await readRoomPlayback(room.deps, { roomSid: room.roomSid });
    // Assess
    expect(playback.ok && [...playback.value.pending].sort()).toEqual([waiting.sid, recording.sid].sort());
    expect(playback.ok && playback.value.tracks.map((track) => track.recordingSid)).toEqual([ready.sid]);
    expect(room.jobs.jobs).toEqual([{ kind: "rendition", recordingSid: waiting.sid }]);
  });

  it("queues the rendition of each of a large room's tracks once, and refuses while the queue is down", async () => {
    // Prepare
    const room = aRoom();
    const tracks = await Promise.all(
      Array.from({ length: 30 }, () => room.track({ codec: "VP8", type: "video" })),
    );
    room.jobs.failing = true;
    // Act
    const refused = await readRoomPlayback(room.deps, { roomSid: room.roomSid });
    room.jobs.failing = false;
    const playback = await readRoomPlayback(room.deps, { roomSid: room.roomSid });
    // Assess
    expect(refused).toEqual({ ok: false, error: { kind: "queue-unavailable" } });
    expect(playback.ok && playback.value.pending).toHaveLength(30);
    expect(room.jobs.jobs.map((job) => (job.kind === "rendition" ? job.recordingSid : "")).sort()).toEqual(
      tracks.map((track) => track.sid).sort(),
    );
  });

  it("reads every track of a room larger than a page, names it, and falls back on Twilio's duration", async () => {
    // Prepare
    const room = aRoom();
    const first = await room.track({
      codec: "OPUS",
      duration: 7,
      dateCreated: "2026-11-29T09:00:00.000000Z",
    });
    const rest = [];
    for (let i = 0; i < 150; i++) rest.push(room.track({ codec: "OPUS", duration: 1 }));
    await Promise.all(rest);
    for (const stored of room.deps.recordings.recordings.values()) {
      const { sid } = stored.state;
      stored.state.roomName = sid === first.sid ? null : "weekly-sync";
      stored.state.playable = {
        key: `recordings/${room.roomSid}/${sid}.playable.webm`,
        size: 10,
        contentType: "audio/webm",
        createdAt: "2026-11-29T11:30:00.000000Z",
      };
    }
    // Act
    const playback = await readRoomPlayback(room.deps, { roomSid: room.roomSid });
    // Assess
    const value = playback.ok ? playback.value : expect.fail("refused");
    expect(new Set(value.tracks.map((track) => track.recordingSid)).size).toBe(151);
    expect(value.roomName).toBe("weekly-sync");
    expect(value.durationMs).toBe(7_000);
  });

  it("leaves out a track whose media a job found unplayable, and queues the rendition of an archived one", async () => {
    // Prepare
    const room = aRoom();
    const damaged = await room.track({ codec: "OPUS" });
    const archived = await room.track({ codec: "OPUS", status: "deleted" });
    const state = (sid: string) =>
      room.deps.recordings.recordings.get(sid)?.state ?? expect.fail("not indexed");
    state(damaged.sid).unplayable = { kind: "unsupported-media", reason: "corrupt", detail: "x" };
    state(archived.sid).archive = {
      bucket: "b",
      key: "k",
      size: 1,
      archivedAt: "2026-11-29T11:00:00.000000Z",
    };
    // Act
    const playback = await readRoomPlayback(room.deps, { roomSid: room.roomSid });
    // Assess
    expect(playback).toMatchObject({ ok: true, value: { tracks: [], pending: [archived.sid] } });
    expect(room.jobs.jobs).toEqual([{ kind: "rendition", recordingSid: archived.sid }]);
  });

  it("refuses a room without recordings and a bad ttl", async () => {
    // Prepare
    const room = aRoom();
    // Act
    const empty = await readRoomPlayback(room.deps, { roomSid: room.roomSid });
    const badTtl = await readRoomPlayback(room.deps, { roomSid: room.roomSid, ttl: "3601" });
    // Assess
    expect(empty).toEqual({ ok: false, error: { kind: "room-without-recordings", roomSid: room.roomSid } });
    expect(badTtl).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter: "ttl" } });
  });
});

describe("share links", () => {
  it("opens the room's playback without a token until the link expires, its links never outliving it", async () => {
    // Prepare
    const room = aRoom();
    await room.track({ codec: "OPUS" }, { startMs: 0, durationMs: 1_000, contentType: "audio/webm" });
    // Act
    const shared = await shareRoom(room.deps, room.roomSid, JSON.stringify({ ttl: 600 }));
    room.advance(590_000);
    const opened = await readSharedPlayback(room.deps, shareQuery(shared.ok ? shared.value.url : ""));
    room.advance(10_000);
    const expired = await readSharedPlayback(room.deps, shareQuery(shared.ok ? shared.value.url : ""));
    // Assess
    expect(shared).toMatchObject({ ok: true, value: { expiresAt: "2026-11-29T12:10:00.000Z" } });
    const url = new URL(shared.ok ? shared.value.url : "");
    expect(url.origin + url.pathname).toBe(`https://api.example.com/player/${room.roomSid}`);
    expect([...url.searchParams.keys()]).toEqual(["expires", "signature"]);
    expect(opened).toMatchObject({ ok: true, value: { expiresAt: "2026-11-29T12:10:00.000Z" } });
    const link = new URL(opened.ok ? (opened.value.tracks[0]?.url ?? "") : "");
    expect(Number(link.searchParams.get("expires"))).toBe(Date.parse("2026-11-29T12:10:00.000Z") / 1000);
    expect(expired).toEqual({ ok: false, error: { kind: "invalid-share-link", reason: "expired" } });
  });

  it("points at the player under the API's base URL however many slashes end it", async () => {
    // Prepare
    const room = aRoom();
    await room.track({ codec: "OPUS" });
    // Act
    const shared = await shareRoom(
      { ...room.deps, baseUrl: "https://api.example.com/v1//" },
      room.roomSid,
      "",
    );
    // Assess
    const url = new URL(shared.ok ? shared.value.url : "");
    expect(url.pathname).toBe(`/v1/player/${room.roomSid}`);
  });

  it("gives a day by default", async () => {
    // Prepare
    const room = aRoom();
    await room.track({ codec: "OPUS" });
    // Act
    const shared = await shareRoom(room.deps, room.roomSid, "");
    // Assess
    expect(shared).toMatchObject({ ok: true, value: { expiresAt: "2026-11-30T12:00:00.000Z" } });
  });

  it.each([
    { case: "a later expiry", edit: (q: Q) => ({ ...q, expires: String(Number(q.expires) + 3600) }) },
    { case: "another room", edit: (q: Q) => ({ ...q, roomSid: aSid("RM") }) },
    {
      case: "a changed signature",
      edit: (q: Q) => ({
        ...q,
        signature: `${q.signature?.slice(0, -1)}${q.signature?.endsWith("A") ? "B" : "A"}`,
      }),
    },
    { case: "no signature", edit: (q: Q) => ({ ...q, signature: undefined }) },
    { case: "a signature of another length", edit: (q: Q) => ({ ...q, signature: `${q.signature}AA` }) },
    { case: "no expiry", edit: (q: Q) => ({ ...q, expires: undefined }) },
    { case: "an expiry with a prefix", edit: (q: Q) => ({ ...q, expires: `x${q.expires}` }) },
    { case: "an expiry with a suffix", edit: (q: Q) => ({ ...q, expires: `${q.expires}x` }) },
  ])("refuses a link edited to $case", async ({ edit }) => {
    // Prepare
    const room = aRoom();
    await room.track({ codec: "OPUS" });
    const shared = await shareRoom(room.deps, room.roomSid, "{}");
    const query = shareQuery(shared.ok ? shared.value.url : "");
    // Act
    const opened = await readSharedPlayback(room.deps, edit(query));
    // Assess
    expect(opened).toMatchObject({ ok: false, error: { kind: "invalid-share-link" } });
  });

  it("refuses a link signed with another key", async () => {
    // Prepare
    const room = aRoom();
    await room.track({ codec: "OPUS" });
    const shared = await shareRoom({ ...room.deps, signingKey: "another key" }, room.roomSid, "{}");
    // Act
    const opened = await readSharedPlayback(room.deps, shareQuery(shared.ok ? shared.value.url : ""));
    // Assess
    expect(opened).toEqual({ ok: false, error: { kind: "invalid-share-link", reason: "altered" } });
  });

  it.each([
    { body: '{"ttl": 59}', parameter: "ttl" },
    { body: '{"ttl": 604801}', parameter: "ttl" },
    { body: '{"ttl": "600"}', parameter: "ttl" },
    { body: '{"ttl": 600, "room": "x"}', parameter: "body" },
    { body: "[]", parameter: "body" },
  ])("refuses the body $body naming $parameter", async ({ body, parameter }) => {
    // Prepare
    const room = aRoom();
    await room.track({ codec: "OPUS" });
    // Act
    const shared = await shareRoom(room.deps, room.roomSid, body);
    // Assess
    expect(shared).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter } });
  });

  it("refuses to share a room without recordings", async () => {
    // Prepare
    const room = aRoom();
    // Act
    const shared = await shareRoom(room.deps, room.roomSid, "{}");
    // Assess
    expect(shared).toEqual({ ok: false, error: { kind: "room-without-recordings", roomSid: room.roomSid } });
  });
});

type Q = ReturnType<typeof shareQuery>;
