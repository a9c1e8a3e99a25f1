import { dynamoRateLimiter } from "@video-recordings/core/dynamo";
import type { TwilioCallKind } from "@video-recordings/core/retention";
import { dynamoClient } from "@video-recordings/local";
import { describe, expect, inject, it } from "vitest";
import { freshRecordingsTable } from "../support/dynamo";

const ACCOUNTS = [`AC${"1".repeat(32)}`, `AC${"2".repeat(32)}`] as const;
const T0 = Date.UTC(2026, 0, 1);

/** The most slots within any one second (half-open windows from each slot). */
const busiestSecond = (slots: readonly number[]): number =>
  Math.max(0, ...slots.map((start) => slots.filter((t) => t >= start && t < start + 1000).length));

/**
 * Three processes sharing one table, each with its own DynamoDB client and its own limiter per
 * account. The clock moves only when the test moves it and sleeping returns at once, recording the
 * slot it waited for; a call that did not sleep had its slot at once. Figures come from the slots
 * handed out, none from the wall clock.
 */
const threeProcesses = async () => {
  const { tableName } = await freshRecordingsTable();
  let now = T0;
  const slept = new Map<string, number[]>(ACCOUNTS.map((account) => [account, []]));
  const processes = [1, 2, 3].map(() => {
    const db = dynamoClient(inject("dynamoEndpoint"));
    return new Map(
      ACCOUNTS.map((account) => [
        account,
        dynamoRateLimiter(tableName, db, {
          clock: () => now,
          sleep: async (ms) => void slept.get(account)?.push(now + ms),
        }),
      ]),
    );
  });
  /** `perProcess` calls for each account from every process, all at once: the slots, by account. */
  const burst = async (call: TwilioCallKind, perProcess: number): Promise<number[][]> => {
    const before = ACCOUNTS.map((account) => slept.get(account)?.length ?? 0);
    await Promise.all(
      processes.flatMap((limiters) =>
        ACCOUNTS.flatMap((account) =>
          Array.from({ length: perProcess }, () => limiters.get(account)?.take(account, call)),
        ),
      ),
    );
    return ACCOUNTS.map((account, i) => {
      const waited = slept.get(account)?.slice(before[i]) ?? [];
      const atOnce = Array.from({ length: processes.length * perProcess - waited.length }, () => now);
      return [...atOnce, ...waited];
    });
  };
  return {
    burst,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
};

describe("dynamoRateLimiter", () => {
  it.each([
    { call: "write" as const, rate: 20 },
    { call: "read" as const, rate: 80 },
  ])(
    "keeps every second of every account within $rate calls a second ($call) across three processes",
    async ({ call, rate }) => {
      // Prepare
      const processes = await threeProcesses();
      // Act: three seconds' worth of calls for each account, from three processes at once
      const slots = await processes.burst(call, rate);
      // Assess
      for (const accountSlots of slots) {
        expect(accountSlots).toHaveLength(3 * rate);
        expect(new Set(accountSlots).size).toBe(3 * rate);
        expect(busiestSecond(accountSlots)).toBeLessThanOrEqual(rate);
        expect(Math.max(...accountSlots) - Math.min(...accountSlots)).toBeGreaterThanOrEqual(2000);
      }
    },
  );

  it("gives each account its own budget: one account's queue does not delay another's", async () => {
    // Prepare
    const processes = await threeProcesses();
    // Act: both accounts busy at once
    const [first = [], second = []] = await processes.burst("write", 20);
    // Assess: each account's 60 slots run from now, 52 ms apart (20/s less 3 %), as if it were alone
    for (const slots of [first, second]) {
      expect(Math.min(...slots)).toBe(processes.now());
      expect(Math.max(...slots) - processes.now()).toBe(59 * 52);
    }
  });

  it("starts an idle account's next call at once and never saves up a burst", async () => {
    // Prepare
    const processes = await threeProcesses();
    await processes.burst("write", 20);
    processes.advance(60_000);
    // Act
    const [afterIdle] = await processes.burst("write", 10);
    // Assess
    const sorted = [...(afterIdle ?? [])].sort((a, b) => a - b);
    expect(sorted[0]).toBe(processes.now());
    expect(busiestSecond(sorted)).toBeLessThanOrEqual(20);
    expect((sorted[29] ?? 0) - (sorted[0] ?? 0)).toBeGreaterThanOrEqual(29 * 50);
  });
});
