import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index";
import { basic, control, createRoom, join, manualClock, rest, seed, startEmulator, T0 } from "./support";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const DAY = 24 * 3600 * 1000;

describe("emulator REST API", () => {
  let emu: Emulator;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(T0);
    emu = await startEmulator({ clock: clock.now });
  });
  afterEach(() => emu.stop());

  const sidsOf = async (path: string) => {
    const res = await rest(emu, "GET", path);
    const body = (await res.json()) as { recordings: Array<{ sid: string }> };
    return body.recordings.map((r) => r.sid);
  };

  it("filters by DateCreatedAfter inclusively and DateCreatedBefore exclusively", async () => {
    // Prepare
    const a = await seed(emu, { dateCreated: iso(T0 - 2000) });
    const b = await seed(emu, { dateCreated: iso(T0 - 1000) });
    await seed(emu, { dateCreated: iso(T0) });
    // Act
    const sids = await sidsOf(
      `/v1/Recordings?DateCreatedAfter=${iso(T0 - 2000)}&DateCreatedBefore=${iso(T0)}`,
    );
    // Assess
    expect(sids).toEqual([b.sid, a.sid]);
  });

  it("filters by Status, MediaType, SourceSid and every GroupingSid given", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { participantSid, recordingSids } = await join(emu, room.sid, ["audio", "video"]);
    const video = await seed(emu, { roomSid: room.sid, participantSid, type: "video" });
    await seed(emu, { type: "video" });
    // Act
    const byGroup = await sidsOf(
      `/v1/Recordings?GroupingSid=${room.sid}&GroupingSid=${participantSid}&MediaType=video`,
    );
    const processing = await sidsOf(`/v1/Recordings?Status=processing&GroupingSid=${room.sid}`);
    const bySource = await sidsOf(`/v1/Recordings?SourceSid=${video.source_sid}`);
    // Assess
    expect(byGroup.sort()).toEqual([recordingSids[1], video.sid].sort());
    expect(processing.sort()).toEqual([...recordingSids].sort());
    expect(bySource).toEqual([video.sid]);
  });

  it("hides deleted recordings unless Status=deleted is asked for", async () => {
    // Prepare
    const kept = await seed(emu);
    const gone = await seed(emu);
    await rest(emu, "DELETE", `/v1/Recordings/${gone.sid}`);
    // Act
    const listed = await sidsOf("/v1/Recordings");
    const deleted = await sidsOf("/v1/Recordings?Status=deleted");
    // Assess
    expect(listed).toEqual([kept.sid]);
    expect(deleted).toEqual([gone.sid]);
  });

  it("answers 204 to DELETE and 404 to a repeated DELETE", async () => {
    // Prepare
    const { sid } = await seed(emu);
    // Act
    const first = await rest(emu, "DELETE", `/v1/Recordings/${sid}`);
    const again = await rest(emu, "DELETE", `/v1/Recordings/${sid}`);
    // Assess
    expect(first.status).toBe(204);
    expect(await first.text()).toBe("");
    expect(again.status).toBe(404);
  });

  it("forgets a deleted recording 30 days after it was deleted", async () => {
    // Prepare
    const { sid } = await seed(emu);
    await rest(emu, "DELETE", `/v1/Recordings/${sid}`);
    clock.advance(30 * DAY - 1000);
    const before = await rest(emu, "GET", `/v1/Recordings/${sid}`);
    // Act
    clock.advance(1000);
    const after = await rest(emu, "GET", `/v1/Recordings/${sid}`);
    // Assess
    expect(before.status).toBe(200);
    expect(after.status).toBe(404);
    expect(await sidsOf("/v1/Recordings?Status=deleted")).toEqual([]);
  });

  it("answers 404 when a recording is read under another room", async () => {
    // Prepare
    const { sid } = await seed(emu);
    const other = await createRoom(emu);
    // Act
    const res = await rest(emu, "GET", `/v1/Rooms/${other.sid}/Recordings/${sid}`);
    // Assess
    expect(res.status).toBe(404);
  });

  it.each([
    { case: "no credentials", auth: null },
    { case: "a wrong token", auth: basic(`AC${"0".repeat(31)}1`, "nope") },
    { case: "an unknown API key", auth: basic(`SK${"1".repeat(32)}`, "secret") },
    { case: "a user named like an object property", auth: basic("constructor", "secret") },
    { case: "a malformed header", auth: "Bearer abc" },
  ])("answers 401 with code 20003 when sent $case", async ({ auth }) => {
    // Prepare / Act
    const res = await rest(emu, "GET", "/v1/Recordings", { auth });
    // Assess
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      code: 20003,
      message: "Authenticate",
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
  });

  it("answers 404 with a Twilio error body for an unknown path", async () => {
    // Prepare / Act
    const res = await rest(emu, "GET", "/v1/Nothing/Here");
    // Assess
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      code: 20404,
      status: 404,
      more_info: expect.stringContaining("20404"),
    });
  });

  it.each([
    { case: "an unknown Status", query: "Status=paused" },
    { case: "a bad SourceSid", query: "SourceSid=MT123" },
    { case: "a bad GroupingSid", query: "GroupingSid=nope" },
    { case: "a bad date", query: "DateCreatedAfter=yesterday" },
    { case: "an unknown MediaType", query: "MediaType=text" },
    { case: "PageSize 0", query: "PageSize=0" },
    { case: "a negative Page", query: "Page=-1" },
    { case: "a forged PageToken", query: "PageToken=xyz" },
  ])("answers 400 when the list is asked with $case", async ({ query }) => {
    // Prepare / Act
    const res = await rest(emu, "GET", `/v1/Recordings?${query}`);
    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      status: 400,
      code: expect.any(Number),
      message: expect.any(String),
    });
  });

  it("caps PageSize at 100 on the account list and 1000 on a room's list", async () => {
    // Prepare
    const { grouping_sids } = await seed(emu);
    const roomSid = (grouping_sids as { room_sid: string }).room_sid;
    // Act
    const account = (await (await rest(emu, "GET", "/v1/Recordings?PageSize=500")).json()) as {
      meta: { page_size: number };
    };
    const room = (await (await rest(emu, "GET", `/v1/Rooms/${roomSid}/Recordings?PageSize=5000`)).json()) as {
      meta: { page_size: number };
    };
    // Assess
    expect(account.meta.page_size).toBe(100);
    expect(room.meta.page_size).toBe(1000);
  });

  it.each([
    { case: "an unknown Type", form: { Type: "huge" } },
    { case: "a non-boolean RecordParticipantsOnConnect", form: { RecordParticipantsOnConnect: "maybe" } },
    { case: "a relative StatusCallback", form: { StatusCallback: "/status" } },
    { case: "an unknown StatusCallbackMethod", form: { StatusCallbackMethod: "PUT" } },
  ])("answers 400 to POST /v1/Rooms with $case", async ({ form }) => {
    // Prepare / Act
    const res = await rest(emu, "POST", "/v1/Rooms", { form });
    // Assess
    expect(res.status).toBe(400);
  });

  it("answers 400 with code 53113 when an in-progress room already has the UniqueName", async () => {
    // Prepare
    await createRoom(emu, { UniqueName: "dup" });
    // Act
    const res = await rest(emu, "POST", "/v1/Rooms", { form: { UniqueName: "dup" } });
    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 53113 });
  });

  it("ends the room and completes its recordings when POST /v1/Rooms/{Sid} sets Status=completed", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { recordingSids } = await join(emu, room.sid, ["audio"]);
    // Act
    const res = await rest(emu, "POST", `/v1/Rooms/${room.sid}`, { form: { Status: "completed" } });
    // Assess
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "completed" });
    const rec = (await (await rest(emu, "GET", `/v1/Recordings/${recordingSids[0]}`)).json()) as {
      status: string;
    };
    expect(rec.status).toBe("completed");
  });

  it("refuses to delete a recording that is still processing", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { recordingSids } = await join(emu, room.sid, ["audio"]);
    // Act
    const res = await rest(emu, "DELETE", `/v1/Recordings/${recordingSids[0]}`);
    // Assess
    expect(res.status).toBe(400);
    expect((await control(emu, "GET", "/state")).body.recordings).toEqual([
      expect.objectContaining({ sid: recordingSids[0], status: "processing" }),
    ]);
  });
});
