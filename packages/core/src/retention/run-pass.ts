import * as v from "valibot";
import { type InvalidParameter, readJsonMessage } from "../invalid-parameter";
import { logger } from "../log";
import type { Result } from "../result";
import { timestampFromDate } from "../timestamps";
import { runSweep } from "./run-sweep";
import type { SweepDeps, SweepMode, SweepSummary, SweepWorkers } from "./types";

/** A message on the Runs queue: a run to begin or continue, read from the ledger. */
export const RunRequestSchema = v.object({ runId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });
export type RunRequest = v.InferOutput<typeof RunRequestSchema>;

/** A Runs queue message's body, as a run request. */
export const readRunRequest = (body: string): Result<RunRequest, InvalidParameter> =>
  readJsonMessage(RunRequestSchema, body, "run");

/** Where runs wait for a coordinator: their next pass, or an export just asked for. */
export interface RunQueue {
  enqueue(run: RunRequest): Promise<void>;
}

/**
 * After a pass: `done` when nothing is left; otherwise `continue`, or `stop` when going on would
 * not help: Twilio unavailable for every account, no progress at all, or failures piling up (more
 * than a tenth of what the pass got an answer for: archived, deleted, skipped, failed).
 */
export type NextStep =
  | { kind: "done" }
  | { kind: "continue" }
  | { kind: "stop"; reason: "twilio-unavailable" | "no-progress" | "failures" };

const MOST_FAILED = 0.1;

export const nextStep = (summary: SweepSummary): NextStep => {
  if (summary.remaining === 0) return { kind: "done" };
  if (Object.values(summary.byAccount).every((account) => account.twilio === "unavailable"))
    return { kind: "stop", reason: "twilio-unavailable" };
  const answered = summary.archived + summary.deleted + summary.skipped + summary.failed;
  if (answered === 0) return { kind: "stop", reason: "no-progress" };
  if (summary.failed > MOST_FAILED * answered) return { kind: "stop", reason: "failures" };
  return { kind: "continue" };
};

export type PassDeps = SweepDeps & { workers: SweepWorkers; runs: RunQueue };

export type PassSummary = SweepSummary & { next: NextStep };

export type Pass = {
  runId: string;
  mode: SweepMode;
  accountSid: string | null;
  /** The run's start, when this pass continues it. */
  startedAt?: string;
  deadline: number;
};

/**
 * One pass of a run, as a coordinator makes it: the sweep (or export) with its archive work handed
 * to the workers, then either the run's continuation queued (work is left and going on helps) or
 * its end recorded: `done` when nothing is left and nothing failed over the whole run, `failed`
 * otherwise.
 */
export const runPass = async (deps: PassDeps, pass: Pass): Promise<PassSummary> => {
  const summary = await runSweep(deps, {
    mode: pass.mode,
    dryRun: false,
    runId: pass.runId,
    deadline: pass.deadline,
    accountSid: pass.accountSid,
    ...(pass.startedAt !== undefined && { startedAt: pass.startedAt }),
  });
  const next = nextStep(summary);
  if (next.kind === "continue") await deps.runs.enqueue({ runId: pass.runId });
  else {
    const run = await deps.workers.ledger.get(pass.runId);
    const failed = (run?.byKind.recording.failed ?? 0) + (run?.byKind.composition.failed ?? 0);
    await deps.workers.ledger.finish(pass.runId, {
      status: next.kind === "done" && failed === 0 ? "done" : "failed",
      finishedAt: timestampFromDate(deps.clock()),
    });
    if (next.kind === "stop")
      logger.warn("run stopped with work left", { runId: pass.runId, reason: next.reason });
  }
  return { ...summary, next };
};
