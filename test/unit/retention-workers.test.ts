import { abandonJob, type Job, type JobQueue } from "@video-recordings/core";
import {
  nextStep,
  noCounts,
  readRunRequest,
  runPass,
  type SweepItemJob,
  type SweepSummary,
  workSweepItem,
} from "@video-recordings/core/retention";
import { describe, expect, it } from "vitest";
import { InMemoryRunLedger } from "../fakes/in-memory-run-ledger";
import { aWorld, daysAgo } from "../fakes/retention-fakes";
import { ACCOUNT_SID } from "../fixtures/callbacks";

/**
 * A world whose sweeps hand their archive work to workers through a queue the test holds: the
 * workers work `perPoll` jobs each time the run looks at its ledger (never, with 0), and the clock
 * moves a second a look, so a deadline comes.
 */
const aWorkedWorld = (options: { window?: number; perPoll?: number } = {}) => {
  const world = aWorld();
  const ledger = new InMemoryRunLedger();
  const queued: SweepItemJob[] = [];
  const queue: JobQueue = {
    enqueue: async (job: Job) => {
      if (job.kind === "sweep-item") queued.push(job);
    },
  };
  let inFlightMost = 0;
  const inFlight = () => {
    const run = ledger.runs.get("run-1");
    return run ? run.dispatched - run.settled : 0;
  };
  const workerDeps = { ...world.deps, ledger };
  /** Works the first `count` waiting jobs, as workers would. */
  const work = async (count = queued.length) => {
    for (const job of queued.splice(0, count)) await workSweepItem(workerDeps, job);
  };
  world.deps.jobs = queue;
  world.deps.workers = { ledger, window: options.window ?? 4, pollMs: 1000 };
  world.deps.sleep = async (ms) => {
    inFlightMost = Math.max(inFlightMost, inFlight());
    world.clock.advance(ms);
    await work(options.perPoll ?? Number.POSITIVE_INFINITY);
  };
  return { ...world, ledger, queued, work, workerDeps, inFlightMost: () => inFlightMost };
};

const aSummary = (overrides: Partial<SweepSummary> = {}): SweepSummary => ({
  ...noCounts(),
  runId: "run-1",
  mode: "sweep",
  dryRun: false,
  byKind: { recording: noCounts(), composition: noCounts() },
  twilio: "available",
  byAccount: { [ACCOUNT_SID]: { twilio: "available" } },
  durationMs: 1,
  ...overrides,
});

describe("runSweep with workers", () => {
  it("hands archive work to the workers, deletes plain deletions itself, and counts both", async () => {
    // Prepare
    const world = aWorkedWorld();
    const toArchive = await Promise.all([1, 2, 3].map(() => world.seed({ dateCreated: daysAgo(100) })));
    const archived = await world.seed({ dateCreated: daysAgo(100) });
    const stored = world.store.recordings.get(archived.sid) ?? expect.fail("not indexed");
    stored.state.archive = { bucket: "b", key: archived.sid, size: 4_000, archivedAt: daysAgo(1) };
    world.archive.objects.set(archived.sid, {
      bytes: new Uint8Array(4_000),
      contentType: "audio/x-matroska",
    });
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({
      archived: 3,
      archivedBytes: 12_000,
      deleted: 4,
      failed: 0,
      remaining: 0,
    });
    expect(world.twilio.deletedSids().sort()).toEqual([...toArchive, archived].map(({ sid }) => sid).sort());
    expect(world.ledger.runs.get("run-1")).toMatchObject({ dispatched: 3, settled: 3 });
    expect(world.ledger.runs.get("run-1")?.byKind.recording).toMatchObject({ archived: 3, deleted: 4 });
  });

  it("keeps no more items unsettled than its window, however much there is to do", async () => {
    // Prepare
    const world = aWorkedWorld({ window: 3, perPoll: 1 });
    for (let i = 0; i < 10; i++) await world.seed({ dateCreated: daysAgo(100 + i) });
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ archived: 10, deleted: 10, remaining: 0 });
    expect(world.inFlightMost()).toBe(3);
  });

  it("counts what no worker settled by the deadline as remaining, and the next pass hands out only that", async () => {
    // Prepare
    const world = aWorkedWorld({ window: 2, perPoll: 0 });
    const seeded = await Promise.all([1, 2, 3].map((i) => world.seed({ dateCreated: daysAgo(100 + i) })));
    const deadline = world.clock.now() + 10_000;
    const first = await world.run({ deadline });
    await world.work(1);
    world.queued.length = 0;
    world.deps.sleep = async () => {
      await world.work();
    };
    // Act
    const second = await world.run({ deadline: Number.POSITIVE_INFINITY });
    // Assess
    expect(first).toMatchObject({ archived: 0, remaining: 3 });
    expect(second).toMatchObject({ archived: 2, deleted: 2, remaining: 0 });
    expect(world.ledger.runs.get("run-1")).toMatchObject({ dispatched: 4, settled: 3 });
    expect(world.ledger.runs.get("run-1")?.byKind.recording).toMatchObject({ archived: 3, deleted: 3 });
    expect(world.twilio.deletedSids().sort()).toEqual(seeded.map(({ sid }) => sid).sort());
  });
});

