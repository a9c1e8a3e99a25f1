import type { RecordingState } from "../recordings/recording";
import { expireArchives } from "./archive-retention";
import { forEachBounded } from "./bounded";
import { createContext, type SweepContext } from "./context";
import { planRun } from "./plan";
import { reconcile } from "./reconcile";
import { workRecording } from "./sweep-recording";
import type { PlannedAction, SweepDeps, SweepOptions, SweepSummary } from "./types";

/**
 * One run of the retention sweeper (or of the export): reconcile the index with Twilio, plan from
 * the index, work the plan oldest first, then expire archive copies. Every step keeps its progress
 * in the index, so a run cut short (deadline, crash, Twilio gone) is simply continued by the next.
 *
 * Expected trouble ends up in the summary (`failed`, `remaining`, `twilio: "unavailable"`); only
 * an index that cannot be read at all makes it throw.
 */
export const runSweep = async (deps: SweepDeps, options: SweepOptions): Promise<SweepSummary> => {
  const startedMs = deps.clock().getTime();
  const ctx = createContext(deps, options);
  const overlay = new Map<string, RecordingState>();
  if (ctx.canStart()) await reconcile(ctx, overlay);
  const work = await planRun(ctx, overlay);
  if (options.dryRun) predict(ctx, work);
  else await execute(ctx, work);
  await expireArchives(ctx);
  return {
    runId: options.runId,
    mode: options.mode,
    dryRun: options.dryRun,
    ...ctx.counts,
    twilio: ctx.twilioAvailable ? "available" : "unavailable",
    durationMs: deps.clock().getTime() - startedMs,
    ...(options.dryRun && { plan: ctx.plan }),
  };
};

const execute = async (ctx: SweepContext, work: readonly PlannedAction[]): Promise<void> => {
  let done = 0;
  const started = await forEachBounded(work, ctx.concurrency, ctx.canStart, async (planned) => {
    await workRecording(ctx, planned.recordingSid);
    ctx.progress("execute", ++done, work.length);
  });
  ctx.counts.remaining += work.length - started;
};

/** A dry run counts what the plan says would happen; what `check` entries turn into is unknown. */
const predict = (ctx: SweepContext, work: readonly PlannedAction[]): void => {
  for (const planned of work) {
    if (planned.action === "archive" || planned.action === "archive-and-delete") {
      ctx.counts.archived++;
      ctx.counts.archivedBytes += planned.size ?? 0;
    }
    if (planned.action === "delete" || planned.action === "archive-and-delete") ctx.counts.deleted++;
  }
};
