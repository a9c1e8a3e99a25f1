import { StoreUnavailableError, TwilioResponseError } from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { aWorld, daysAgo, NOW, type World } from "../fakes/retention-fakes";

/** Twilio's list answers with `failure` while everything else works. */
const listFails = (world: World, failure: Parameters<typeof world.twilio.failOpen.set>[1]) => {
  world.twilio.listRecordings = () => ({
    async *[Symbol.asyncIterator]() {
      yield { ok: false as const, error: failure };
    },
  });
};

describe("runSweep's reconciliation", () => {
  it("lists Twilio's recordings a hundred to a page", async () => {
    // Prepare
    const world = aWorld();
    for (let i = 0; i < 101; i++) world.twilio.add({ dateCreated: daysAgo(100) });
    const progress: number[] = [];
    // Act
    const summary = await world.run({
      dryRun: true,
      onProgress: (p) => p.phase === "reconcile" && progress.push(p.done),
    });
    // Assess
    expect(world.twilio.callsAbout("recording")).toEqual(["list", "list"]);
    expect(progress).toEqual([100, 101, 0]);
    expect(summary.reconciled).toBe(101);
  });

  it("stops listing when the deadline comes between two pages", async () => {
    // Prepare
    const world = aWorld();
    for (let i = 0; i < 101; i++) world.twilio.add({ dateCreated: daysAgo(100) });
    // Act
    const summary = await world.run({
      dryRun: true,
      deadline: NOW.getTime() + 1_000,
      onProgress: (p) => p.phase === "reconcile" && world.clock.advance(2_000),
    });
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "list")).toHaveLength(1);
    expect(summary.reconciled).toBe(100);
  });

  it("indexes only recordings older than the cutoff on a sweep", async () => {
    // Prepare
    const world = aWorld();
    const old = await world.seed({ dateCreated: daysAgo(100) }, "no");
    const young = await world.seed({ dateCreated: daysAgo(10) }, "no");
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(young.sid)).toBeUndefined();
    expect(world.indexed(old.sid)?.status).toBe("deleted");
    expect(summary.reconciled).toBe(1);
  });

  it("indexes every recording Twilio lists on an export", async () => {
    // Prepare
    const world = aWorld();
    const old = await world.seed({ dateCreated: daysAgo(100) }, "no");
    const young = await world.seed({ dateCreated: daysAgo(10) }, "no");
    // Act
    const summary = await world.run({ mode: "export" });
    // Assess
    expect(world.indexed(young.sid)?.archive).not.toBeNull();
    expect(world.indexed(old.sid)?.archive).not.toBeNull();
    expect(summary).toMatchObject({ reconciled: 2, archived: 2 });
  });

  it("says in a dry run's plan what the index lacks or has wrong", async () => {
    // Prepare
    const world = aWorld();
    const lost = await world.seed({ dateCreated: daysAgo(100) }, "no");
    const stale = await world.seed({ dateCreated: daysAgo(101) }, "as-processing");
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    const reconciled = summary.plan?.filter((planned) => planned.action === "reconcile");
    expect(reconciled?.map((planned) => [planned.sid, planned.detail])).toEqual(
      expect.arrayContaining([
        [lost.sid, "not indexed"],
        [stale.sid, "index says processing, Twilio completed"],
      ]),
    );
  });

  it.each([
    { case: "unavailable", failure: { kind: "unavailable" as const, status: 503, message: "503" } },
    {
      case: "unauthorized",
      failure: { kind: "unauthorized" as const, status: 401, code: 20003, message: "401" },
    },
  ])("marks Twilio unavailable when its list answers $case, and works nothing", async ({ failure }) => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    listFails(world, failure);
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ twilio: "unavailable", eligible: 1, remaining: 1, deleted: 0 });
  });

  it("goes on with the index when the list is rate-limited", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    listFails(world, { kind: "rate-limited", retryAfterMs: 0, message: "20429" });
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ twilio: "available", deleted: 1, remaining: 0 });
  });

  it("goes on with the index when the list answers something unreadable", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.listRecordings = () => ({
      // biome-ignore lint/correctness/useYield: the listing fails before its first page
      async *[Symbol.asyncIterator]() {
        throw new TwilioResponseError("GET /Recordings", 200, "meta.next_page_url is not Twilio's");
      },
    });
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ twilio: "available", deleted: 1, remaining: 0 });
  });

  it("ends the run with the index's failure when the index cannot be read while reconciling", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    world.store.get = () => Promise.reject(new StoreUnavailableError("get"));
    // Act
    const run = world.run();
    // Assess
    await expect(run).rejects.toThrow(StoreUnavailableError);
    expect(world.twilio.deletedSids()).toEqual([]);
  });

  it("keeps Twilio available when its list times out at the deadline", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.listRecordings = () => ({
      async *[Symbol.asyncIterator]() {
        world.clock.advance(120_000);
        yield { ok: false as const, error: { kind: "unavailable" as const, status: 504, message: "504" } };
      },
    });
    // Act
    const summary = await world.run({ deadline: NOW.getTime() + 60_000 });
    // Assess
    expect(summary).toMatchObject({ twilio: "available", remaining: 1 });
  });
});