describe("workSweepItem", () => {
  it("counts an item delivered twice once, and works it to the same end", async () => {
    // Prepare
    const world = aWorkedWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    await world.ledger.start({ ...(await aRun(world)), runId: "run-1" });
    const job: SweepItemJob = {
      kind: "sweep-item",
      runId: "run-1",
      mode: "sweep",
      startedAt: daysAgo(0),
      resource: "recording",
      sid: recording.sid,
      accountSid: ACCOUNT_SID,
    };
    // Act
    const outcomes = [await workSweepItem(world.workerDeps, job), await workSweepItem(world.workerDeps, job)];
    // Assess
    expect(outcomes).toEqual([{ kind: "settled" }, { kind: "duplicate" }]);
    expect(world.ledger.runs.get("run-1")?.byKind.recording).toMatchObject({
      archived: 1,
      deleted: 1,
      skipped: 0,
    });
    expect(world.twilio.deletedSids()).toEqual([recording.sid]);
  });

  it("counts a copy once when its worker died before settling it and the job came back", async () => {
    // Prepare
    const world = aWorkedWorld();
    const recording = await world.seed({ dateCreated: daysAgo(5) });
    await world.ledger.start({ ...(await aRun(world)), mode: "export" });
    const job: SweepItemJob = {
      kind: "sweep-item",
      runId: "run-1",
      mode: "export",
      startedAt: daysAgo(0, new Date(world.clock.now())),
      resource: "recording",
      sid: recording.sid,
      accountSid: ACCOUNT_SID,
    };
    const settle = world.ledger.settle.bind(world.ledger);
    world.ledger.settle = async () => {
      throw new Error("the worker died");
    };
    await expect(workSweepItem(world.workerDeps, job)).rejects.toThrow("the worker died");
    world.ledger.settle = settle;
    // Act
    const outcome = await workSweepItem(world.workerDeps, job);
    // Assess
    expect(outcome).toEqual({ kind: "settled" });
    expect(world.ledger.runs.get("run-1")?.byKind.recording).toMatchObject({
      archived: 1,
      archivedBytes: 4_000,
      skipped: 0,
    });
    expect(world.twilio.callsAbout("recording").filter((method) => method === "open")).toHaveLength(1);
  });

  it("gives an item back, unsettled, when its account's Twilio is gone", async () => {
    // Prepare
    const world = aWorkedWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    await world.ledger.start(await aRun(world));
    world.twilio.down = { kind: "unavailable", status: null, message: "connection refused" };
    const job: SweepItemJob = {
      kind: "sweep-item",
      runId: "run-1",
      mode: "export",
      startedAt: daysAgo(0),
      resource: "recording",
      sid: recording.sid,
      accountSid: ACCOUNT_SID,
    };
    // Act
    const outcome = await workSweepItem(world.workerDeps, job);
    // Assess
    expect(outcome).toEqual({ kind: "given-back" });
    expect(world.ledger.runs.get("run-1")).toMatchObject({ settled: 1 });
    expect(await world.ledger.settledOf("run-1", [job])).toEqual([]);
  });
});

describe("abandonJob", () => {
  it("settles a sweep item's last failed delivery as failed, so its run reports it", async () => {
    // Prepare
    const world = aWorkedWorld();
    await world.ledger.start(await aRun(world));
    const job: SweepItemJob = {
      kind: "sweep-item",
      runId: "run-1",
      mode: "export",
      startedAt: daysAgo(0),
      resource: "composition",
      sid: `CJ${"0".repeat(32)}`,
      accountSid: null,
    };
    // Act
    await abandonJob(world.workerDeps, job);
    // Assess
    expect(world.ledger.runs.get("run-1")?.byKind.composition).toMatchObject({ failed: 1 });
    expect(world.ledger.runs.get("run-1")?.settled).toBe(1);
  });
});

const aRun = async (world: { clock: { now(): number } }) => ({
  runId: "run-1",
  mode: "sweep" as const,
  accountSid: null,
  status: "running" as const,
  startedAt: daysAgo(0, new Date(world.clock.now())),
  finishedAt: null,
  byKind: { recording: noCounts(), composition: noCounts() },
  dispatched: 0,
  settled: 0,
});

