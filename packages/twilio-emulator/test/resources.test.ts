import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index";
import { propertyNames, schemaOf, violations } from "./schema-check";
import { control, createRoom, join, rest, seed, startEmulator } from "./support";

const RT = /^RT[0-9a-f]{32}$/;
const WHOLE_SECONDS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe("emulator resource JSON", () => {
  let emu: Emulator;

  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(() => emu.stop());

  const fetchJson = async (path: string) =>
    (await (await rest(emu, "GET", path)).json()) as Record<string, unknown>;

  it.each(["processing", "completed", "failed", "deleted"] as const)(
    "matches the video.v1.recording schema field for field when the recording is %s",
    async (status) => {
      // Prepare
      const { sid } = await seed(emu, { status, type: "video" });
      // Act
      const rec = await fetchJson(`/v1/Recordings/${sid}`);
      // Assess
      expect(Object.keys(rec).sort()).toEqual(propertyNames("video.v1.recording"));
      expect(violations(rec, schemaOf("video.v1.recording"))).toEqual([]);
      expect(rec.status).toBe(status);
    },
  );

  it("carries every field of the facts table with Twilio's types when a recording completed", async () => {
    // Prepare
    const room = await createRoom(emu, { StatusCallback: "https://example.com/cb" });
    const { participantSid, recordingSids } = await join(emu, room.sid, ["audio"]);
    await control(emu, "POST", `/recordings/${recordingSids[0]}/complete`, { size: 5000, duration: 7 });
    // Act
    const rec = await fetchJson(`/v1/Recordings/${recordingSids[0]}`);
    // Assess
    expect(rec).toEqual({
      account_sid: emu.accountSid,
      status: "completed",
      date_created: expect.stringMatching(WHOLE_SECONDS_UTC),
      sid: expect.stringMatching(RT),
      source_sid: expect.stringMatching(/^MT[0-9a-f]{32}$/),
      size: 5000,
      url: `${emu.url}/v1/Recordings/${recordingSids[0]}`,
      type: "audio",
      duration: 7,
      container_format: "mka",
      codec: "opus",
      grouping_sids: { room_sid: room.sid, participant_sid: participantSid },
      track_name: rec.source_sid,
      offset: expect.any(Number),
      media_external_location: null,
      status_callback: "https://example.com/cb",
      status_callback_method: "POST",
      links: { media: `${emu.url}/v1/Recordings/${recordingSids[0]}/Media` },
    });
    expect(rec.offset).toBeGreaterThan(0);
  });

  it("matches the room_recording schema and adds room_sid when read under the room", async () => {
    // Prepare
    const { sid, grouping_sids } = await seed(emu, { type: "audio" });
    const roomSid = (grouping_sids as { room_sid: string }).room_sid;
    // Act
    const rec = await fetchJson(`/v1/Rooms/${roomSid}/Recordings/${sid}`);
    // Assess
    expect(Object.keys(rec).sort()).toEqual(propertyNames("video.v1.room.room_recording"));
    expect(violations(rec, schemaOf("video.v1.room.room_recording"))).toEqual([]);
    expect(rec.room_sid).toBe(roomSid);
    expect(rec.url).toBe(`${emu.url}/v1/Rooms/${roomSid}/Recordings/${sid}`);
  });

  it("matches the video.v1.room schema when a room was created and when it ended", async () => {
    // Prepare
    const room = await createRoom(emu, { UniqueName: "r1", Type: "group-small" });
    const open = await fetchJson(`/v1/Rooms/${room.sid}`);
    // Act
    await control(emu, "POST", `/rooms/${room.sid}/end`);
    const ended = await fetchJson(`/v1/Rooms/${room.sid}`);
    // Assess
    for (const r of [open, ended]) {
      expect(Object.keys(r).sort()).toEqual(propertyNames("video.v1.room"));
      expect(violations(r, schemaOf("video.v1.room"))).toEqual([]);
    }
    expect(open).toMatchObject({
      status: "in-progress",
      end_time: null,
      duration: null,
      type: "group-small",
    });
    expect(ended).toMatchObject({ status: "completed", end_time: expect.stringMatching(WHOLE_SECONDS_UTC) });
  });

  it("lists recordings in the documented envelope with absolute page URLs", async () => {
    // Prepare
    await seed(emu);
    await seed(emu);
    // Act
    const page = await fetchJson("/v1/Recordings?PageSize=1&MediaType=audio");
    // Assess
    const meta = page.meta as Record<string, unknown>;
    expect(meta).toEqual({
      page: 0,
      page_size: 1,
      first_page_url: `${emu.url}/v1/Recordings?MediaType=audio&PageSize=1&Page=0`,
      previous_page_url: null,
      url: `${emu.url}/v1/Recordings?MediaType=audio&PageSize=1&Page=0`,
      next_page_url: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/v1\/Recordings\?MediaType=audio&PageSize=1&Page=1&PageToken=PA/,
      ),
      key: "recordings",
    });
    expect(page.recordings).toHaveLength(1);
  });

  it("reports violations when a field has the wrong type, so the checks above can fail", () => {
    // Prepare
    const bad = { sid: "RT1", size: "12", codec: "AV1", date_created: "yesterday" };
    // Act
    const found = violations(bad, schemaOf("video.v1.recording"));
    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining("$.sid"),
        expect.stringContaining("$.size"),
        expect.stringContaining("$.codec"),
        expect.stringContaining("$.date_created"),
      ]),
    );
  });
});
