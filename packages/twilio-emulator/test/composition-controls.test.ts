import { describe, expect, it } from "vitest";
import { schemaOf, violations } from "./schema-check";
import { control, emulatorEachTest, endedRoom, rest } from "./support";

type Json = Record<string, unknown>;

describe("emulator composition controls", () => {
  const t = emulatorEachTest();

  it("seeds a completed composition with Twilio's JSON and sends no callback", async () => {
    // Prepare / Act
    const { status, body } = await control(t.emu, "POST", "/compositions", {
      dateCreated: "2024-06-01T10:00:00Z",
      format: "mp4",
      duration: 120,
    });
    // Assess
    expect(status).toBe(201);
    expect(violations(body, schemaOf("video.v1.composition"))).toEqual([]);
    expect(body).toMatchObject({
      status: "completed",
      format: "mp4",
      date_created: "2024-06-01T10:00:00Z",
      date_completed: "2024-06-01T10:00:02Z",
      duration: 120,
      room_sid: expect.stringMatching(/^RM[0-9a-f]{32}$/),
      url: `${t.emu.url}/v1/Compositions/${body.sid}`,
    });
    expect(body.size).toBeGreaterThan(1000);
    expect(t.emu.callbacks()).toEqual([]);
  });

  it("seeds into a known room and keeps the given size", async () => {
    // Prepare
    const { room } = await endedRoom(t.emu, t.clock);
    // Act
    const { body } = await control(t.emu, "POST", "/compositions", { roomSid: room.sid, size: 5_000_000 });
    // Assess
    expect(body).toMatchObject({ room_sid: room.sid, size: 5_000_000, format: "webm" });
  });

  it("seeds a deleted composition that is listed only with Status=deleted", async () => {
    // Prepare
    await control(t.emu, "POST", "/compositions", { status: "deleted" });
    // Act
    const listed = (await (await rest(t.emu, "GET", "/v1/Compositions?Status=deleted")).json()) as Json;
    // Assess
    expect(listed.compositions).toEqual([
      expect.objectContaining({ status: "deleted", date_deleted: "2025-01-15T12:00:00Z" }),
    ]);
  });

  it("lets a seeded processing composition complete over compositionSeconds from now", async () => {
    // Prepare
    const { body } = await control(t.emu, "POST", "/compositions", { status: "processing", duration: 42 });
    // Act
    t.clock.advance(2000);
    const fetched = (await (await rest(t.emu, "GET", `/v1/Compositions/${body.sid}`)).json()) as Json;
    // Assess
    expect(body).toMatchObject({ status: "processing", size: null, duration: 0 });
    expect(fetched).toMatchObject({ status: "completed", duration: 42 });
  });

  it.each([
    { case: "status is unknown", body: { status: "done" } },
    { case: "format is unknown", body: { format: "mkv" } },
    { case: "roomSid is malformed", body: { roomSid: "RM1" } },
    { case: "dateCreated is not a date", body: { dateCreated: "yesterday" } },
    { case: "size is negative", body: { size: -1 } },
  ])("answers 400 when $case", async ({ body }) => {
    // Prepare / Act
    const out = await control(t.emu, "POST", "/compositions", body);
    // Assess
    expect(out.status).toBe(400);
    expect(out.body.error).toEqual(expect.any(String));
  });

  it("shows compositions and hooks in GET /_emulator/state and forgets them on reset", async () => {
    // Prepare
    const { body } = await control(t.emu, "POST", "/compositions", {});
    await rest(t.emu, "POST", "/v1/CompositionHooks", { form: { FriendlyName: "all", AudioSources: "*" } });
    // Act
    const before = (await control(t.emu, "GET", "/state")).body;
    await control(t.emu, "POST", "/reset");
    const after = (await control(t.emu, "GET", "/state")).body;
    // Assess
    expect(before.compositions).toEqual([expect.objectContaining({ sid: body.sid })]);
    expect(before.compositionHooks).toEqual([expect.objectContaining({ friendly_name: "all" })]);
    expect(after).toMatchObject({ compositions: [], compositionHooks: [] });
  });

  it("accepts compositionSeconds in the faults and refuses a negative one", async () => {
    // Prepare / Act
    const ok = await control(t.emu, "PUT", "/faults", { compositionSeconds: 0 });
    const bad = await control(t.emu, "PUT", "/faults", { compositionSeconds: -1 });
    // Assess
    expect(ok).toMatchObject({ status: 200, body: { compositionSeconds: 0 } });
    expect(bad.status).toBe(400);
  });
});
