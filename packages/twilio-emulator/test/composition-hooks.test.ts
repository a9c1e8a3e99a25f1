import { describe, expect, it } from "vitest";
import { propertyNames, schemaOf, violations } from "./schema-check";
import { createRoom, emulatorEachTest, endedRoom, rest, T0 } from "./support";

type Json = Record<string, unknown>;

describe("emulator composition hooks", () => {
  const t = emulatorEachTest({ withReceiver: true });

  const call = async (method: string, path: string, form?: Record<string, string>) => {
    const res = await rest(t.emu, method, path, form ? { form } : {});
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json & { sid: string } };
  };

  const hook = (form: Record<string, string> = {}) =>
    call("POST", "/v1/CompositionHooks", {
      FriendlyName: "everything",
      AudioSources: "*",
      VideoLayout: JSON.stringify({ grid: { video_sources: ["*"] } }),
      StatusCallback: t.rx.url,
      ...form,
    });

  it("answers 201 with the hook in Twilio's schema when one is created", async () => {
    // Prepare / Act
    const { status, body } = await hook({ Format: "mp4", Trim: "false" });
    // Assess
    expect(status).toBe(201);
    expect(Object.keys(body).sort()).toEqual(propertyNames("video.v1.composition_hook"));
    expect(violations(body, schemaOf("video.v1.composition_hook"))).toEqual([]);
    expect(body).toMatchObject({
      account_sid: t.emu.accountSid,
      friendly_name: "everything",
      enabled: true,
      date_created: "2025-01-15T12:00:00Z",
      date_updated: "2025-01-15T12:00:00Z",
      audio_sources: ["*"],
      audio_sources_excluded: [],
      video_layout: { grid: { video_sources: ["*"] } },
      resolution: "1280x720",
      trim: false,
      format: "mp4",
      status_callback: t.rx.url,
      status_callback_method: "POST",
      url: `${t.emu.url}/v1/CompositionHooks/${body.sid}`,
    });
    expect(body.sid).toMatch(/^HK[0-9a-f]{32}$/);
  });

  it("updates what is given and keeps the rest when a hook is posted to", async () => {
    // Prepare
    const { sid } = (await hook()).body;
    t.clock.advance(5000);
    // Act
    const { status, body } = await call("POST", `/v1/CompositionHooks/${sid}`, {
      FriendlyName: "renamed",
      Enabled: "false",
      Resolution: "640x480",
    });
    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({
      friendly_name: "renamed",
      enabled: false,
      resolution: "640x480",
      audio_sources: ["*"],
      date_created: "2025-01-15T12:00:00Z",
      date_updated: "2025-01-15T12:00:05Z",
    });
  });

  it.each([
    { case: "FriendlyName is missing", form: { FriendlyName: "" }, says: "FriendlyName" },
    { case: "FriendlyName is too long", form: { FriendlyName: "x".repeat(101) }, says: "FriendlyName" },
    { case: "FriendlyName is taken", form: { FriendlyName: "taken" }, says: "taken" },
    { case: "Enabled is not a boolean", form: { Enabled: "yes" }, says: "Enabled" },
    { case: "Resolution is too large", form: { Resolution: "1280x1280" }, says: "Resolution" },
    { case: "no sources are given", form: { AudioSources: "", VideoLayout: "{}" }, says: "AudioSources" },
  ])("answers 400/20001 when $case", async ({ form, says }) => {
    // Prepare
    await hook({ FriendlyName: "taken" });
    // Act
    const { status, body } = await hook(form);
    // Assess
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 20001, status: 400 });
    expect(String(body.message)).toContain(says);
  });

  it("lists hooks with Enabled and FriendlyName filters in Twilio's envelope", async () => {
    // Prepare
    await hook({ FriendlyName: "Sales calls" });
    await hook({ FriendlyName: "sales-archive", Enabled: "false" });
    await hook({ FriendlyName: "support" });
    // Act
    const enabled = await call("GET", "/v1/CompositionHooks?Enabled=true&FriendlyName=SALES*");
    const all = await call("GET", "/v1/CompositionHooks?PageSize=2");
    // Assess
    expect((enabled.body.composition_hooks as Json[]).map((h) => h.friendly_name)).toEqual(["Sales calls"]);
    expect(all.body.meta).toMatchObject({ key: "composition_hooks", page_size: 2 });
    expect((all.body.meta as Json).next_page_url).toEqual(expect.stringContaining("PageToken="));
  });

  it("deletes a hook with 204, then answers 404", async () => {
    // Prepare
    const { sid } = (await hook()).body;
    // Act
    const first = await call("DELETE", `/v1/CompositionHooks/${sid}`);
    const second = await call("DELETE", `/v1/CompositionHooks/${sid}`);
    const fetched = await call("GET", `/v1/CompositionHooks/${sid}`);
    // Assess
    expect([first.status, second.status, fetched.status]).toEqual([204, 404, 404]);
  });

  it("composes a room when it ends, with hook parameters on every callback", async () => {
    // Prepare
    const { sid: hookSid } = (await hook()).body;
    // Act
    const { room } = await endedRoom(t.emu, t.clock);
    t.clock.advance(2000);
    await t.emu.idle();
    // Assess
    const listed = await call("GET", `/v1/Compositions?RoomSid=${room.sid}`);
    const compositions = listed.body.compositions as Json[];
    expect(compositions).toEqual([
      expect.objectContaining({ status: "completed", format: "webm", status_callback: t.rx.url }),
    ]);
    expect(t.rx.events()).toEqual([
      "composition-enqueued",
      "composition-started",
      ...Array<string>(9).fill("composition-progress"),
      "composition-available",
    ]);
    for (const r of t.rx.received) {
      expect(r.params).toMatchObject({
        CompositionSid: compositions[0]?.sid,
        RoomSid: room.sid,
        HookSid: hookSid,
        HookUri: `/v1/CompositionHooks/${hookSid}`,
        HookFriendlyName: "everything",
      });
    }
  });

  it("does nothing when the hook is disabled", async () => {
    // Prepare
    await hook({ Enabled: "false" });
    // Act
    const { room } = await endedRoom(t.emu, t.clock);
    await t.emu.idle();
    // Assess
    const listed = await call("GET", `/v1/Compositions?RoomSid=${room.sid}`);
    expect(listed.body.compositions).toEqual([]);
    expect(t.rx.received).toEqual([]);
  });

  it("sends composition-hook-failed and keeps a failed composition when the room has no sources", async () => {
    // Prepare
    const { sid: hookSid } = (await hook()).body;
    const room = await createRoom(t.emu, { RecordParticipantsOnConnect: "false" });
    // Act
    await rest(t.emu, "POST", `/v1/Rooms/${room.sid}`, { form: { Status: "completed" } });
    await t.emu.idle();
    // Assess
    const listed = await call("GET", `/v1/Compositions?RoomSid=${room.sid}&Status=failed`);
    const failed = (listed.body.compositions as Json[])[0];
    expect(failed).toMatchObject({ status: "failed", size: 0 });
    expect(t.rx.received.map((r) => r.params)).toEqual([
      {
        AccountSid: t.emu.accountSid,
        RoomSid: room.sid,
        CompositionSid: failed?.sid,
        CompositionUri: `/v1/Compositions/${failed?.sid}`,
        StatusCallbackEvent: "composition-hook-failed",
        Timestamp: new Date(T0).toISOString().replace("Z", "000Z"),
        HookSid: hookSid,
        HookUri: `/v1/CompositionHooks/${hookSid}`,
        HookFriendlyName: "everything",
      },
    ]);
  });
});
