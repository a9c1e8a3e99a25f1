import * as v from "valibot";
import type { IndexedResource } from "../indexing/not-found";
import { WholeSchema } from "../indexing/schema";
import { AccountSidSchema } from "../sids";
import { StoredTimestampSchema } from "../timestamps";
import { noCounts } from "./context";
import { SWEEP_MODES, type SweepCounts } from "./types";

export const RUN_STATUSES = ["running", "done", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const CountsSchema = v.object(
  Object.fromEntries(Object.keys(noCounts()).map((name) => [name, WholeSchema])) as Record<
    keyof SweepCounts,
    typeof WholeSchema
  >,
);

/**
 * A sweep or export run, over all its passes (a run that leaves work behind continues itself in a
 * new pass). Its counts add up what every pass did in process and what every worker settled,
 * except `remaining`, which is what the last pass left.
 */
export const RunSchema = v.object({
  runId: v.string(),
  mode: v.picklist(SWEEP_MODES),
  /** The one account the run works on; null: every account. */
  accountSid: v.nullable(AccountSidSchema),
  status: v.picklist(RUN_STATUSES),
  /** The first pass's start: every pass's cutoffs count from it. */
  startedAt: StoredTimestampSchema,
  finishedAt: v.nullable(StoredTimestampSchema),
  byKind: v.object({ recording: CountsSchema, composition: CountsSchema }),
  /** Items handed to workers, over all passes (an item handed again in a later pass counts again). */
  dispatched: WholeSchema,
  /** Items the workers finished with or gave back, over all passes. */
  settled: WholeSchema,
});
export type Run = v.InferOutput<typeof RunSchema>;

/** A run as it begins: running, nothing counted. */
export const newRun = (run: Pick<Run, "runId" | "mode" | "accountSid" | "startedAt">): Run => ({
  ...run,
  status: "running",
  finishedAt: null,
  byKind: { recording: noCounts(), composition: noCounts() },
  dispatched: 0,
  settled: 0,
});

/** One recording or composition of a run. */
export type RunItem = { resource: IndexedResource; sid: string };

/** How a run ended. */
export type RunEnd = { status: Exclude<RunStatus, "running">; finishedAt: string };

/**
 * Runs and what their workers settled, shared by the coordinator and every worker. Settling is
 * idempotent per run and item, so a job delivered twice counts once.
 */
export interface RunLedger {
  /** Records a run's start; a run already recorded is left as it is. */
  start(run: Run): Promise<"started" | "exists">;
  get(runId: string): Promise<Run | undefined>;
  /** Counts items handed to workers. */
  dispatched(runId: string, items: number): Promise<void>;
  /**
   * Adds one item's counts to its run, once: a second settlement of the same item answers
   * `duplicate` and counts nothing.
   */
  settle(runId: string, item: RunItem, counts: SweepCounts): Promise<"settled" | "duplicate">;
  /**
   * A worker could not finish its item (Twilio gone, out of time): it frees its place among those
   * in flight, but the item stays unsettled, so its pass counts it remaining and the next hands it
   * out again.
   */
  giveBack(runId: string): Promise<void>;
  /** Of `items`, the ones settled in the run. */
  settledOf(runId: string, items: readonly RunItem[]): Promise<RunItem[]>;
  /** Adds what a pass did in process, and sets what it left `remaining`. */
  endPass(runId: string, counts: Record<IndexedResource, SweepCounts>): Promise<void>;
  finish(runId: string, end: RunEnd): Promise<void>;
}
