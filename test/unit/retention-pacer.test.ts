import { createPacer, inProcessRateLimiter } from "@video-recordings/core/retention";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { aWorld, daysAgo, NOW } from "../fakes/retention-fakes";

/** The most calls that started within any one second (half-open windows from each call). */
const busiestSecond = (times: readonly number[]): number =>
  Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + 1000).length));

afterEach(() => {
  vi.useRealTimers();
});

describe("createPacer", () => {
  it("never lets more calls start in a second than its rate, however callers arrive", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 }),
        async (perSecond, gaps) => {
          // Prepare
          vi.useFakeTimers({ now: NOW });
          const pacer = createPacer({
            perSecond,
            clock: Date.now,
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          });
          const started: number[] = [];
          // Act: callers arrive after the given gaps, each without waiting for the one before
          const calls: Promise<void>[] = [];
          for (const gap of gaps) {
            await vi.advanceTimersByTimeAsync(gap);
            calls.push(pacer.take().then(() => void started.push(Date.now())));
          }
          await vi.runAllTimersAsync();
          await Promise.all(calls);
          // Assess
          expect(started).toHaveLength(gaps.length);
          expect(busiestSecond(started)).toBeLessThanOrEqual(perSecond);
          vi.useRealTimers();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("lets a call start at once when it has been idle", async () => {
    // Prepare
    let now = 0;
    const sleeps: number[] = [];
    const pacer = createPacer({ perSecond: 20, clock: () => now, sleep: async (ms) => void sleeps.push(ms) });
    // Act
    await pacer.take();
    now = 10_000;
    await pacer.take();
    await pacer.take();
    // Assess: only the third waits, one interval with the pacer's 3 % headroom.
    expect(sleeps).toEqual([52]);
  });

  it.each([
    { case: "no calls at all", perSecond: 0 },
    { case: "a negative rate", perSecond: -1 },
    { case: "a rate that is not a number", perSecond: Number.NaN },
  ])("refuses $case", ({ perSecond }) => {
    // Act
    const create = () => createPacer({ perSecond, clock: () => 0, sleep: async () => {} });
    // Assess
    expect(create).toThrow(new RangeError("a pacer needs a positive rate"));
  });
});

describe("inProcessRateLimiter", () => {
  it("paces each account and kind of call on its own, as Twilio counts them", async () => {
    // Prepare
    const now = 0;
    const sleeps: string[] = [];
    const limiter = inProcessRateLimiter(
      { readsPerSecond: 80, writesPerSecond: 20 },
      { clock: () => now, sleep: async (ms) => void sleeps.push(String(ms)) },
    );
    // Act: two writes and two reads for each of two accounts, all at the same instant
    for (const account of ["AC1", "AC2"])
      for (const call of ["write", "write", "read", "read"] as const) await limiter.take(account, call);
    // Assess: in each account, the second write waits a write interval and the second read a read interval
    expect(sleeps).toEqual(["52", "13", "52", "13"]);
  });
});

describe("runSweep pacing", () => {
  it("keeps Twilio writes within 20 and reads within 80 a second", async () => {
    // Prepare
    vi.useFakeTimers({ now: NOW });
    const world = aWorld({}, { timers: "vitest" });
    for (let i = 0; i < 60; i++) await world.seed({ dateCreated: daysAgo(100 + i), size: 10 });
    world.deps.limits = { concurrency: 16 };
    // Act
    const running = world.run();
    await vi.runAllTimersAsync();
    const summary = await running;
    // Assess
    const at = (method: string) =>
      world.twilio.calls.filter((call) => call.method === method).map((c) => c.at);
    const reads = [...at("list"), ...at("open"), ...at("fetch")];
    expect(summary.deleted).toBe(60);
    expect(busiestSecond(at("delete"))).toBeLessThanOrEqual(20);
    expect(busiestSecond(reads)).toBeLessThanOrEqual(80);
    // 60 deletions at 20 a second cannot take less than 59 intervals of 50 ms.
    expect(Math.max(...at("delete")) - Math.min(...at("delete"))).toBeGreaterThanOrEqual(59 * 50);
  });

  it("draws recordings' and compositions' calls from the one budget of the account", async () => {
    // Prepare
    vi.useFakeTimers({ now: NOW });
    const world = aWorld({ archive: false }, { timers: "vitest" });
    for (let i = 0; i < 30; i++) {
      await world.seed({ dateCreated: daysAgo(100 + i) });
      await world.seedComposition({ dateCreated: daysAgo(100 + i) });
    }
    world.deps.limits = { concurrency: 16 };
    // Act
    const running = world.run();
    await vi.runAllTimersAsync();
    const summary = await running;
    // Assess
    const deletes = world.twilio.calls.filter((call) => call.method === "delete").map((call) => call.at);
    expect(summary.byKind).toMatchObject({ recording: { deleted: 30 }, composition: { deleted: 30 } });
    expect(busiestSecond(deletes)).toBeLessThanOrEqual(20);
    expect(Math.max(...deletes) - Math.min(...deletes)).toBeGreaterThanOrEqual(59 * 50);
  });

  it("follows lower limits when given", async () => {
    // Prepare
    vi.useFakeTimers({ now: NOW });
    const world = aWorld({ archive: false }, { timers: "vitest" });
    for (let i = 0; i < 12; i++) await world.seed({ dateCreated: daysAgo(100 + i) });
    world.deps.limits = { concurrency: 8, writesPerSecond: 5 };
    // Act
    const running = world.run();
    await vi.runAllTimersAsync();
    await running;
    // Assess
    const deletes = world.twilio.calls.filter((call) => call.method === "delete").map((call) => call.at);
    expect(deletes).toHaveLength(12);
    expect(busiestSecond(deletes)).toBeLessThanOrEqual(5);
  });

  it("paces with timers when the sweep is given no sleep of its own", async () => {
    // Prepare
    vi.useFakeTimers({ now: NOW });
    const world = aWorld({ archive: false }, { timers: "vitest" });
    for (let i = 0; i < 12; i++) await world.seed({ dateCreated: daysAgo(100 + i) });
    world.deps.limits = { concurrency: 8, writesPerSecond: 5 };
    delete world.deps.sleep;
    // Act
    const running = world.run();
    await vi.runAllTimersAsync();
    await running;
    // Assess
    const deletes = world.twilio.calls.filter((call) => call.method === "delete").map((call) => call.at);
    expect(deletes).toHaveLength(12);
    expect(busiestSecond(deletes)).toBeLessThanOrEqual(5);
  });
});
