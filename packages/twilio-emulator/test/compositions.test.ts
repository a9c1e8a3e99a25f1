import { describe, expect, it } from "vitest";
import { propertyNames, schemaOf, violations } from "./schema-check";
import { compose, control, createRoom, emulatorEachTest, endedRoom, rest, T0 } from "./support";

type Json = Record<string, unknown>;

describe("emulator compositions REST", () => {
  const t = emulatorEachTest();

  const get = async (path: string) => {
    const res = await rest(t.emu, "GET", path);
    return { status: res.status, body: (await res.json()) as Json };
  };

  /** A composition of a freshly ended room, then `seconds` on the t.clock. */
  const composed = async (form: Record<string, string> = {}, seconds = 0) => {
    const { room } = await endedRoom(t.emu, t.clock);
    const created = await compose(t.emu, { RoomSid: room.sid, AudioSources: "*", ...form });
    t.clock.advance(seconds * 1000);
    return { room, created };
  };

  it("answers 201 with an enqueued composition in Twilio's schema when a room is composed", async () => {
    // Prepare
    const { room } = await endedRoom(t.emu, t.clock);
    // Act
    const { status, body } = await compose(t.emu, {
      RoomSid: room.sid,
      VideoLayout: JSON.stringify({ grid: { video_sources: ["*"] } }),
      AudioSources: "*",
    });
    // Assess
    expect(status).toBe(201);
    expect(Object.keys(body).sort()).toEqual(propertyNames("video.v1.composition"));
    expect(violations(body, schemaOf("video.v1.composition"))).toEqual([]);
    expect(body).toMatchObject({
      account_sid: t.emu.accountSid,
      status: "enqueued",
      room_sid: room.sid,
      date_created: new Date(T0 + 30_000).toISOString().replace(".000Z", "Z"),
      date_completed: null,
      date_deleted: null,
      audio_sources: ["*"],
      audio_sources_excluded: [],
      video_layout: { grid: { video_sources: ["*"] } },
      resolution: "1280x720",
      trim: true,
      format: "webm",
      bitrate: 0,
      size: null,
      duration: 0,
      media_external_location: null,
      status_callback: null,
      status_callback_method: "POST",
      url: `${t.emu.url}/v1/Compositions/${body.sid}`,
      links: { media: `${t.emu.url}/v1/Compositions/${body.sid}/Media` },
    });
    expect(body.sid).toMatch(/^CJ[0-9a-f]{32}$/);
  });

  it("completes with date_completed, size, duration and bitrate after compositionSeconds", async () => {
    // Prepare
    const { created } = await composed({ Format: "mp4" }, 2);
    // Act
    const { body } = await get(`/v1/Compositions/${created.body.sid}`);
    // Assess
    expect(body).toMatchObject({
      status: "completed",
      format: "mp4",
      date_completed: new Date(T0 + 32_000).toISOString().replace(".000Z", "Z"),
      duration: 30,
    });
    expect(body.size).toBeGreaterThan(1000);
    expect(body.bitrate).toBe(Math.round(((body.size as number) * 8) / 30 / 1000));
    expect(violations(body, schemaOf("video.v1.composition"))).toEqual([]);
  });

  it("is processing half way through compositionSeconds", async () => {
    // Prepare
    const { created } = await composed({}, 1);
    // Act
    const { body } = await get(`/v1/Compositions/${created.body.sid}`);
    // Assess
    expect(body.status).toBe("processing");
    expect(body.size).toBeNull();
  });

  it("follows compositionSeconds from the faults when it is set", async () => {
    // Prepare
    await control(t.emu, "PUT", "/faults", { compositionSeconds: 60 });
    const { created } = await composed({}, 30);
    // Act
    const half = (await get(`/v1/Compositions/${created.body.sid}`)).body.status;
    t.clock.advance(30_000);
    const done = (await get(`/v1/Compositions/${created.body.sid}`)).body.status;
    // Assess
    expect([half, done]).toEqual(["processing", "completed"]);
  });

  it.each([
    { case: "RoomSid is missing", form: { RoomSid: null }, status: 400, code: 20001, says: "RoomSid" },
    { case: "RoomSid is malformed", form: { RoomSid: "RM123" }, status: 400, code: 20001, says: "RoomSid" },
    {
      case: "the room does not exist",
      form: { RoomSid: `RM${"0".repeat(32)}` },
      status: 404,
      code: 53106,
      says: "Room not found",
    },
    {
      case: "neither VideoLayout nor AudioSources is given",
      form: { AudioSources: null },
      status: 400,
      code: 20001,
      says: "VideoLayout or AudioSources",
    },
    { case: "Format is unknown", form: { Format: "mkv" }, status: 400, code: 20001, says: "Format" },
    {
      case: "Resolution is wider than 1280",
      form: { Resolution: "1920x480" },
      status: 400,
      code: 20001,
      says: "Resolution",
    },
    {
      case: "Resolution is over 921,600 pixels",
      form: { Resolution: "1280x1280" },
      status: 400,
      code: 20001,
      says: "Resolution",
    },
    {
      case: "Resolution is not WxH",
      form: { Resolution: "hd" },
      status: 400,
      code: 20001,
      says: "Resolution",
    },
    {
      case: "VideoLayout is not a JSON object",
      form: { VideoLayout: "[1]" },
      status: 400,
      code: 20001,
      says: "VideoLayout",
    },
    { case: "Trim is not a boolean", form: { Trim: "maybe" }, status: 400, code: 20001, says: "Trim" },
    {
      case: "StatusCallback is not a URL",
      form: { StatusCallback: "nope" },
      status: 400,
      code: 20001,
      says: "StatusCallback",
    },
    { case: "no source matches", form: { AudioSources: "nobody*" }, status: 400, code: 53630, says: "match" },
  ])("answers $status/$code when $case", async ({ form, status, code, says }) => {
    // Prepare
    const { room } = await endedRoom(t.emu, t.clock);
    const given: Record<string, string | null> = { RoomSid: room.sid, AudioSources: "*", ...form };
    const body = Object.fromEntries(
      Object.entries(given).filter((e): e is [string, string] => e[1] !== null),
    );
    // Act
    const out = await compose(t.emu, body);
    // Assess
    expect(out.status).toBe(status);
    expect(out.body).toMatchObject({ code, status, more_info: `https://www.twilio.com/docs/errors/${code}` });
    expect(out.body.message).toContain(says);
  });

  it("answers 400 when the room is still in progress", async () => {
    // Prepare
    const room = await createRoom(t.emu);
    await control(t.emu, "POST", `/rooms/${room.sid}/participants`, {
      identity: "alice",
      tracks: [{ kind: "audio" }],
    });
    // Act
    const out = await compose(t.emu, { RoomSid: room.sid, AudioSources: "*" });
    // Assess
    expect(out.status).toBe(400);
    expect(out.body).toMatchObject({ code: 20001, message: expect.stringContaining("in progress") });
  });

  it("answers 400/53630 when the room recorded nothing", async () => {
    // Prepare
    const room = await createRoom(t.emu, { RecordParticipantsOnConnect: "false" });
    await control(t.emu, "POST", `/rooms/${room.sid}/end`);
    // Act
    const out = await compose(t.emu, { RoomSid: room.sid, AudioSources: "*" });
    // Assess
    expect(out.body).toMatchObject({ code: 53630, status: 400 });
  });

  it("answers 400/53628 when every recording of the room was deleted", async () => {
    // Prepare
    const { room, recordingSids } = await endedRoom(t.emu, t.clock);
    for (const sid of recordingSids) await rest(t.emu, "DELETE", `/v1/Recordings/${sid}`);
    // Act
    const out = await compose(t.emu, { RoomSid: room.sid, AudioSources: "*" });
    // Assess
    expect(out.body).toMatchObject({ code: 53628, status: 400 });
  });

  it("lists newest first in Twilio's envelope and follows next_page_url across pages", async () => {
    // Prepare
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) {
      sids.unshift((await control(t.emu, "POST", "/compositions", {})).body.sid as string);
      t.clock.advance(1000);
    }
    // Act
    const first = await get("/v1/Compositions?PageSize=2");
    const meta = first.body.meta as Json;
    const second = await fetch(String(meta.next_page_url), {
      headers: {
        authorization: `Basic ${Buffer.from(`${t.emu.accountSid}:${t.emu.authToken}`).toString("base64")}`,
      },
    }).then((r) => r.json() as Promise<Json>);
    // Assess
    expect((first.body.compositions as Json[]).map((c) => c.sid)).toEqual(sids.slice(0, 2));
    expect((second.compositions as Json[]).map((c) => c.sid)).toEqual(sids.slice(2, 4));
    expect(meta).toMatchObject({ key: "compositions", page: 0, page_size: 2, previous_page_url: null });
  });

  it.each([
    { case: "Status", query: "Status=failed", expected: ["failed"] },
    { case: "RoomSid", query: `RoomSid=RM${"a".repeat(32)}`, expected: ["in-room"] },
    {
      case: "DateCreatedAfter",
      query: "DateCreatedAfter=2025-01-15T12:00:00Z",
      expected: ["in-room", "failed"],
    },
    { case: "DateCreatedBefore", query: "DateCreatedBefore=2025-01-15T12:00:00Z", expected: ["old"] },
  ])("filters by $case", async ({ query, expected }) => {
    // Prepare
    const names = new Map<string, string>();
    const add = async (name: string, body: Json) =>
      names.set((await control(t.emu, "POST", "/compositions", body)).body.sid as string, name);
    await add("old", { dateCreated: "2025-01-01T00:00:00Z" });
    await add("in-room", { roomSid: `RM${"a".repeat(32)}` });
    await add("failed", { status: "failed" });
    // Act
    const { body } = await get(`/v1/Compositions?${query}`);
    // Assess
    const listed = (body.compositions as Json[]).map((c) => names.get(c.sid as string));
    expect(listed.sort()).toEqual([...expected].sort());
  });

  it("answers 400/20001 when a list filter is invalid", async () => {
    // Prepare / Act
    const out = await get("/v1/Compositions?Status=done");
    // Assess
    expect(out).toMatchObject({ status: 400, body: { code: 20001 } });
  });

  it("deletes a completed composition and lists it only when Status=deleted is asked", async () => {
    // Prepare
    const { sid } = (await control(t.emu, "POST", "/compositions", {})).body as { sid: string };
    // Act
    const del = await rest(t.emu, "DELETE", `/v1/Compositions/${sid}`);
    const fetched = await get(`/v1/Compositions/${sid}`);
    const listed = (await get("/v1/Compositions")).body.compositions as Json[];
    const deleted = (await get("/v1/Compositions?Status=deleted")).body.compositions as Json[];
    // Assess
    expect(del.status).toBe(204);
    expect(fetched.body).toMatchObject({ status: "deleted", date_deleted: "2025-01-15T12:00:00Z" });
    expect(listed).toEqual([]);
    expect(deleted.map((c) => c.sid)).toEqual([sid]);
  });

  it("forgets a deleted composition after 30 days", async () => {
    // Prepare
    const { sid } = (await control(t.emu, "POST", "/compositions", {})).body as { sid: string };
    await rest(t.emu, "DELETE", `/v1/Compositions/${sid}`);
    // Act
    t.clock.advance(30 * 24 * 3600 * 1000 - 1000);
    const before = await get(`/v1/Compositions/${sid}`);
    t.clock.advance(1000);
    const after = await get(`/v1/Compositions/${sid}`);
    // Assess
    expect(before.status).toBe(200);
    expect(after).toMatchObject({ status: 404, body: { code: 20404 } });
  });

  it.each([
    { case: "a second DELETE", status: "deleted", expected: 404 },
    { case: "DELETE while processing", status: "processing", expected: 400 },
    { case: "DELETE of a failed composition", status: "failed", expected: 204 },
  ])("answers $expected to $case", async ({ status, expected }) => {
    // Prepare
    const { sid } = (await control(t.emu, "POST", "/compositions", { status })).body as { sid: string };
    // Act
    const res = await rest(t.emu, "DELETE", `/v1/Compositions/${sid}`);
    // Assess
    expect(res.status).toBe(expected);
  });

  it("answers 404/20404 for an unknown composition SID", async () => {
    // Prepare / Act
    const out = await get(`/v1/Compositions/CJ${"0".repeat(32)}`);
    // Assess
    expect(out).toMatchObject({ status: 404, body: { code: 20404, status: 404 } });
  });

  it("answers 302 with redirect_to and Location when the media of a completed composition is asked", async () => {
    // Prepare
    const { sid } = (await control(t.emu, "POST", "/compositions", { format: "mp4" })).body as {
      sid: string;
    };
    // Act
    const res = await rest(t.emu, "GET", `/v1/Compositions/${sid}/Media?Ttl=60`);
    const body = (await res.json()) as { redirect_to: string };
    // Assess
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(body.redirect_to);
    expect(body.redirect_to.startsWith(`${t.emu.url}/_media/${sid}.mp4?`)).toBe(true);
    expect(new URL(body.redirect_to).searchParams.get("Expires")).toBe(String(T0 / 1000 + 60));
  });

  it.each(["enqueued", "processing", "failed", "deleted"] as const)(
    "answers 404 for the media while the composition is %s",
    async (status) => {
      // Prepare
      const { sid } = (await control(t.emu, "POST", "/compositions", { status })).body as { sid: string };
      // Act
      const out = await get(`/v1/Compositions/${sid}/Media`);
      // Assess
      expect(out).toMatchObject({ status: 404, body: { code: 20404 } });
    },
  );

  it.each(["0", "3601", "1.5", "ten"])("answers 400/20001 when the media Ttl is %s", async (ttl) => {
    // Prepare
    const { sid } = (await control(t.emu, "POST", "/compositions", {})).body as { sid: string };
    // Act
    const out = await get(`/v1/Compositions/${sid}/Media?Ttl=${ttl}`);
    // Assess
    expect(out).toMatchObject({ status: 400, body: { code: 20001 } });
  });
});
