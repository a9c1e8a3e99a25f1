import { describe, expect, it } from "vitest";
import { ACCOUNT_SID, aWorld, daysAgo, NOW } from "../fakes/retention-fakes";

const noListing = () => ({ async *[Symbol.asyncIterator]() {} });

describe("runSweep's plan", () => {
  it("plans a deletion alone for a recording copied already", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
    stored.state.archive = { bucket: "b", key: "k", size: 4_000, archivedAt: daysAgo(1) };
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(summary.plan).toEqual([
      {
        resource: "recording",
        sid: recording.sid,
        accountSid: ACCOUNT_SID,
        roomSid: recording.roomSid,
        dateCreated: daysAgo(100),
        action: "delete",
        size: 4_000,
        detail: null,
      },
    ]);
    expect(summary).toMatchObject({ archived: 0, archivedBytes: 0, deleted: 1 });
  });

  it("plans a copy alone for each recording of an export", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(5), size: 300 });
    // Act
    const summary = await world.run({ mode: "export", dryRun: true });
    // Assess
    expect(summary.plan?.map((planned) => [planned.sid, planned.action])).toEqual([
      [recording.sid, "archive"],
    ]);
    expect(summary).toMatchObject({ archived: 1, archivedBytes: 300, deleted: 0 });
  });

  it("plans a check, saying why, for a recording the index says is processing", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) }, "as-processing");
    world.twilio.listRecordings = noListing;
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(summary.plan).toEqual([
      expect.objectContaining({
        resource: "recording",
        sid: recording.sid,
        action: "check",
        detail: "index says processing; Twilio is asked first",
      }),
    ]);
    expect(summary).toMatchObject({ eligible: 1, archived: 0, deleted: 0 });
  });

  it("exports a recording the index says is processing once Twilio says it completed", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) }, "as-processing");
    world.twilio.listRecordings = noListing;
    // Act
    const summary = await world.run({ mode: "export" });
    // Assess
    expect(world.indexed(recording.sid)?.archive?.size).toBe(4_000);
    expect(summary).toMatchObject({ reconciled: 1, archived: 1 });
  });

  it("asks about each room's hold once while planning", async () => {
    // Prepare
    const world = aWorld();
    const first = await world.seed({ dateCreated: daysAgo(100) });
    await world.seed({ dateCreated: daysAgo(101), roomSid: first.roomSid });
    await world.seed({ dateCreated: daysAgo(102), roomSid: first.roomSid });
    const asked: string[] = [];
    const isHeld = world.holds.isHeld.bind(world.holds);
    world.holds.isHeld = (roomSid) => {
      asked.push(roomSid);
      return isHeld(roomSid);
    };
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(asked).toEqual([first.roomSid]);
    expect(summary.eligible).toBe(3);
  });

  it("asks about no hold for an export", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    await world.seed({ dateCreated: daysAgo(100), roomSid: null });
    let asked = 0;
    world.holds.isHeld = async () => {
      asked++;
      return true;
    };
    // Act
    await world.run({ mode: "export", dryRun: true });
    // Assess
    expect(asked).toBe(0);
  });

  it("plans a held room's recording as skipped and counts it held", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    await world.holds.hold(recording.roomSid ?? "");
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(summary.plan?.map((planned) => planned.action)).toEqual(["skip-held"]);
    expect(summary).toMatchObject({ held: 1, eligible: 0, examined: 1 });
  });

  it("considers a recording once when the index lists it on two pages", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const list = world.store.listLiveCreatedBefore.bind(world.store);
    world.store.listLiveCreatedBefore = async function* (cutoff) {
      for await (const page of list(cutoff)) {
        yield page;
        yield page;
      }
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ examined: 1, eligible: 1, deleted: 1, skipped: 0 });
    expect(world.twilio.deletedSids()).toEqual([recording.sid]);
  });

  it("considers a stale recording once on a dry run that reconciles it", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) }, "as-processing");
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(summary).toMatchObject({ reconciled: 1, examined: 1, eligible: 1 });
    expect(summary.plan?.map((planned) => planned.action)).toEqual(["reconcile", "archive-and-delete"]);
  });

  it("leaves out a recording the index knows deleted when Twilio's list still shows it", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
    stored.state = { ...stored.state, status: "deleted", deletedAt: daysAgo(1), size: null };
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(summary).toMatchObject({ reconciled: 1, examined: 0, eligible: 0 });
    expect(summary.plan?.map((planned) => planned.action)).toEqual(["reconcile"]);
  });

  it("leaves out of an export a recording created after the run started", async () => {
    // Prepare
    const world = aWorld();
    const late = world.twilio.add({ dateCreated: "2026-06-01T12:01:00.000000Z" });
    // Act
    const summary = await world.run({ mode: "export", dryRun: true });
    // Assess
    expect(summary).toMatchObject({ reconciled: 1, examined: 0, eligible: 0 });
    expect(summary.plan?.map((planned) => [planned.sid, planned.action])).toEqual([[late.sid, "reconcile"]]);
  });

  it("works the oldest recordings first", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    world.deps.limits = { concurrency: 1 };
    const middle = await world.seed({ dateCreated: daysAgo(110) });
    const oldest = await world.seed({ dateCreated: daysAgo(130) });
    const youngest = await world.seed({ dateCreated: daysAgo(100) });
    const older = await world.seed({ dateCreated: daysAgo(120) });
    // Act
    await world.run();
    // Assess
    const deletions = world.twilio.calls.filter((call) => call.method === "delete").map((call) => call.sid);
    expect(deletions).toEqual([oldest.sid, older.sid, middle.sid, youngest.sid]);
  });

  it("starts nothing and calls no one when the deadline has passed already", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 30 });
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
    stored.state.archive = { bucket: "b", key: "k", size: 4_000, archivedAt: daysAgo(40) };
    // Act
    const summary = await world.run({ deadline: NOW.getTime() });
    // Assess
    expect(world.twilio.calls).toEqual([]);
    expect(summary).toMatchObject({ eligible: 1, deleted: 0, archiveExpired: 0, remaining: 2 });
  });

  it("reports each recording worked as progress", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    await world.seed({ dateCreated: daysAgo(100) });
    await world.seed({ dateCreated: daysAgo(101) });
    const progress: [string, number, number | null][] = [];
    // Act
    await world.run({ onProgress: (p) => progress.push([p.phase, p.done, p.total]) });
    // Assess
    expect(progress.filter(([phase]) => phase === "execute")).toEqual([
      ["execute", 1, 2],
      ["execute", 2, 2],
    ]);
  });
});
