import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index";
import { control, createRoom, join, manualClock, rest, seed, startEmulator, T0 } from "./support";

describe("emulator controls", () => {
  let emu: Emulator;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(T0);
    emu = await startEmulator({ clock: clock.now });
  });
  afterEach(() => emu.stop());

  it("creates one processing recording per track when a participant joins a recording room", async () => {
    // Prepare
    const room = await createRoom(emu);
    // Act
    const out = await control(emu, "POST", `/rooms/${room.sid}/participants`, {
      identity: "bob",
      tracks: [{ kind: "audio", name: "mic" }, { kind: "video" }],
    });
    // Assess
    expect(out.status).toBe(201);
    const { recordingSids } = out.body as { recordingSids: string[] };
    expect(recordingSids).toHaveLength(2);
    const mic = (await (await rest(emu, "GET", `/v1/Recordings/${recordingSids[0]}`)).json()) as Record<
      string,
      unknown
    >;
    expect(mic).toMatchObject({
      status: "processing",
      track_name: "mic",
      type: "audio",
      size: null,
      duration: null,
    });
  });

  it("records nothing when the room does not record participants", async () => {
    // Prepare
    const room = await createRoom(emu, { RecordParticipantsOnConnect: "false" });
    // Act
    const out = await join(emu, room.sid);
    // Assess
    expect(out.recordingSids).toEqual([]);
  });

  it("completes with the given size and duration", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { recordingSids } = await join(emu, room.sid, ["video"]);
    // Act
    const out = await control(emu, "POST", `/recordings/${recordingSids[0]}/complete`, {
      size: 999,
      duration: 12,
    });
    // Assess
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ status: "completed", size: 999, duration: 12 });
  });

  it("answers 409 when completing a recording that is no longer processing", async () => {
    // Prepare
    const { sid } = await seed(emu);
    // Act
    const out = await control(emu, "POST", `/recordings/${sid}/complete`);
    // Assess
    expect(out.status).toBe(409);
  });

  it("seeds a recording in a new completed room with the given values", async () => {
    // Prepare
    const roomSid = `RM${"a".repeat(32)}`;
    // Act
    const rec = await seed(emu, {
      roomSid,
      type: "video",
      status: "deleted",
      dateCreated: "2024-01-02T03:04:05Z",
      size: 777,
      duration: 9,
    });
    // Assess
    expect(rec).toMatchObject({
      status: "deleted",
      date_created: "2024-01-02T03:04:05Z",
      size: 777,
      duration: 9,
      grouping_sids: { room_sid: roomSid, participant_sid: expect.stringMatching(/^PA/) },
    });
    const room = (await (await rest(emu, "GET", `/v1/Rooms/${roomSid}`)).json()) as { status: string };
    expect(room.status).toBe("completed");
  });

  it.each([
    { case: "a bad roomSid", body: { roomSid: "RM1" } },
    { case: "an unknown type", body: { type: "text" } },
    { case: "a bad date", body: { dateCreated: "soon" } },
    { case: "a negative size", body: { size: -1 } },
    { case: "broken JSON", body: "{" },
  ])("answers 400 with a reason when seeding with $case", async ({ body }) => {
    // Prepare / Act
    const out = await control(emu, "POST", "/recordings", body);
    // Assess
    expect(out.status).toBe(400);
    expect(out.body.error).toEqual(expect.any(String));
  });

  it("answers 400 when a participant has a track without kind", async () => {
    // Prepare
    const room = await createRoom(emu);
    // Act
    const out = await control(emu, "POST", `/rooms/${room.sid}/participants`, {
      identity: "x",
      tracks: [{}],
    });
    // Assess
    expect(out.status).toBe(400);
  });

  it("completes a leaving participant's recordings when disconnected", async () => {
    // Prepare
    const room = await createRoom(emu);
    const { participantSid, recordingSids } = await join(emu, room.sid);
    // Act
    const out = await control(emu, "POST", `/rooms/${room.sid}/participants/${participantSid}/disconnect`);
    // Assess
    expect(out.body.completedRecordingSids).toEqual(recordingSids);
  });

  it("moves the emulator clock when advanced", async () => {
    // Prepare / Act
    const out = await control(emu, "POST", "/clock", { advanceSeconds: 3600 });
    // Assess
    expect(out.body.now).toBe(new Date(T0 + 3600_000).toISOString());
  });

  it("forgets everything when reset", async () => {
    // Prepare
    await seed(emu);
    await control(emu, "PUT", "/faults", { errorRate: 1 });
    // Act
    await control(emu, "POST", "/reset");
    // Assess
    const state = (await control(emu, "GET", "/state")).body;
    expect(state.recordings).toEqual([]);
    expect(state.faults).toEqual({});
  });

  it("answers 404 with a reason for an unknown control", async () => {
    // Prepare / Act
    const out = await control(emu, "POST", "/teleport");
    // Assess
    expect(out.status).toBe(404);
    expect(out.body.error).toContain("teleport");
  });
});
