import type { IndexedResource } from "../indexing/not-found";
import { expireArchives } from "./archive-retention";
import { forEachBounded } from "./bounded";
import { createContext, noCounts, type SweepContext } from "./context";
import { dispatch, forWorkers } from "./dispatch";
import { expirePersonalData } from "./pii-expiry";
import { oldestFirst, planKind, roomHolds } from "./plan";
import { reconcile } from "./reconcile";
import { newRun } from "./run-ledger";
import { workOne } from "./sweep-one";
import type { SweptState } from "./swept-kind";
import type {
  PlannedAction,
  SweepCounts,
  SweepDeps,
  SweepOptions,
  SweepSummary,
  SweepWorkers,
} from "./types";

/**
 * One run of the retention sweeper (or of the export), over recordings and compositions alike:
 * reconcile the index with Twilio, plan from the index, work the plan oldest first whatever the
 * kind, then expire archive copies and recordings' personal data. Every step keeps its progress
 * in the index, so a run cut short (deadline, crash, Twilio gone) is simply continued by the next.
 *
 * Expected trouble ends up in the summary (`failed`, `remaining`, `twilio: "unavailable"`); only
 * an index that cannot be read at all makes it throw.
 */
export const runSweep = async (deps: SweepDeps, options: SweepOptions): Promise<SweepSummary> => {
  const startedMs = deps.clock().getTime();
  const ctx = createContext(deps, options);
  // A dry run writes nothing, so it hands nothing out either.
  const workers = options.dryRun ? undefined : deps.workers;
  if (workers)
    await workers.ledger.start(
      newRun({
        runId: options.runId,
        mode: options.mode,
        accountSid: options.accountSid ?? null,
        startedAt: ctx.startedAt,
      }),
    );
  const kinds = Object.values(ctx.kinds);
  const overlays = { recording: new Map<string, SweptState>(), composition: new Map<string, SweptState>() };
  for (const kind of kinds) if (ctx.canStart()) await reconcile(ctx, kind, overlays[kind.resource]);
  const isHeld = roomHolds(ctx);
  const work: PlannedAction[] = [];
  for (const kind of kinds) work.push(...(await planKind(ctx, kind, overlays[kind.resource], isHeld)));
  oldestFirst(work);
  let byWorkers: Record<IndexedResource, SweepCounts> | null = null;
  if (options.dryRun) predict(ctx, work);
  else if (workers) byWorkers = await executeWithWorkers(ctx, workers, work);
  else await execute(ctx, work);
  for (const kind of kinds) await expireArchives(ctx, kind);
  await expirePersonalData(ctx);
  if (workers) await workers.ledger.endPass(options.runId, ctx.counts);
  const byKind = byWorkers
    ? {
        recording: sum([ctx.counts.recording, byWorkers.recording]),
        composition: sum([ctx.counts.composition, byWorkers.composition]),
      }
    : ctx.counts;
  return {
    runId: options.runId,
    mode: options.mode,
    dryRun: options.dryRun,
    ...sum(Object.values(byKind)),
    byKind,
    twilio: ctx.twilioAvailable ? "available" : "unavailable",
    durationMs: deps.clock().getTime() - startedMs,
    ...(options.dryRun && { plan: ctx.plan }),
  };
};

const execute = async (ctx: SweepContext, work: readonly PlannedAction[]): Promise<void> => {
  let done = 0;
  const started = await forEachBounded(work, ctx.concurrency, ctx.canStart, async (planned) => {
    await workOne(ctx, ctx.kinds[planned.resource], planned.sid);
    ctx.progress("execute", ++done, work.length);
  });
  for (const planned of work.slice(started)) ctx.counts[planned.resource].remaining++;
};

/**
 * Archive work goes to the workers while plain deletions are made here, both at once; the run
 * settles only once both have, so nothing it started outlives it.
 */
const executeWithWorkers = async (
  ctx: SweepContext,
  workers: SweepWorkers,
  work: readonly PlannedAction[],
): Promise<Record<IndexedResource, SweepCounts>> => {
  const [here, there] = await Promise.allSettled([
    execute(
      ctx,
      work.filter((planned) => !forWorkers(planned)),
    ),
    dispatch(ctx, workers, work.filter(forWorkers)),
  ]);
  if (here.status === "rejected") throw here.reason;
  if (there.status === "rejected") throw there.reason;
  return there.value;
};

/** A dry run counts what the plan says would happen; what `check` entries turn into is unknown. */
const predict = (ctx: SweepContext, work: readonly PlannedAction[]): void => {
  for (const planned of work) {
    const counts = ctx.counts[planned.resource];
    if (planned.action === "archive" || planned.action === "archive-and-delete") {
      counts.archived++;
      counts.archivedBytes += planned.size ?? 0;
    }
    if (planned.action === "delete" || planned.action === "archive-and-delete") counts.deleted++;
  }
};

const sum = (all: readonly SweepCounts[]): SweepCounts => {
  const total = noCounts();
  for (const counts of all)
    for (const name of Object.keys(total) as (keyof SweepCounts)[]) total[name] += counts[name];
  return total;
};
