import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, aRecordingCallback, aSid } from "../fixtures/callbacks";
import { postCallback, startTestSystem, type TestSystem } from "../support/local-system";
import { expectDocumentedAnswer } from "../support/openapi";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system.stop();
});

const ROUTE = "/rooms/{roomSid}/hold";

const holdRoom = (roomSid: string, body: unknown, method = "PUT") =>
  system.api(`/rooms/${roomSid}/hold`, {
    method,
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const indexRecording = async (roomSid: string): Promise<string> => {
  const recordingSid = aSid("RT");
  const params = aRecordingCallback({
    AccountSid: ACCOUNT_SID,
    RoomSid: roomSid,
    RecordingSid: recordingSid,
  });
  const answer = await postCallback(system, params);
  expect(answer.status).toBe(204);
  return recordingSid;
};

const heldOf = async (recordingSid: string, roomSid: string) => {
  const one = (await (await system.api(`/recordings/${recordingSid}`)).json()) as { held: boolean };
  const listing = (await (await system.api(`/rooms/${roomSid}/recordings`)).json()) as {
    recordings: { held: boolean }[];
  };
  return [one.held, ...listing.recordings.map((recording) => recording.held)];
};

describe("local mode: holds", () => {
  it("holds a room's recordings until the hold is released", async () => {
    // Prepare
    const roomSid = aSid("RM");
    const recordingSid = await indexRecording(roomSid);
    // Act
    const placed = await holdRoom(roomSid, { reason: "litigation", reference: "case-42" });
    const whileHeld = await heldOf(recordingSid, roomSid);
    const released = await system.api(`/rooms/${roomSid}/hold`, { method: "DELETE" });
    const afterRelease = await heldOf(recordingSid, roomSid);
    // Assess
    expect(placed.status).toBe(200);
    await expectDocumentedAnswer("PUT", ROUTE, placed);
    expect(await placed.json()).toMatchObject({ roomSid, reason: "litigation", reference: "case-42" });
    expect(whileHeld).toEqual([true, true]);
    expect(released.status).toBe(204);
    await expectDocumentedAnswer("DELETE", ROUTE, released);
    expect(afterRelease).toEqual([false, false]);
  });

  it("replaces a hold with the latest reason, reference null when none is given", async () => {
    // Prepare
    const roomSid = aSid("RM");
    await holdRoom(roomSid, { reason: "first", reference: "a" });
    // Act
    const answer = await holdRoom(roomSid, { reason: "  audit  " });
    // Assess
    expect(await answer.json()).toMatchObject({ roomSid, reason: "audit", reference: null });
  });

  it("answers 204 to releasing a room that holds nothing", async () => {
    // Act
    const answer = await system.api(`/rooms/${aSid("RM")}/hold`, { method: "DELETE" });
    // Assess
    expect(answer.status).toBe(204);
  });

  it.each([
    { case: "a malformed room SID", room: "RM1", body: { reason: "x" }, code: "invalid_room_sid" },
    { case: "a body that is not JSON", body: "reason=x", code: "invalid_body" },
    { case: "a JSON array", body: [], code: "invalid_body" },
    { case: "no reason", body: { reference: "x" }, code: "invalid_reason" },
    { case: "an empty reason", body: { reason: "   " }, code: "invalid_reason" },
    { case: "a reason that is not a string", body: { reason: 7 }, code: "invalid_reason" },
    {
      case: "a reference that is not a string",
      body: { reason: "x", reference: 7 },
      code: "invalid_reference",
    },
    { case: "an unknown field", body: { reason: "x", until: "2027" }, code: "invalid_body" },
  ])("answers $case with 400 $code and holds nothing", async ({ room, body, code }) => {
    // Prepare
    const roomSid = room ?? aSid("RM");
    // Act
    const answer = await holdRoom(roomSid, body);
    // Assess
    expect(answer.status).toBe(400);
    expect(await answer.clone().json()).toMatchObject({ error: { code } });
    await expectDocumentedAnswer("PUT", ROUTE, answer);
    if (room === undefined) {
      const listing = await system.api(`/rooms/${roomSid}/recordings`);
      expect(listing.status).toBe(200);
    }
  });

  it("answers 405 to a POST and 401 without a token", async () => {
    // Act
    const post = await holdRoom(aSid("RM"), { reason: "x" }, "POST");
    const anonymous = await system.api(`/rooms/${aSid("RM")}/hold`, {
      method: "PUT",
      headers: { authorization: "" },
      body: "{}",
    });
    // Assess
    expect([post.status, anonymous.status]).toEqual([405, 401]);
  });
});
