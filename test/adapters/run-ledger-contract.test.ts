import { dynamoRunLedger } from "@video-recordings/core/dynamo";
import { newRun, noCounts, type RunLedger, type SweepCounts } from "@video-recordings/core/retention";
import { describe, expect, it } from "vitest";
import { InMemoryRunLedger } from "../fakes/in-memory-run-ledger";
import { aSid } from "../fixtures/callbacks";
import { freshRecordingsTable } from "../support/dynamo";

const implementations: { name: string; make: () => Promise<RunLedger> }[] = [
  { name: "in memory", make: async () => new InMemoryRunLedger() },
  {
    name: "on DynamoDB Local",
    make: async () => {
      const { db, tableName } = await freshRecordingsTable();
      return dynamoRunLedger(tableName, db, () => new Date("2026-06-01T12:00:00.000Z"));
    },
  },
];

const aRun = (runId = `EX${"a".repeat(32)}`) =>
  newRun({ runId, mode: "export", accountSid: null, startedAt: "2026-06-01T12:00:00.000000Z" });

const counts = (overrides: Partial<SweepCounts>): SweepCounts => ({ ...noCounts(), ...overrides });

describe.each(implementations)("RunLedger ($name)", ({ make }) => {
  it("reads back a run as it was started, and leaves a run started twice as it was", async () => {
    // Prepare
    const ledger = await make();
    const run = aRun();
    // Act
    const first = await ledger.start(run);
    const second = await ledger.start({ ...run, mode: "sweep" });
    // Assess
    expect([first, second]).toEqual(["started", "exists"]);
    expect(await ledger.get(run.runId)).toEqual(run);
  });

  it("answers nothing for a run never started", async () => {
    // Prepare
    const ledger = await make();
    // Act
    const run = await ledger.get("EX0000");
    // Assess
    expect(run).toBeUndefined();
  });

  it("counts an item settled twice once, as a redelivered job would settle it", async () => {
    // Prepare
    const ledger = await make();
    const run = aRun();
    await ledger.start(run);
    const item = { resource: "recording" as const, sid: aSid("RT") };
    // Act
    const answers = [
      await ledger.settle(run.runId, item, counts({ archived: 1, archivedBytes: 4000 })),
      await ledger.settle(run.runId, item, counts({ archived: 1, archivedBytes: 4000 })),
    ];
    // Assess
    expect(answers).toEqual(["settled", "duplicate"]);
    const stored = await ledger.get(run.runId);
    expect(stored?.byKind.recording).toEqual(counts({ archived: 1, archivedBytes: 4000 }));
    expect(stored?.settled).toBe(1);
  });

  it("adds concurrent settlements of different items and kinds without losing one", async () => {
    // Prepare
    const ledger = await make();
    const run = aRun();
    await ledger.start(run);
    const recordings = Array.from({ length: 12 }, () => ({
      resource: "recording" as const,
      sid: aSid("RT"),
    }));
    const composition = { resource: "composition" as const, sid: aSid("CJ") };
    // Act
    await Promise.all([
      ...recordings.map((item, i) =>
        ledger.settle(run.runId, item, counts(i % 3 === 0 ? { failed: 1 } : { deleted: 1, archived: 1 })),
      ),
      ledger.settle(run.runId, composition, counts({ skipped: 1 })),
    ]);
    // Assess
    const stored = await ledger.get(run.runId);
    expect(stored?.byKind.recording).toEqual(counts({ failed: 4, deleted: 8, archived: 8 }));
    expect(stored?.byKind.composition).toEqual(counts({ skipped: 1 }));
    expect(stored?.settled).toBe(13);
  });

  it("names the settled items among those asked, across more than one batch", async () => {
    // Prepare
    const ledger = await make();
    const run = aRun();
    await ledger.start(run);
    const items = Array.from({ length: 130 }, () => ({ resource: "recording" as const, sid: aSid("RT") }));
    const settled = items.filter((_, i) => i % 2 === 0);
    for (const item of settled) await ledger.settle(run.runId, item, counts({ archived: 1 }));
    // Act
    const found = await ledger.settledOf(run.runId, items);
    // Assess
    expect(new Set(found.map((item) => item.sid))).toEqual(new Set(settled.map((item) => item.sid)));
    expect(await ledger.settledOf(aRun(`EX${"b".repeat(32)}`).runId, items)).toEqual([]);
  });

  it("frees a place for an item given back without marking it settled", async () => {
    // Prepare
    const ledger = await make();
    const run = aRun();
    await ledger.start(run);
    const item = { resource: "recording" as const, sid: aSid("RT") };
    // Act
    await ledger.giveBack(run.runId);
    // Assess
    expect((await ledger.get(run.runId))?.settled).toBe(1);
    expect(await ledger.settledOf(run.runId, [item])).toEqual([]);
  });

  it("adds a pass's counts, sets what it left remaining, counts dispatched items and ends the run", async () => {
    // Prepare
    const ledger = await make();
    const run = aRun();
    await ledger.start(run);
    await ledger.endPass(run.runId, {
      recording: counts({ examined: 5, remaining: 3 }),
      composition: counts({ remaining: 1 }),
    });
    await ledger.dispatched(run.runId, 4);
    // Act
    await ledger.endPass(run.runId, {
      recording: counts({ examined: 2, deleted: 2 }),
      composition: counts({}),
    });
    await ledger.finish(run.runId, { status: "done", finishedAt: "2026-06-01T12:30:00.000000Z" });
    // Assess
    expect(await ledger.get(run.runId)).toEqual({
      ...run,
      status: "done",
      finishedAt: "2026-06-01T12:30:00.000000Z",
      dispatched: 4,
      byKind: { recording: counts({ examined: 7, deleted: 2 }), composition: counts({}) },
    });
  });
});
