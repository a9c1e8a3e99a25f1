import {
  getRecording,
  indexReport,
  listRoomRecordings,
  parseCallback,
  RecordingViewSchema,
  RoomListingSchema,
} from "@video-recordings/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { InMemoryHoldStore, InMemoryRecordingStore } from "../fakes/in-memory-stores";
import { aRecordingCallback, aSid } from "../fixtures/callbacks";

const seedRoom = async (store: InMemoryRecordingStore, roomSid: string, count: number): Promise<string[]> => {
  const sids: string[] = [];
  for (let i = 0; i < count; i++) {
    const sid = aSid("RT");
    const second = String(10 + i).padStart(2, "0");
    const parsed = parseCallback(
      aRecordingCallback({
        RoomSid: roomSid,
        RecordingSid: sid,
        StatusCallbackEvent: "recording-started",
        Timestamp: `2026-02-01T00:00:${second}Z`,
      }),
    );
    if (!parsed.ok || parsed.value.kind !== "recording")
      throw new Error("fixture is not a recording callback");
    await indexReport(store, parsed.value.report);
    sids.push(sid);
  }
  return sids;
};

describe("getRecording", () => {
  it("answers the recording with every contract field, held as the room is", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    const [sid] = await seedRoom(store, "RM5b9970c25fb6f31a7da94fe683be0957", 1);
    const holds = new InMemoryHoldStore();
    await holds.hold("RM5b9970c25fb6f31a7da94fe683be0957");
    // Act
    const result = await getRecording({ store, holds }, sid ?? "");
    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        sid,
        accountSid: "AC88c0e76737ac477de3a4700666b63186",
        roomSid: "RM5b9970c25fb6f31a7da94fe683be0957",
        roomName: "1f03d8d2-2a1e-4a52-8b55-8a7b5b2f1c40",
        participantSid: "PAec462533b0a659b7eb122a7ff9e2312e",
        participantIdentity: "ad9d1899-5a2b-4f39-a1b4-0c0d7a6f4b11",
        sourceSid: "MT863e43b23ad81723cc410f548045c6e3",
        trackName: "6ec82db2-0a4c-4d3e-9a43-0b8f6a1f7f28",
        type: "video",
        codec: "VP8",
        containerFormat: "mkv",
        status: "processing",
        size: 105956,
        duration: 3,
        offset: 155137307765,
        dateCreated: "2026-02-01T00:00:10.000Z",
        completedAt: null,
        deletedAt: null,
        playable: null,
        archive: null,
        held: true,
      },
    });
  });

  it("answers a recording with an archived copy in the shape the API documents", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    const [sid = ""] = await seedRoom(store, aSid("RM"), 1);
    const stored = store.recordings.get(sid) ?? expect.fail("not indexed");
    stored.state.archive = { bucket: "b", key: "k", size: 105956, archivedAt: "2026-03-01T00:00:00.000000Z" };
    // Act
    const result = await getRecording({ store, holds: new InMemoryHoldStore() }, sid);
    // Assess
    const view = result.ok ? result.value : expect.fail("not found");
    expect(view.archive).toEqual({
      bucket: "b",
      key: "k",
      size: 105956,
      archivedAt: "2026-03-01T00:00:00.000Z",
    });
    expect(v.safeParse(RecordingViewSchema, view).issues).toBeUndefined();
  });

  it.each([
    { case: "an unknown SID", sid: aSid("RT"), expected: { kind: "not-found" } },
    {
      case: "a room SID",
      sid: aSid("RM"),
      expected: { kind: "invalid-parameter", parameter: "recordingSid" },
    },
    { case: "garbage", sid: "../../etc", expected: { kind: "invalid-parameter", parameter: "recordingSid" } },
  ])("rejects $case", async ({ sid, expected }) => {
    // Prepare
    const store = new InMemoryRecordingStore();
    // Act
    const result = await getRecording({ store, holds: new InMemoryHoldStore() }, sid);
    // Assess
    expect(result).toMatchObject({ ok: false, error: expected });
  });
});

