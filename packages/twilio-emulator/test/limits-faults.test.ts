import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_ACCOUNT_SID, type Emulator } from "../src/index";
import { control, rest, seed, startEmulator } from "./support";

const statuses = (responses: Response[]) => responses.map((r) => r.status);
const count = (list: number[], status: number) => list.filter((s) => s === status).length;

describe("emulator rate limits and faults", () => {
  let emu: Emulator;

  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(() => emu.stop());

  it("answers 429 with code 20429 beyond 20 writes in a second", async () => {
    // Prepare
    const burst = Array.from({ length: 40 }, () => rest(emu, "POST", "/v1/Rooms", { form: {} }));
    // Act
    const responses = await Promise.all(burst);
    // Assess
    const got = statuses(responses);
    expect(count(got, 201)).toBeGreaterThanOrEqual(20);
    expect(count(got, 201)).toBeLessThanOrEqual(21);
    const refused = responses.find((r) => r.status === 429);
    expect(await refused?.json()).toEqual({
      code: 20429,
      message: "Too Many Requests",
      more_info: "https://www.twilio.com/docs/errors/20429",
      status: 429,
    });
  });

  it("answers 429 beyond 80 reads in a second but keeps writes apart", async () => {
    // Prepare
    const reads = Array.from({ length: 120 }, () => rest(emu, "GET", "/v1/Recordings"));
    // Act
    const got = statuses(await Promise.all(reads));
    const write = await rest(emu, "POST", "/v1/Rooms", { form: {} });
    // Assess
    expect(count(got, 200)).toBeGreaterThanOrEqual(80);
    expect(count(got, 200)).toBeLessThanOrEqual(81);
    expect(count(got, 429)).toBeGreaterThanOrEqual(39);
    expect(write.status).toBe(201);
  });

  it("counts the 429s it answered in its state, by account and kind, until reset", async () => {
    // Prepare
    const burst = Array.from({ length: 30 }, () => rest(emu, "POST", "/v1/Rooms", { form: {} }));
    const refused = count(statuses(await Promise.all(burst)), 429);
    // Act
    const before = (await control(emu, "GET", "/state")).body;
    await control(emu, "POST", "/reset");
    const after = (await control(emu, "GET", "/state")).body;
    // Assess
    expect(refused).toBeGreaterThanOrEqual(9);
    expect(before.rateLimited).toEqual({ [`${DEFAULT_ACCOUNT_SID}:write`]: refused });
    expect(after.rateLimited).toEqual({});
  });

  it("admits the whole burst when writesPerSecond is raised", async () => {
    // Prepare
    await control(emu, "PUT", "/faults", { writesPerSecond: 1000 });
    // Act
    const got = statuses(
      await Promise.all(Array.from({ length: 40 }, () => rest(emu, "POST", "/v1/Rooms", { form: {} }))),
    );
    // Assess
    expect(count(got, 201)).toBe(40);
  });

  it("never limits the controls", async () => {
    // Prepare
    await control(emu, "PUT", "/faults", { readsPerSecond: 1, writesPerSecond: 1 });
    // Act
    const got = await Promise.all(Array.from({ length: 50 }, () => control(emu, "POST", "/recordings", {})));
    // Assess
    expect(got.every((r) => r.status === 201)).toBe(true);
  });

  it("answers 500 with a Twilio error body and changes nothing when errorRate is 1", async () => {
    // Prepare
    const { sid } = await seed(emu);
    await control(emu, "PUT", "/faults", { errorRate: 1 });
    // Act
    const res = await rest(emu, "DELETE", `/v1/Recordings/${sid}`);
    // Assess
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 20500, status: 500 });
    await control(emu, "PUT", "/faults", {});
    const rec = (await (await rest(emu, "GET", `/v1/Recordings/${sid}`)).json()) as { status: string };
    expect(rec.status).toBe("completed");
  });

  it("fails about the asked fraction of calls when errorRate is 0.5", async () => {
    // Prepare
    await control(emu, "PUT", "/faults", { errorRate: 0.5, readsPerSecond: 10_000 });
    // Act
    const got = statuses(
      await Promise.all(Array.from({ length: 200 }, () => rest(emu, "GET", "/v1/Recordings"))),
    );
    // Assess
    expect(count(got, 500)).toBeGreaterThan(60);
    expect(count(got, 500)).toBeLessThan(140);
    expect(count(got, 200) + count(got, 500)).toBe(200);
  });

  it("delays REST answers by latencyMs but not controls", async () => {
    // Prepare
    await control(emu, "PUT", "/faults", { latencyMs: 150 });
    // Act
    const t0 = performance.now();
    await rest(emu, "GET", "/v1/Recordings");
    const restMs = performance.now() - t0;
    const t1 = performance.now();
    await control(emu, "GET", "/state");
    const controlMs = performance.now() - t1;
    // Assess
    expect(restMs).toBeGreaterThanOrEqual(140);
    expect(controlMs).toBeLessThan(100);
  });

  it("clears every fault when {} is put", async () => {
    // Prepare
    await control(emu, "PUT", "/faults", { errorRate: 1, latencyMs: 5, dropCallbacks: true });
    // Act
    const put = await control(emu, "PUT", "/faults", {});
    const res = await rest(emu, "GET", "/v1/Recordings");
    // Assess
    expect(put.body).toEqual({});
    expect((await control(emu, "GET", "/faults")).body).toEqual({});
    expect(res.status).toBe(200);
  });

  it.each([
    { case: "an unknown fault", body: { errorRat: 0.5 } },
    { case: "errorRate above 1", body: { errorRate: 2 } },
    { case: "a zero rate limit", body: { writesPerSecond: 0 } },
    { case: "negative latency", body: { latencyMs: -1 } },
    { case: "a non-boolean shuffle", body: { shuffleCallbacks: "yes" } },
    { case: "an array", body: [1] },
    { case: "broken JSON", body: "{nope" },
  ])("answers 400 with a reason when the faults are $case", async ({ body }) => {
    // Prepare / Act
    const res = await control(emu, "PUT", "/faults", body);
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(expect.any(String));
  });
});
