import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN, aRecordingCallback, aSid } from "../fixtures/callbacks";
import { createRecordingRoom, postCallback, startTestSystem, type TestSystem } from "../support/local-system";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system.stop();
});

const send = (params: Record<string, string>, signature?: string | null, token = AUTH_TOKEN) =>
  postCallback(system, params, { token, ...(signature !== undefined && { signature }) });

describe("local mode: callbacks in, recordings out", () => {
  it("indexes what the emulator's room records and lists it by room", async () => {
    // Prepare
    const roomSid = await createRecordingRoom(system, `standup-${aSid("")}`);
    const joined = await system.emulator(`/_emulator/rooms/${roomSid}/participants`, {
      identity: "alice",
      tracks: [
        { kind: "audio", name: "mic" },
        { kind: "video", name: "camera" },
      ],
    });
    const { recordingSids } = (await joined.json()) as { recordingSids: [string, string] };
    await system.emulator(`/_emulator/recordings/${recordingSids[1]}/fail`);
    await system.emulator(`/_emulator/rooms/${roomSid}/end`);
    const flushed = await system.emulator("/_emulator/callbacks/flush");
    // Act
    const listing = await system.api(`/rooms/${roomSid}/recordings`);
    // Assess
    expect(flushed.status).toBe(200);
    expect(listing.status).toBe(200);
    const body = (await listing.json()) as {
      recordings: Record<string, unknown>[];
      nextCursor: string | null;
    };
    const bySid = Object.fromEntries(body.recordings.map((recording) => [recording.sid, recording]));
    expect(body.nextCursor).toBeNull();
    expect(bySid[recordingSids[0]]).toMatchObject({
      roomSid,
      participantIdentity: "alice",
      trackName: "mic",
      type: "audio",
      status: "completed",
      containerFormat: "mka",
      held: false,
    });
    expect(bySid[recordingSids[1]]).toMatchObject({ status: "failed", type: "video", trackName: "camera" });
    expect(Object.keys(bySid)).toHaveLength(2);
  });

  it("answers 204 and serves back a callback signed by the official twilio package", async () => {
    // Prepare
    const recordingSid = aSid("RT");
    const params = aRecordingCallback({ AccountSid: ACCOUNT_SID, RecordingSid: recordingSid });
    // Act
    const accepted = await send(params);
    const read = await system.api(`/recordings/${recordingSid}`);
    // Assess
    expect(accepted.status).toBe(204);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      sid: recordingSid,
      status: "completed",
      size: 105956,
      duration: 3,
      codec: "VP8",
      completedAt: "2020-08-20T01:42:05.839Z",
      roomName: "1f03d8d2-2a1e-4a52-8b55-8a7b5b2f1c40",
    });
  });

  it("answers 204 to room events that are not about recordings", async () => {
    // Act
    const answer = await send({
      AccountSid: ACCOUNT_SID,
      StatusCallbackEvent: "participant-connected",
      RoomSid: aSid("RM"),
    });
    // Assess
    expect(answer.status).toBe(204);
  });
});