describe("listRoomRecordings", () => {
  it("pages through a room with cursors, each recording once, no empty last page", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    const roomSid = aSid("RM");
    const sids = await seedRoom(store, roomSid, 7);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    // Act
    do {
      const result = await listRoomRecordings(
        { store, holds: new InMemoryHoldStore() },
        { roomSid, limit: "3", cursor },
      );
      if (!result.ok) throw new Error(result.error.message);
      seen.push(...result.value.recordings.map((recording) => recording.sid));
      cursor = result.value.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    // Assess
    expect(seen).toEqual(sids);
    expect(pages).toBe(3);
  });

  it("answers an empty list with a null cursor for a room with no recordings", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    // Act
    const result = await listRoomRecordings(
      { store, holds: new InMemoryHoldStore() },
      { roomSid: aSid("RM") },
    );
    // Assess
    expect(result).toEqual({ ok: true, value: { recordings: [], nextCursor: null } });
  });

  it("answers a page in the shape the API documents", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    const roomSid = aSid("RM");
    await seedRoom(store, roomSid, 2);
    // Act
    const result = await listRoomRecordings(
      { store, holds: new InMemoryHoldStore() },
      { roomSid, limit: "1" },
    );
    // Assess
    const page = result.ok ? result.value : expect.fail(result.error.message);
    expect(page.recordings).toHaveLength(1);
    expect(v.safeParse(RoomListingSchema, page).issues).toBeUndefined();
  });

  it("refuses a cursor issued for another room", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    const roomSid = aSid("RM");
    await seedRoom(store, roomSid, 3);
    const first = await listRoomRecordings(
      { store, holds: new InMemoryHoldStore() },
      { roomSid, limit: "1" },
    );
    const cursor = first.ok ? (first.value.nextCursor ?? undefined) : undefined;
    // Act
    const result = await listRoomRecordings(
      { store, holds: new InMemoryHoldStore() },
      { roomSid: aSid("RM"), cursor },
    );
    // Assess
    expect(cursor).toBeDefined();
    expect(result).toMatchObject({ ok: false, error: { parameter: "cursor" } });
  });

  it.each([
    { case: "limit 0", request: { limit: "0" }, parameter: "limit" },
    { case: "limit 101", request: { limit: "101" }, parameter: "limit" },
    { case: "a fractional limit", request: { limit: "2.5" }, parameter: "limit" },
    { case: "an empty limit", request: { limit: "" }, parameter: "limit" },
    { case: "an unknown status", request: { status: "archived" }, parameter: "status" },
    { case: "an unknown type", request: { type: "hologram" }, parameter: "type" },
    { case: "a forged cursor", request: { cursor: "eyJyb29tIjoiUk0ifQ" }, parameter: "cursor" },
    { case: "a cursor that is not base64url", request: { cursor: "not a cursor!" }, parameter: "cursor" },
    { case: "a bad room SID", request: { roomSid: "RMnope" }, parameter: "roomSid" },
  ])("rejects $case naming the parameter", async ({ request, parameter }) => {
    // Prepare
    const store = new InMemoryRecordingStore();
    // Act
    const result = await listRoomRecordings(
      { store, holds: new InMemoryHoldStore() },
      { roomSid: aSid("RM"), ...request },
    );
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter } });
  });
});