describe("nextStep", () => {
  it.each([
    { case: "nothing is left", summary: aSummary({ remaining: 0, failed: 3 }), next: { kind: "done" } },
    {
      case: "work is left and the pass got on with it",
      summary: aSummary({ remaining: 5, archived: 10, failed: 1 }),
      next: { kind: "continue" },
    },
    {
      case: "every account's Twilio is unavailable",
      summary: aSummary({
        remaining: 5,
        archived: 10,
        byAccount: { [ACCOUNT_SID]: { twilio: "unavailable" } },
      }),
      next: { kind: "stop", reason: "twilio-unavailable" },
    },
    {
      case: "the pass got no answer at all",
      summary: aSummary({ remaining: 5 }),
      next: { kind: "stop", reason: "no-progress" },
    },
    {
      case: "more than a tenth of what it worked failed",
      summary: aSummary({ remaining: 5, archived: 9, failed: 2 }),
      next: { kind: "stop", reason: "failures" },
    },
  ])("answers $next.kind when $case", ({ summary, next }) => {
    // Act
    const step = nextStep(summary);
    // Assess
    expect(step).toEqual(next);
  });

  it("goes on while one account of two still answers", () => {
    // Prepare
    const summary = aSummary({
      remaining: 5,
      archived: 10,
      byAccount: {
        [ACCOUNT_SID]: { twilio: "unavailable" },
        [`AC${"1".repeat(32)}`]: { twilio: "available" },
      },
    });
    // Act
    const step = nextStep(summary);
    // Assess
    expect(step).toEqual({ kind: "continue" });
  });
});

describe("runPass", () => {
  const passOf = (world: ReturnType<typeof aWorkedWorld>, deadline: number) => {
    const continued: string[] = [];
    const deps = {
      ...world.deps,
      workers: world.deps.workers ?? expect.fail("no workers"),
      runs: { enqueue: async ({ runId }: { runId: string }) => void continued.push(runId) },
    };
    return {
      continued,
      pass: () => runPass(deps, { runId: "run-1", mode: "export", accountSid: null, deadline }),
    };
  };

  it("queues its own continuation when work is left and the pass got on with it", async () => {
    // Prepare
    const world = aWorkedWorld({ window: 1, perPoll: 1 });
    for (let i = 0; i < 5; i++) await world.seed({ dateCreated: daysAgo(100 + i) });
    const { continued, pass } = passOf(world, world.clock.now() + 2_500);
    // Act
    const summary = await pass();
    // Assess
    expect(summary.next).toEqual({ kind: "continue" });
    expect(continued).toEqual(["run-1"]);
    expect(world.ledger.runs.get("run-1")).toMatchObject({ status: "running", finishedAt: null });
  });

  it("records the run done when nothing is left", async () => {
    // Prepare
    const world = aWorkedWorld();
    await world.seed({ dateCreated: daysAgo(5) });
    const { continued, pass } = passOf(world, Number.POSITIVE_INFINITY);
    // Act
    const summary = await pass();
    // Assess
    expect(summary).toMatchObject({ archived: 1, remaining: 0, next: { kind: "done" } });
    expect(continued).toEqual([]);
    expect(world.ledger.runs.get("run-1")).toMatchObject({
      status: "done",
      finishedAt: daysAgo(0, new Date(world.clock.now())),
    });
  });

  it("stops, recording the run failed, when Twilio does not answer", async () => {
    // Prepare
    const world = aWorkedWorld();
    await world.seed({ dateCreated: daysAgo(5) });
    world.twilio.down = { kind: "unavailable", status: null, message: "connection refused" };
    const { continued, pass } = passOf(world, Number.POSITIVE_INFINITY);
    // Act
    const summary = await pass();
    // Assess
    expect(summary.next).toEqual({ kind: "stop", reason: "twilio-unavailable" });
    expect(continued).toEqual([]);
    expect(world.ledger.runs.get("run-1")).toMatchObject({ status: "failed" });
  });
});

describe("readRunRequest", () => {
  it("reads a Runs queue message naming its run", () => {
    // Act
    const read = readRunRequest('{"runId": "run-1"}');
    // Assess
    expect(read).toEqual({ ok: true, value: { runId: "run-1" } });
  });

  it.each([
    { case: "a body that is not JSON", body: "{", parameter: "run" },
    { case: "no runId", body: "{}", parameter: "runId" },
    { case: "an empty runId", body: '{"runId": ""}', parameter: "runId" },
  ])("refuses $case, naming what is wrong", ({ body, parameter }) => {
    // Act
    const read = readRunRequest(body);
    // Assess
    expect(read).toMatchObject({ ok: false, error: { parameter } });
  });
});