describe("local mode: bad callbacks", () => {
  const recordingSid = aSid("RT");
  const genuine = () => aRecordingCallback({ AccountSid: ACCOUNT_SID, RecordingSid: recordingSid });
  const { RecordingSid: _dropped, ...withoutRecordingSid } = aRecordingCallback({ AccountSid: ACCOUNT_SID });

  it.each([
    {
      case: "no signature",
      send: () => send(genuine(), null),
      status: 403,
      code: "invalid_signature",
    },
    {
      case: "a forged signature",
      send: () => send(genuine(), "Zm9yZ2Vk"),
      status: 403,
      code: "invalid_signature",
    },
    {
      case: "another token's signature",
      send: () => send(genuine(), undefined, "another-token"),
      status: 403,
      code: "invalid_signature",
    },
    {
      case: "a foreign account",
      send: () => send({ ...genuine(), AccountSid: aSid("AC") }),
      status: 403,
      code: "foreign_account",
    },
    {
      case: "no RecordingSid",
      send: () => send(withoutRecordingSid),
      status: 400,
      code: "malformed_callback",
    },
    {
      case: "a malformed RecordingSid",
      send: () => send({ ...genuine(), RecordingSid: "RT-nope" }),
      status: 400,
      code: "malformed_callback",
    },
    {
      case: "an unknown recording event",
      send: () => send({ ...genuine(), StatusCallbackEvent: "recording-paused" }),
      status: 400,
      code: "malformed_callback",
    },
    {
      case: "no event at all",
      send: () => send({ AccountSid: ACCOUNT_SID, RecordingSid: recordingSid }),
      status: 400,
      code: "malformed_callback",
    },
    {
      case: "a body over 64 KB",
      send: () => send({ ...genuine(), Padding: "x".repeat(70_000) }),
      status: 413,
      code: "payload_too_large",
    },
    {
      case: "a PUT",
      send: () => fetch(`${system.apiUrl}/twilio/status`, { method: "PUT", body: "x=1" }),
      status: 405,
      code: "method_not_allowed",
    },
  ])("refuses $case with $status and stores nothing", async ({ send, status, code }) => {
    // Act
    const answer = await send();
    // Assess
    expect(answer.status).toBe(status);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(await answer.json()).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(await system.store.get(recordingSid)).toBeUndefined();
  });
});

describe("local mode: reading", () => {
  it.each([
    { case: "no token", headers: { authorization: "" } },
    { case: "a wrong token", headers: { authorization: "Bearer not-the-token" } },
    { case: "another scheme", headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } },
  ])("answers 401 with a JSON error to $case", async ({ headers }) => {
    // Act
    const answers = await Promise.all([
      system.api(`/recordings/${aSid("RT")}`, { headers }),
      system.api(`/rooms/${aSid("RM")}/recordings`, { headers }),
    ]);
    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it.each([
    {
      case: "a malformed recording SID",
      path: "/recordings/RT123",
      status: 400,
      code: "invalid_recording_sid",
    },
    {
      case: "a room SID as recording SID",
      path: `/recordings/${aSid("RM")}`,
      status: 400,
      code: "invalid_recording_sid",
    },
    {
      case: "an unknown recording",
      path: `/recordings/${aSid("RT")}`,
      status: 404,
      code: "recording_not_found",
    },
    { case: "a malformed room SID", path: "/rooms/nope/recordings", status: 400, code: "invalid_room_sid" },
    { case: "limit 0", path: `/rooms/${aSid("RM")}/recordings?limit=0`, status: 400, code: "invalid_limit" },
    {
      case: "limit 101",
      path: `/rooms/${aSid("RM")}/recordings?limit=101`,
      status: 400,
      code: "invalid_limit",
    },
    {
      case: "an unknown status",
      path: `/rooms/${aSid("RM")}/recordings?status=lost`,
      status: 400,
      code: "invalid_status",
    },
    {
      case: "an unknown type",
      path: `/rooms/${aSid("RM")}/recordings?type=3d`,
      status: 400,
      code: "invalid_type",
    },
    {
      case: "a forged cursor",
      path: `/rooms/${aSid("RM")}/recordings?cursor=abc`,
      status: 400,
      code: "invalid_cursor",
    },
    {
      case: "a POST",
      path: `/recordings/${aSid("RT")}`,
      status: 405,
      code: "method_not_allowed",
      method: "POST",
    },
    { case: "an unknown route", path: "/nothing/here", status: 404, code: "not_found" },
  ])("answers $case with $status $code", async ({ path, status, code, method }) => {
    // Act
    const answer = await system.api(path, { method: method ?? "GET" });
    // Assess
    expect(answer.status).toBe(status);
    expect(await answer.json()).toMatchObject({ error: { code, message: expect.any(String) } });
  });
});