describe("listRoomRecordings' query", () => {
  const ROOM = "RM5b9970c25fb6f31a7da94fe683be0957";

  it.each([
    { case: "limit 1", limit: "1", size: 1 },
    { case: "limit 100", limit: "100", size: 3 },
    { case: "limit 10", limit: "10", size: 3 },
  ])("accepts $case", async ({ limit, size }) => {
    // Prepare
    const store = new InMemoryRecordingStore();
    await seedRoom(store, ROOM, 3);
    // Act
    const result = await listRoomRecordings(
      { store, holds: new InMemoryHoldStore() },
      { roomSid: ROOM, limit },
    );
    // Assess
    expect(result.ok && result.value.recordings).toHaveLength(size);
  });

  it("answers no cursor when the page holds exactly the room's recordings", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    await seedRoom(store, ROOM, 2);
    // Act
    const result = await listRoomRecordings(
      { store, holds: new InMemoryHoldStore() },
      { roomSid: ROOM, limit: "2" },
    );
    // Assess
    expect(result).toMatchObject({ ok: true, value: { nextCursor: null } });
  });

  it("filters by status and type", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    await seedRoom(store, ROOM, 2);
    const deps = { store, holds: new InMemoryHoldStore() };
    // Act
    const processing = await listRoomRecordings(deps, { roomSid: ROOM, status: "processing", type: "video" });
    const completed = await listRoomRecordings(deps, { roomSid: ROOM, status: "completed" });
    const audio = await listRoomRecordings(deps, { roomSid: ROOM, type: "audio" });
    // Assess
    expect(processing.ok && processing.value.recordings).toHaveLength(2);
    expect(completed.ok && completed.value.recordings).toHaveLength(0);
    expect(audio.ok && audio.value.recordings).toHaveLength(0);
  });

  it.each([
    { case: "a limit with a sign", limit: "+5" },
    { case: "a limit with text after it", limit: "5x" },
    { case: "a limit with text before it", limit: "x5" },
    { case: "a limit in exponent form", limit: "1e1" },
    { case: "a limit beyond safe integers", limit: "99999999999999999999" },
  ])("refuses $case", async ({ limit }) => {
    // Act
    const result = await listRoomRecordings(
      { store: new InMemoryRecordingStore(), holds: new InMemoryHoldStore() },
      { roomSid: ROOM, limit },
    );
    // Assess
    expect(result).toMatchObject({ ok: false, error: { parameter: "limit" } });
  });

  it.each([
    { request: { roomSid: "x" }, parameter: "roomSid", message: "is not a room SID (RM…)" },
    { request: { limit: "0" }, parameter: "limit", message: "must be an integer from 1 to 100" },
    {
      request: { status: "x" },
      parameter: "status",
      message: "must be one of processing, completed, failed, deleted",
    },
    { request: { type: "x" }, parameter: "type", message: "must be one of audio, video, data" },
    { request: { cursor: "x" }, parameter: "cursor", message: "is not a cursor this room's listing issued" },
  ])("tells what $parameter must be", async ({ request, parameter, message }) => {
    // Act
    const result = await listRoomRecordings(
      { store: new InMemoryRecordingStore(), holds: new InMemoryHoldStore() },
      { roomSid: ROOM, ...request },
    );
    // Assess
    expect(result).toEqual({ ok: false, error: { kind: "invalid-parameter", parameter, message } });
  });

  it("tells what a recording SID must be", async () => {
    // Act
    const result = await getRecording(
      { store: new InMemoryRecordingStore(), holds: new InMemoryHoldStore() },
      "x",
    );
    // Assess
    expect(result).toEqual({
      ok: false,
      error: {
        kind: "invalid-parameter",
        parameter: "recordingSid",
        message: "is not a recording SID (RT…)",
      },
    });
  });
});

describe("listRoomRecordings' cursors", () => {
  const ROOM = "RM5b9970c25fb6f31a7da94fe683be0957";
  const cursorOf = (json: string) => Buffer.from(json, "utf8").toString("base64url");
  const position = (padding = "") =>
    `{"room":"${ROOM}",${padding}"dateCreated":"2026-02-01T00:00:10.000000Z","sid":"RT00000000000000000000000000000001"}`;

  const list = (cursor: string) =>
    listRoomRecordings(
      { store: new InMemoryRecordingStore(), holds: new InMemoryHoldStore() },
      { roomSid: ROOM, cursor },
    );

  it("accepts a position of this room, up to 512 characters", async () => {
    // Prepare
    const short = cursorOf(position());
    const longest = cursorOf(position(" ".repeat(384 - position().length)));
    // Act
    const answers = await Promise.all([list(short), list(longest)]);
    // Assess
    expect(longest).toHaveLength(512);
    expect(answers.map((answer) => answer.ok)).toEqual([true, true]);
  });

  it.each([
    { case: "a cursor of 516 characters", cursor: cursorOf(position(" ".repeat(387 - position().length))) },
    { case: "a character before the cursor outside base64url", cursor: `.${cursorOf(position())}` },
    { case: "a character after the cursor outside base64url", cursor: `${cursorOf(position())}.` },
    { case: "a cursor that is not JSON", cursor: cursorOf("{not json") },
    {
      case: "a cursor whose dateCreated is not normalized",
      cursor: cursorOf(position().replace("2026-02-01T00:00:10.000000Z", "2026-02-01T00:00:10Z")),
    },
  ])("refuses $case", async ({ cursor }) => {
    // Act
    const answer = await list(cursor);
    // Assess
    expect(answer).toMatchObject({ ok: false, error: { parameter: "cursor" } });
  });
});

describe("getRecording's hold", () => {
  it("answers not held, asking no one, for a recording whose room is unknown", async () => {
    // Prepare
    const store = new InMemoryRecordingStore();
    const [sid = ""] = await seedRoom(store, "RM5b9970c25fb6f31a7da94fe683be0957", 1);
    const stored = store.recordings.get(sid) ?? expect.fail("not indexed");
    stored.state.roomSid = null;
    const holds = new InMemoryHoldStore();
    holds.isHeld = async () => true;
    // Act
    const result = await getRecording({ store, holds }, sid);
    // Assess
    expect(result).toMatchObject({ ok: true, value: { held: false, roomSid: null } });
  });
});
