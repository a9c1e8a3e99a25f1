import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index";
import { createRoom, join, manualClock, seed, startEmulator, T0, twilioClient } from "./support";

const API_KEY_SID = `SK${"ab".repeat(16)}`;

describe("emulator with the official twilio client", () => {
  let emu: Emulator;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(T0);
    emu = await startEmulator({ clock: clock.now, apiKeys: { [API_KEY_SID]: "key-secret" } });
  });
  afterEach(() => emu.stop());

  it("creates and fetches a room when called through rooms.create and rooms(sid).fetch", async () => {
    // Prepare
    const client = twilioClient(emu);
    // Act
    const created = await client.video.v1.rooms.create({
      uniqueName: "standup",
      recordParticipantsOnConnect: true,
      statusCallback: "http://127.0.0.1:9/status",
      statusCallbackMethod: "GET",
      type: "group",
    });
    const fetched = await client.video.v1.rooms(created.sid).fetch();
    const byName = await client.video.v1.rooms("standup").fetch();
    // Assess
    expect(created.sid).toMatch(/^RM[0-9a-f]{32}$/);
    expect(fetched).toMatchObject({
      sid: created.sid,
      uniqueName: "standup",
      status: "in-progress",
      recordParticipantsOnConnect: true,
      statusCallback: "http://127.0.0.1:9/status",
      statusCallbackMethod: "GET",
      type: "group",
      accountSid: emu.accountSid,
    });
    expect(fetched.dateCreated.toISOString()).toBe(new Date(T0).toISOString());
    expect(byName.sid).toBe(created.sid);
  });

  it("lists every recording across pages when list follows next_page_url", async () => {
    // Prepare
    const sids: string[] = [];
    for (let i = 0; i < 7; i++) {
      sids.push((await seed(emu, { dateCreated: new Date(T0 - i * 60_000).toISOString() })).sid);
    }
    const client = twilioClient(emu);
    // Act
    const listed = await client.video.v1.recordings.list({ pageSize: 3 });
    // Assess
    expect(listed.map((r) => r.sid)).toEqual(sids);
    expect(listed[0]?.dateCreated.toISOString()).toBe(new Date(T0).toISOString());
  });

  it("pages with page() and nextPage() when the list is longer than a page", async () => {
    // Prepare
    for (let i = 0; i < 5; i++) await seed(emu, { dateCreated: new Date(T0 - i * 1000).toISOString() });
    const client = twilioClient(emu);
    // Act
    const first = await client.video.v1.recordings.page({ pageSize: 2 });
    const second = await first.nextPage();
    const third = await second?.nextPage();
    // Assess
    expect(first.instances).toHaveLength(2);
    expect(second?.instances).toHaveLength(2);
    expect(third?.instances).toHaveLength(1);
    expect(third?.nextPageUrl).toBeUndefined();
    const all = [...first.instances, ...(second?.instances ?? []), ...(third?.instances ?? [])].map(
      (r) => r.sid,
    );
    expect(new Set(all).size).toBe(5);
  });

  it("fetches a recording with every value parsed when recordings(sid).fetch is called", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { participantSid, recordingSids } = await join(emu, room.sid, ["video"]);
    clock.advance(42_000);
    await fetch(`${emu.url}/_emulator/recordings/${recordingSids[0]}/complete`, {
      method: "POST",
      body: JSON.stringify({ size: 1234 }),
    });
    const client = twilioClient(emu);
    // Act
    const rec = await client.video.v1.recordings(recordingSids[0] ?? "").fetch();
    // Assess
    expect(rec).toMatchObject({
      sid: recordingSids[0],
      accountSid: emu.accountSid,
      status: "completed",
      type: "video",
      containerFormat: "mkv",
      codec: "vp8",
      size: 1234,
      duration: 42,
      groupingSids: { room_sid: room.sid, participant_sid: participantSid },
      mediaExternalLocation: null,
    });
    expect(rec.sourceSid).toMatch(/^MT[0-9a-f]{32}$/);
    expect(rec.trackName).toBe(rec.sourceSid);
    expect(rec.links.media).toBe(`${emu.url}/v1/Recordings/${rec.sid}/Media`);
  });

  it("deletes a recording when remove is called, leaving it deleted", async () => {
    // Prepare
    const { sid } = await seed(emu);
    const client = twilioClient(emu);
    // Act
    const removed = await client.video.v1.recordings(sid).remove();
    const after = await client.video.v1.recordings(sid).fetch();
    // Assess
    expect(removed).toBe(true);
    expect(after.status).toBe("deleted");
  });

  it("lists a room's recordings with room_sid when rooms(sid).recordings.list is called", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { recordingSids } = await join(emu, room.sid, ["audio", "video"]);
    await seed(emu); // another room's recording, not to be listed
    const client = twilioClient(emu);
    // Act
    const listed = await client.video.v1.rooms(room.sid).recordings.list();
    // Assess
    expect(listed.map((r) => r.sid).sort()).toEqual([...recordingSids].sort());
    expect(listed.every((r) => r.roomSid === room.sid && r.status === "processing")).toBe(true);
  });

  it("authenticates when the client uses an API key and secret", async () => {
    // Prepare
    const { sid } = await seed(emu);
    const client = twilioClient(emu, API_KEY_SID, "key-secret");
    // Act
    const rec = await client.video.v1.recordings(sid).fetch();
    // Assess
    expect(rec.sid).toBe(sid);
  });

  it("rejects with status 401 and code 20003 when the token is wrong", async () => {
    // Prepare
    const client = twilioClient(emu, emu.accountSid, "wrong");
    // Act
    const err = await client.video.v1.recordings.list().catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ status: 401, code: 20003 });
  });

  it("rejects with status 404 and code 20404 when the recording does not exist", async () => {
    // Prepare
    const client = twilioClient(emu);
    // Act
    const err = await client.video.v1
      .recordings(`RT${"0".repeat(32)}`)
      .fetch()
      .catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ status: 404, code: 20404 });
  });
});
