import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { compose, control, emulatorEachTest, endedRoom, rest, startEmulator, T0 } from "./support";

const micros = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

describe("emulator composition lifecycle and callbacks", () => {
  const t = emulatorEachTest({ withReceiver: true });

  /** Composes a room that ended at T0 + 30 s with its callbacks sent to the receiver. */
  const composeToReceiver = async (form: Record<string, string> = {}) => {
    const { room } = await endedRoom(t.emu, t.clock);
    const created = await compose(t.emu, {
      RoomSid: room.sid,
      AudioSources: "*",
      StatusCallback: t.rx.url,
      ...form,
    });
    return { room, sid: created.body.sid };
  };

  const compositionEvents = () => t.rx.events().filter((e) => e?.startsWith("composition-"));
  const paramsOf = (event: string) => t.rx.received.filter((r) => r.params.StatusCallbackEvent === event);

  it("sends composition-started, progress every 10 % and composition-available over compositionSeconds", async () => {
    // Prepare
    await composeToReceiver();
    // Act
    t.clock.advance(2000);
    await t.emu.idle();
    // Assess
    expect(compositionEvents()).toEqual([
      "composition-started",
      ...Array<string>(9).fill("composition-progress"),
      "composition-available",
    ]);
    expect(paramsOf("composition-progress").map((r) => r.params.PercentageDone)).toEqual([
      "10",
      "20",
      "30",
      "40",
      "50",
      "60",
      "70",
      "80",
      "90",
    ]);
  });

  it("sends only what the t.clock has reached", async () => {
    // Prepare
    await composeToReceiver();
    // Act
    t.clock.advance(300);
    await t.emu.idle();
    const early = compositionEvents();
    t.clock.advance(1000);
    await t.emu.idle();
    // Assess
    expect(early).toEqual(["composition-started"]);
    expect(compositionEvents()).toHaveLength(7);
  });

  it("dates each callback when its step happened, not when the t.clock was read", async () => {
    // Prepare
    await composeToReceiver();
    // Act
    t.clock.advance(60_000);
    await t.emu.idle();
    // Assess
    const created = T0 + 30_000;
    expect(paramsOf("composition-started")[0]?.params.Timestamp).toBe(micros(created + 200));
    expect(paramsOf("composition-progress")[4]?.params).toMatchObject({
      Timestamp: micros(created + 200 + 900),
      PercentageDone: "50",
      SecondsRemaining: "1",
    });
    expect(paramsOf("composition-available")[0]?.params.Timestamp).toBe(micros(created + 2000));
  });

  it("carries the documented parameters when the composition is available", async () => {
    // Prepare
    const { room, sid } = await composeToReceiver({ Format: "mp4" });
    // Act
    t.clock.advance(2000);
    await t.emu.idle();
    // Assess
    const fetched = (await (await rest(t.emu, "GET", `/v1/Compositions/${sid}`)).json()) as { size: number };
    expect(paramsOf("composition-available")[0]?.params).toEqual({
      AccountSid: t.emu.accountSid,
      RoomSid: room.sid,
      CompositionSid: sid,
      CompositionUri: `/v1/Compositions/${sid}`,
      StatusCallbackEvent: "composition-available",
      Timestamp: micros(T0 + 32_000),
      MediaUri: `/v1/Compositions/${sid}/Media`,
      Duration: "30",
      Size: String(fetched.size),
    });
  });

  it.each(["POST", "GET"] as const)(
    "signs every %s composition callback so twilio.validateRequest accepts it",
    async (method) => {
      // Prepare
      await composeToReceiver({ StatusCallbackMethod: method });
      // Act
      t.clock.advance(2000);
      await t.emu.idle();
      // Assess
      expect(t.rx.received).toHaveLength(11);
      for (const r of t.rx.received) {
        const signature = String(r.headers["x-twilio-signature"]);
        const params = method === "POST" ? r.params : {};
        expect(r.method).toBe(method);
        expect(twilio.validateRequest(t.emu.authToken, signature, r.url, params)).toBe(true);
      }
    },
  );

  it("fails with composition-failed, FailedOperation and ErrorMessage when the fail control is used", async () => {
    // Prepare
    const { sid } = await composeToReceiver();
    t.clock.advance(500);
    // Act
    const out = await control(t.emu, "POST", `/compositions/${sid}/fail`, { failedOperation: "Upload" });
    t.clock.advance(5000);
    await t.emu.idle();
    // Assess
    expect(out.body).toMatchObject({ sid, status: "failed", size: 0 });
    expect(compositionEvents()).toEqual([
      "composition-started",
      "composition-progress",
      "composition-failed",
    ]);
    expect(paramsOf("composition-failed")[0]?.params).toMatchObject({
      CompositionSid: sid,
      FailedOperation: "Upload",
      ErrorMessage: "Internal failure while processing media composition",
    });
  });

  it.each([
    { case: "the composition completed", status: "completed", expected: 409 },
    { case: "the composition is unknown", status: null, expected: 404 },
  ])("refuses the fail control with $expected when $case", async ({ status, expected }) => {
    // Prepare
    const sid =
      status === null
        ? `CJ${"0".repeat(32)}`
        : ((await control(t.emu, "POST", "/compositions", { status })).body.sid as string);
    // Act
    const out = await control(t.emu, "POST", `/compositions/${sid}/fail`);
    // Assess
    expect(out.status).toBe(expected);
  });

  it("moves compositions along when POST /_emulator/clock advances the clock", async () => {
    // Prepare
    const { sid } = await composeToReceiver();
    // Act
    await control(t.emu, "POST", "/clock", { advanceSeconds: 2 });
    const flushed = await control(t.emu, "POST", "/callbacks/flush?event=composition-available");
    // Assess
    expect(flushed.body.callbacks).toEqual([
      expect.objectContaining({
        event: "composition-available",
        url: t.rx.url,
        outcome: "delivered",
        status: 204,
        params: expect.objectContaining({ CompositionSid: sid }),
      }),
    ]);
  });

  it("moves with a real t.clock when none is injected", async () => {
    // Prepare
    const real = await startEmulator({ faults: { compositionSeconds: 0.3 } });
    try {
      const { room } = await endedRoom(real, { advance: () => undefined });
      const { body } = await compose(real, {
        RoomSid: room.sid,
        AudioSources: "*",
        StatusCallback: t.rx.url,
      });
      // Act
      await new Promise((resolve) => setTimeout(resolve, 600));
      await real.idle();
      // Assess
      const fetched = (await (await rest(real, "GET", `/v1/Compositions/${body.sid}`)).json()) as Record<
        string,
        unknown
      >;
      expect(fetched.status).toBe("completed");
      expect(compositionEvents().at(-1)).toBe("composition-available");
    } finally {
      await real.stop();
    }
  });

  it("logs composition callbacks as dropped when dropCallbacks is set", async () => {
    // Prepare
    await control(t.emu, "PUT", "/faults", { dropCallbacks: true });
    await composeToReceiver();
    // Act
    t.clock.advance(2000);
    await t.emu.idle();
    // Assess
    const log = t.emu.callbacks().filter((d) => d.event.startsWith("composition-"));
    expect(log).toHaveLength(11);
    expect(log.every((d) => d.outcome === "dropped")).toBe(true);
    expect(t.rx.received).toEqual([]);
  });

  it("counts composition calls against the account's 20 writes per second", async () => {
    // Prepare
    const statuses: number[] = [];
    // Act
    for (let i = 0; i < 21; i++) {
      const res = await rest(t.emu, "POST", "/v1/CompositionHooks", {
        form: { FriendlyName: `hook-${i}`, AudioSources: "*" },
      });
      statuses.push(res.status);
    }
    // Assess
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
