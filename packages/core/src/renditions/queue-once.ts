import { type UpdateStep, updateState, type VersionedStore } from "../indexing/update-state";
import { QueueUnavailableError } from "../jobs/errors";
import type { Job } from "../jobs/job";
import type { JobQueue } from "../jobs/ports";
import { logger } from "../log";
import { err, ok, type Result } from "../result";
import { addSeconds, timestampFromDate } from "../timestamps";

/**
 * A job lives at most this long: three deliveries of a worker that runs up to 15 minutes, a
 * visibility timeout of 16, then the dead-letter queue. A request after it queues another.
 */
export const REQUEUE_AFTER_SECONDS = 3600;

/** How long a caller is asked to wait before asking again while a rendition is made. */
export const PREPARING_RETRY_AFTER_SECONDS = 5;

/** A rendition is being made: ask again in `retryAfterSeconds`. */
export type Preparing = { kind: "preparing"; retryAfterSeconds: number };

export type QueueUnavailable = { kind: "queue-unavailable" };

/** Where a record keeps when its job was last queued, and how to mark it. */
export type JobClaim<State> = {
  store: VersionedStore<State>;
  key: string;
  /** The record with the job claimed at `at`, from the stored one (undefined: none stored). */
  claim(stored: State | undefined, at: string): State;
  queuedAt(state: State): string | null;
  /** The record with the claim given back. */
  release(state: State): State;
};

/** Whether a job queued at `queuedAt` may still be waiting or running at `now`. */
export const queuedRecently = (queuedAt: string | null, now: string): boolean =>
  queuedAt !== null && addSeconds(queuedAt, REQUEUE_AFTER_SECONDS) > now;

/**
 * Queues `job` unless a request queued it within the hour. The claim is written first, so that
 * requests arriving together queue one job between them, and given back when the queue refuses
 * it, so that the next request tries again.
 */
export const queueOnce = async <State>(
  deps: { jobs: JobQueue; clock: () => Date },
  claim: JobClaim<State>,
  job: Job,
): Promise<Result<Preparing, QueueUnavailable>> => {
  const at = timestampFromDate(deps.clock());
  const claimed = await updateState(claim.store, claim.key, (stored): UpdateStep<State, boolean> => {
    if (stored !== undefined && queuedRecently(claim.queuedAt(stored.state), at)) return { answer: false };
    return { write: claim.claim(stored?.state, at), answer: true };
  });
  if (claimed) {
    try {
      await deps.jobs.enqueue(job);
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      logger.warn("job not queued", { ...job, error: String(error.cause ?? error) });
      await giveBack(claim, at);
      return err({ kind: "queue-unavailable" });
    }
  }
  return ok({ kind: "preparing", retryAfterSeconds: PREPARING_RETRY_AFTER_SECONDS });
};

/** Best effort: a claim left behind only delays the next job by an hour. */
const giveBack = <State>(claim: JobClaim<State>, at: string): Promise<void> =>
  updateState(
    claim.store,
    claim.key,
    (stored): UpdateStep<State, void> =>
      stored !== undefined && claim.queuedAt(stored.state) === at
        ? { write: claim.release(stored.state), answer: undefined }
        : { answer: undefined },
  ).catch((error: unknown) =>
    logger.warn("job claim not given back", { key: claim.key, error: String(error) }),
  );
