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
 * reconcile the index with each account's lists, plan from the index, work each account's share of
 * the plan oldest first whatever the kind (accounts side by side, each at its own Twilio limits),
 * then expire archive copies and recordings' personal data. Every step keeps its progress
 * in the index, so a run cut short (deadline, crash, Twilio gone) is simply continued by the next.
 *
 * Expected trouble ends up in the summary (`failed`, `remaining`, `twilio: "unavailable"`, per account in `byAccount`); only
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
  // Each account is listed with its own credentials and paced in its own budget: side by side.
  await Promise.all(
    ctx.accounts.map(async (accountSid) => {
      for (const kind of kinds)
        if (ctx.canStart(accountSid)) await reconcile(ctx, kind, overlays[kind.resource], accountSid);
    }),
  );
  const isHeld = roomHolds(ctx);
  const work: PlannedAction[] = [];
  for (const kind of kinds) work.push(...(await planKind(ctx, kind, overlays[kind.resource], isHeld)));
  oldestFirst(work);
  let byWorkers: Record<IndexedResource, SweepCounts> | null = null;
  if (options.dryRun) predict(ctx, work);
  else {
    const done = progressOf(ctx, work.length);
    if (workers) byWorkers = await executeWithWorkers(ctx, workers, work, done);
    else await executeByAccount(ctx, work, done);
  }
  for (const kind of kinds) await expireArchives(ctx, kind);
  await expirePersonalData(ctx);
  if (workers) await workers.ledger.endPass(options.runId, ctx.counts);
  const byKind = byWorkers
    ? {
        recording: sum([ctx.counts.recording, byWorkers.recording]),
        composition: sum([ctx.counts.composition, byWorkers.composition]),
      }
    : ctx.counts;
  const accounts = new Set([...ctx.accounts, ...ctx.unavailable]);
  return {
    runId: options.runId,
    mode: options.mode,
    dryRun: options.dryRun,
    ...sum(Object.values(byKind)),
    byKind,
    twilio: ctx.unavailable.size === 0 ? "available" : "unavailable",
    byAccount: Object.fromEntries(
      [...accounts].map((accountSid) => [
        accountSid,
        { twilio: ctx.unavailable.has(accountSid) ? "unavailable" : "available" },
      ]),
    ),
    durationMs: deps.clock().getTime() - startedMs,
    ...(options.dryRun && { plan: ctx.plan }),
  };
};

/**
 * Works one account's share of the plan, oldest first, a few at a time; stops starting work when
 * the deadline comes or that account's Twilio stops answering (what is left is `remaining`).
 */
const execute = async (
  ctx: SweepContext,
  accountSid: string,
  work: readonly PlannedAction[],
  done: () => void,
): Promise<void> => {
  const started = await forEachBounded(
    work,
    ctx.concurrency,
    () => ctx.canStart(accountSid),
    async (planned) => {
      await workOne(ctx, ctx.kinds[planned.resource], planned.sid);
      done();
    },
  );
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
  done: () => void,
): Promise<Record<IndexedResource, SweepCounts>> => {
  const [here, there] = await Promise.allSettled([
    executeByAccount(
      ctx,
      work.filter((planned) => !forWorkers(planned)),
      done,
    ),
    dispatch(ctx, workers, work.filter(forWorkers), done),
  ]);
  if (here.status === "rejected") throw here.reason;
  if (there.status === "rejected") throw there.reason;
  return there.value;
};

/** Each account's share of the plan worked here, side by side. */
const executeByAccount = async (
  ctx: SweepContext,
  work: readonly PlannedAction[],
  done: () => void,
): Promise<void> => {
  await Promise.all(
    [...byAccount(work)].map(([accountSid, planned]) => execute(ctx, accountSid, planned, done)),
  );
};

/** The plan split by account, each share in the plan's order. */
const byAccount = (work: readonly PlannedAction[]): Map<string, PlannedAction[]> => {
  const shares = new Map<string, PlannedAction[]>();
  for (const planned of work) {
    const share = shares.get(planned.accountSid);
    if (share === undefined) shares.set(planned.accountSid, [planned]);
    else share.push(planned);
  }
  return shares;
};

/** Reports progress through the execute phase, whichever account's work finished. */
const progressOf = (ctx: SweepContext, total: number): (() => void) => {
  let done = 0;
  return () => ctx.progress("execute", ++done, total);
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
