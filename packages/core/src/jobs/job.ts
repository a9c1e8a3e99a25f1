import * as v from "valibot";
import { type InvalidParameter, readJsonMessage } from "../invalid-parameter";
import { ErasureIdSchema } from "../privacy/erasure";
import type { Result } from "../result";
import { SWEEP_MODES } from "../retention/types";
import { AccountSidSchema, RecordingSidSchema, RoomSidSchema, sidSchema } from "../sids";
import { StoredTimestampSchema } from "../timestamps";

/**
 * Work done off the request path by the workers, one message each. A job names what it works on,
 * never how far it got: the worker reads that from the index and the archive, so a repeated,
 * concurrent or resumed job ends in the same place.
 */
export const JobSchema = v.variant("kind", [
  /** A recording's playable rendition. */
  v.object({ kind: v.literal("rendition"), recordingSid: RecordingSidSchema }),
  /** A participant's one file: its audio and video together. */
  v.object({
    kind: v.literal("participant-file"),
    roomSid: RoomSidSchema,
    participantSid: sidSchema("participant"),
  }),
  /** An erasure request: one identity's recordings deleted and its personal data erased. */
  v.object({ kind: v.literal("erasure"), erasureId: ErasureIdSchema }),
  /**
   * One recording or composition of a sweep or export run, worked as the run's coordinator would
   * (the cutoffs count from the run's start) and settled in the run's ledger.
   */
  v.object({
    kind: v.literal("sweep-item"),
    runId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    mode: v.picklist(SWEEP_MODES),
    startedAt: StoredTimestampSchema,
    resource: v.picklist(["recording", "composition"]),
    sid: v.union([RecordingSidSchema, sidSchema("composition")]),
    accountSid: v.nullable(AccountSidSchema),
  }),
]);

export type Job = v.InferOutput<typeof JobSchema>;

/** A queue message's body, as a job; a message nobody could have sent names what is wrong with it. */
export const readJob = (body: string): Result<Job, InvalidParameter> =>
  readJsonMessage(JobSchema, body, "job");
