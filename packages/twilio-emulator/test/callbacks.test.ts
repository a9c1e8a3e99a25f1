import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, mediaLength } from "../src/index";
import { control, createRoom, join, manualClock, receiver, rest, startEmulator, T0 } from "./support";

type Receiver = Awaited<ReturnType<typeof receiver>>;

describe("emulator status callbacks", () => {
  let emu: Emulator;
  let rx: Receiver;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(T0);
    emu = await startEmulator({ clock: clock.now });
    rx = await receiver();
  });
  afterEach(async () => {
    await emu.stop();
    await rx.close();
  });

  /** A recording room's whole life: one participant with audio + video, one track fails, the room ends. */
  const lifecycle = async (method: "GET" | "POST") => {
    const room = await createRoom(emu, { StatusCallback: rx.url, StatusCallbackMethod: method });
    const { recordingSids } = await join(emu, room.sid);
    clock.advance(3_000);
    await control(emu, "POST", `/recordings/${recordingSids[1]}/fail`, {
      failedOperation: "RecordingUpload",
    });
    await control(emu, "POST", `/rooms/${room.sid}/end`);
    await emu.idle();
    return { room, recordingSids };
  };

  it("sends the room's events in order when a recording room lives and ends", async () => {
    // Prepare / Act
    await lifecycle("POST");
    // Assess
    expect(rx.events()).toEqual([
      "room-created",
      "participant-connected",
      "recording-started",
      "recording-started",
      "recording-failed",
      "recording-completed",
      "participant-disconnected",
      "room-ended",
    ]);
  });

  it.each(["POST", "GET"] as const)(
    "signs every %s callback so twilio.validateRequest accepts it",
    async (method) => {
      // Prepare / Act
      await lifecycle(method);
      // Assess
      expect(rx.received).toHaveLength(8);
      for (const r of rx.received) {
        const signature = String(r.headers["x-twilio-signature"]);
        const params = method === "POST" ? r.params : {};
        expect(r.method).toBe(method);
        expect(twilio.validateRequest(emu.authToken, signature, r.url, params)).toBe(true);
        expect(twilio.validateRequest("another-token", signature, r.url, params)).toBe(false);
      }
    },
  );

  it("carries the documented parameters when a recording completes", async () => {
    // Prepare
    const { room, recordingSids } = await lifecycle("POST");
    // Act
    const completed = rx.received.find((r) => r.params.StatusCallbackEvent === "recording-completed")?.params;
    // Assess
    const sid = recordingSids[0] ?? "";
    expect(completed).toEqual({
      AccountSid: emu.accountSid,
      RoomSid: room.sid,
      RoomName: room.unique_name,
      RoomType: "group",
      StatusCallbackEvent: "recording-completed",
      Timestamp: new Date(T0 + 3000).toISOString().replace("Z", "000Z"),
      RecordingSid: sid,
      ParticipantSid: expect.stringMatching(/^PA[0-9a-f]{32}$/),
      ParticipantIdentity: "alice",
      SourceSid: expect.stringMatching(/^MT[0-9a-f]{32}$/),
      TrackName: expect.stringMatching(/^MT[0-9a-f]{32}$/),
      Type: "audio",
      Container: "mka",
      Codec: "opus",
      RecordingUri: `/v1/Recordings/${sid}`,
      OffsetFromTwilioVideoEpoch: expect.stringMatching(/^\d+$/),
      MediaUri: `/v1/Recordings/${sid}/Media`,
      Duration: "3",
      Size: String(mediaLength({ sid, codec: "OPUS", duration: 3 })),
    });
  });

  it("adds FailedOperation and no media fields when a recording fails", async () => {
    // Prepare / Act
    await lifecycle("POST");
    const failed = rx.received.find((r) => r.params.StatusCallbackEvent === "recording-failed")?.params;
    // Assess
    expect(failed?.FailedOperation).toBe("RecordingUpload");
    expect(failed?.Type).toBe("video");
    expect(failed).not.toHaveProperty("MediaUri");
    expect(failed).not.toHaveProperty("TrackSid");
  });

  it("retries once when the receiver cannot be reached", async () => {
    // Prepare
    await rx.close();
    // Act
    await createRoom(emu, { StatusCallback: rx.url });
    await emu.idle();
    // Assess
    expect(emu.callbacks()).toEqual([
      expect.objectContaining({ event: "room-created", outcome: "failed", attempts: 2 }),
    ]);
  });

  it("does not retry when the receiver answers 500", async () => {
    // Prepare
    rx.answerWith(500);
    // Act
    await createRoom(emu, { StatusCallback: rx.url });
    await emu.idle();
    // Assess
    expect(rx.received).toHaveLength(1);
    expect(emu.callbacks()[0]).toMatchObject({ outcome: "rejected", status: 500, attempts: 1 });
  });

  it("drops every callback when dropCallbacks is true", async () => {
    // Prepare
    emu.setFaults({ dropCallbacks: 1 });
    // Act
    await lifecycle("POST");
    // Assess
    expect(rx.received).toHaveLength(0);
    expect(emu.callbacks().every((d) => d.outcome === "dropped")).toBe(true);
  });

  it("delivers each callback twice with one idempotency token when duplicateCallbacks is 1", async () => {
    // Prepare
    await control(emu, "PUT", "/faults", { duplicateCallbacks: true });
    // Act
    await createRoom(emu, { StatusCallback: rx.url });
    await emu.idle();
    // Assess
    expect(rx.events()).toEqual(["room-created", "room-created"]);
    const tokens = rx.received.map((r) => r.headers["i-twilio-idempotency-token"]);
    expect(tokens[0]).toBeTruthy();
    expect(tokens[0]).toBe(tokens[1]);
  });

  it("reorders deliveries but loses none when shuffleCallbacks is on", async () => {
    // Prepare
    emu.setFaults({ shuffleCallbacks: true });
    // Act
    await lifecycle("POST");
    // Assess
    expect(rx.events()).not.toEqual([
      "room-created",
      "participant-connected",
      "recording-started",
      "recording-started",
      "recording-failed",
      "recording-completed",
      "participant-disconnected",
      "room-ended",
    ]);
    expect(rx.events()).toHaveLength(8);
  });

  it("answers the delivery log once every callback settled when flush is called", async () => {
    // Prepare
    const room = await createRoom(emu, { StatusCallback: rx.url });
    // Act
    const flushed = await control(emu, "POST", "/callbacks/flush");
    // Assess
    expect(flushed.status).toBe(200);
    expect(flushed.body.pending).toBe(0);
    expect(flushed.body.callbacks).toEqual([
      expect.objectContaining({
        event: "room-created",
        roomSid: room.sid,
        outcome: "delivered",
        status: 204,
      }),
    ]);
    expect(rx.received).toHaveLength(1);
  });

  it("keeps the query of a configured StatusCallback inside the signed URL when using GET", async () => {
    // Prepare
    const url = `${rx.url}?tenant=a%20b&x=1`;
    // Act
    await createRoom(emu, { StatusCallback: url, StatusCallbackMethod: "GET" });
    await emu.idle();
    // Assess
    const r = rx.received[0];
    expect(r?.url.startsWith(`${url}&`)).toBe(true);
    expect(
      twilio.validateRequest(emu.authToken, String(r?.headers["x-twilio-signature"]), r?.url ?? "", {}),
    ).toBe(true);
  });

  it("sends nothing when the room has no StatusCallback", async () => {
    // Prepare
    const room = await createRoom(emu);
    // Act
    await join(emu, room.sid);
    await rest(emu, "POST", `/v1/Rooms/${room.sid}`, { form: { Status: "completed" } });
    await emu.idle();
    // Assess
    expect(emu.callbacks()).toHaveLength(0);
  });
});
