import type { Job } from "../jobs/job";
import { logger } from "../log";
import { createContext, noCounts } from "./context";
import type { RunLedger } from "./run-ledger";
import { workOne } from "./sweep-one";
import type { SweptKind } from "./swept-kind";
import type { SweepCounts, SweepDeps } from "./types";

export type SweepItemJob = Extract<Job, { kind: "sweep-item" }>;

export type SweepItemDeps = SweepDeps & {
  ledger: RunLedger;
  /** Epoch ms by which the item's Twilio calls give up and no new step starts. */
  deadline?: number;
};

/**
 * `settled`: counted in the run (`duplicate`: counted already, by an earlier delivery); `given-back`:
 * not finished (Twilio gone, out of time), left for the run's next pass.
 */
export type SweepItemOutcome = { kind: "settled" | "duplicate" | "given-back" };

/**
 * A worker's share of a sweep or export: one recording or composition worked exactly as the run
 * would work it (the same cutoffs, from the run's start; deletion still waits for the verified
 * copy and re-checks the hold), its counts settled in the run's ledger once.
 */
export const workSweepItem = async (deps: SweepItemDeps, job: SweepItemJob): Promise<SweepItemOutcome> => {
  const ctx = createContext(deps, {
    mode: job.mode,
    dryRun: false,
    runId: job.runId,
    deadline: deps.deadline ?? Number.POSITIVE_INFINITY,
    startedAt: job.startedAt,
    accountSid: job.accountSid,
  });
  const kind = ctx.kinds[job.resource];
  await workOne(ctx, kind, job.sid);
  const counts = ctx.counts[job.resource];
  if (counts.archived === 0) await countCopyOfThisRun(kind, job, counts);
  if (counts.remaining > 0) {
    await deps.ledger.giveBack(job.runId);
    return { kind: "given-back" };
  }
  return { kind: await deps.ledger.settle(job.runId, job, counts) };
};

/**
 * A worker that died between the copy and its settlement left the copy recorded, and the delivery
 * that follows finds it made: a copy made since the run began is the run's, counted once with the
 * item (and not as skipped, which is what an export would say of a copy it found).
 */
const countCopyOfThisRun = async (kind: SweptKind, job: SweepItemJob, counts: SweepCounts): Promise<void> => {
  const copy = (await kind.store.get(job.sid))?.state.archive;
  if (copy === null || copy === undefined || copy.archivedAt < job.startedAt) return;
  counts.archived = 1;
  counts.archivedBytes = copy.size;
  if (job.mode === "export") counts.skipped = 0;
};

/**
 * The last delivery of an item that kept failing, before it is set aside as a dead letter: it is
 * settled as failed, so the run's summary reports it rather than waiting on it.
 */
export const abandonSweepItem = async (
  deps: Pick<SweepItemDeps, "ledger">,
  job: SweepItemJob,
): Promise<void> => {
  logger.error("sweep item abandoned after its last delivery", {
    runId: job.runId,
    resource: job.resource,
    sid: job.sid,
  });
  await deps.ledger.settle(job.runId, job, { ...noCounts(), failed: 1 });
};
