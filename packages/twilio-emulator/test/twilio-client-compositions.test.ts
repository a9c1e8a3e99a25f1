import { describe, expect, it } from "vitest";
import { control, emulatorEachTest, endedRoom, T0, twilioClient } from "./support";

describe("emulator compositions with the official twilio client", () => {
  const t = emulatorEachTest();

  it("creates a composition and fetches it completed when compositions.create and compositions(sid).fetch are called", async () => {
    // Prepare
    const { room } = await endedRoom(t.emu, t.clock);
    const client = twilioClient(t.emu);
    const options = {
      audioSources: ["*"],
      audioSourcesExcluded: ["nobody"],
      videoLayout: { grid: { video_sources: ["*"] } },
      format: "mp4" as const,
      resolution: "640x480",
      trim: false,
      statusCallback: "http://127.0.0.1:9/status",
      statusCallbackMethod: "GET",
    };
    // Act
    const created = await client.video.v1.compositions.create({ roomSid: room.sid, ...options });
    t.clock.advance(2000);
    const fetched = await client.video.v1.compositions(created.sid).fetch();
    // Assess
    expect(created).toMatchObject({ status: "enqueued", roomSid: room.sid, size: null });
    expect(fetched).toMatchObject({
      sid: created.sid,
      accountSid: t.emu.accountSid,
      status: "completed",
      roomSid: room.sid,
      ...options,
      duration: 30,
      mediaExternalLocation: null,
    });
    expect(fetched.dateCompleted?.toISOString()).toBe(new Date(T0 + 32_000).toISOString());
    expect(fetched.links.media).toBe(`${t.emu.url}/v1/Compositions/${created.sid}/Media`);
  });

  it("lists compositions with Status, RoomSid and date filters across pages", async () => {
    // Prepare
    const roomSid = `RM${"b".repeat(32)}`;
    const wanted: string[] = [];
    for (let i = 0; i < 5; i++) {
      const dateCreated = new Date(T0 - (i + 1) * 60_000).toISOString();
      wanted.push(
        (await control(t.emu, "POST", "/compositions", { roomSid, dateCreated })).body.sid as string,
      );
    }
    await control(t.emu, "POST", "/compositions", { roomSid, status: "failed" });
    await control(t.emu, "POST", "/compositions", { dateCreated: new Date(T0 - 60_000).toISOString() });
    const client = twilioClient(t.emu);
    // Act
    const listed = await client.video.v1.compositions.list({
      status: "completed",
      roomSid,
      dateCreatedAfter: new Date(T0 - 3600_000),
      dateCreatedBefore: new Date(T0),
      pageSize: 2,
    });
    // Assess
    expect(listed.map((c) => c.sid)).toEqual(wanted);
  });

  it("deletes a composition when remove is called, leaving it deleted", async () => {
    // Prepare
    const { sid } = (await control(t.emu, "POST", "/compositions", {})).body as { sid: string };
    const client = twilioClient(t.emu);
    // Act
    const removed = await client.video.v1.compositions(sid).remove();
    const after = await client.video.v1.compositions(sid).fetch();
    const deleted = await client.video.v1.compositions.list({ status: "deleted" });
    // Assess
    expect(removed).toBe(true);
    expect(after.status).toBe("deleted");
    expect(after.dateDeleted?.toISOString()).toBe(new Date(T0).toISOString());
    expect(deleted.map((c) => c.sid)).toEqual([sid]);
  });

  it("rejects with Twilio's status and code when the room is unknown", async () => {
    // Prepare
    const client = twilioClient(t.emu);
    // Act
    const err = await client.video.v1.compositions
      .create({ roomSid: `RM${"0".repeat(32)}`, audioSources: ["*"] })
      .catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ status: 404, code: 53106 });
  });

  it("creates, updates, lists and removes composition hooks", async () => {
    // Prepare
    const client = twilioClient(t.emu);
    // Act
    const hook = await client.video.v1.compositionHooks.create({
      friendlyName: "all rooms",
      audioSources: ["*"],
      videoLayout: { grid: { video_sources: ["*"] } },
      format: "mp4",
      statusCallback: "http://127.0.0.1:9/status",
    });
    await client.video.v1.compositionHooks.create({ friendlyName: "audio only", audioSources: ["*"] });
    const updated = await client.video.v1
      .compositionHooks(hook.sid)
      .update({ friendlyName: "all rooms, webm", format: "webm", enabled: false });
    const disabled = await client.video.v1.compositionHooks.list({ enabled: false });
    const byName = await client.video.v1.compositionHooks.list({ friendlyName: "AUDIO*" });
    const removed = await client.video.v1.compositionHooks(hook.sid).remove();
    const left = await client.video.v1.compositionHooks.list();
    // Assess
    expect(hook).toMatchObject({ friendlyName: "all rooms", enabled: true, format: "mp4", trim: true });
    expect(updated).toMatchObject({
      sid: hook.sid,
      friendlyName: "all rooms, webm",
      format: "webm",
      enabled: false,
    });
    expect(updated.statusCallback).toBe("http://127.0.0.1:9/status");
    expect(disabled.map((h) => h.sid)).toEqual([hook.sid]);
    expect(byName.map((h) => h.friendlyName)).toEqual(["audio only"]);
    expect(removed).toBe(true);
    expect(left.map((h) => h.friendlyName)).toEqual(["audio only"]);
  });

  it("fetches a hook's composition after the room ends", async () => {
    // Prepare
    const client = twilioClient(t.emu);
    const hook = await client.video.v1.compositionHooks.create({
      friendlyName: "every room",
      audioSources: ["*"],
    });
    const { room } = await endedRoom(t.emu, t.clock);
    // Act
    const [composition] = await client.video.v1.compositions.list({ roomSid: room.sid });
    // Assess
    expect(hook.enabled).toBe(true);
    expect(composition).toMatchObject({ roomSid: room.sid, status: "enqueued", audioSources: ["*"] });
  });
});
