import { err, type Result } from "../../result";
import type { TwilioFailure, TwilioFailureKind } from "../../twilio/failures";

export type RetryPolicy = {
  /** Backoff ceiling of the first retry; doubles per retry. */
  baseMs: number;
  /** Largest backoff ceiling. */
  capMs: number;
  /** Attempts in all, the first included. Settling retries (media 404s) are bounded by time instead. */
  maxAttempts: number;
  /** A `Retry-After` longer than this is not waited for: the caller gets `rate-limited` and reschedules. */
  maxRetryAfterMs: number;
};

// Short enough that a media-link request still answers within API Gateway's 30 s.
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 100,
  capMs: 5_000,
  maxAttempts: 8,
  maxRetryAfterMs: 60_000,
};

/** Time as the retry schedule sees it, injected so tests run instantly and deterministically. */
export type Scheduler = {
  /** Epoch milliseconds. */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1). */
  random: () => number;
};

/** What the client reports as it goes, without changing what it does. */
export type TwilioObserver = {
  /** Twilio answered 429, whether the call is tried again or not. */
  rateLimited: () => void;
  /**
   * A call Twilio was asked ended in a failure (retries spent, or none worth making). A call whose
   * deadline had passed before it started was not Twilio's to fail, and is not reported.
   */
  failed: (kind: TwilioFailureKind) => void;
};

/** One attempt's verdict: final, or worth another try after a pause. */
export type AttemptOutcome<T> =
  | { retry: false; result: Result<T, TwilioFailure> }
  | {
      retry: true;
      failure: TwilioFailure;
      /** What Twilio asked for (`Retry-After`); null to use the jittered backoff. */
      retryAfterMs: number | null;
      /** A 404 that may turn into media shortly: bounded by the caller's settle window, not by maxAttempts. */
      settling?: boolean;
    };

export const done = <T>(result: Result<T, TwilioFailure>): AttemptOutcome<T> => ({ retry: false, result });

export const retryAfter = (
  failure: TwilioFailure,
  retryAfterMs: number | null = null,
): AttemptOutcome<never> => ({
  retry: true,
  failure,
  retryAfterMs,
});

/** Ceiling of the `retry`-th pause (0-based): exponential, capped. */
export const backoffCeiling = (policy: RetryPolicy, retry: number): number =>
  Math.min(policy.capMs, policy.baseMs * 2 ** retry);

/** `Retry-After` as delta-seconds or an HTTP date; null when absent or unreadable. */
export const parseRetryAfter = (header: string | null, now: number): number | null => {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
};

export type RetryContext = {
  policy: RetryPolicy;
  scheduler: Scheduler;
  deadline: number | undefined;
  observer: TwilioObserver;
};

/**
 * Runs `attempt` until it gives a final answer, pausing between tries with full jitter
 * (`random() * min(cap, base * 2^retry)`, which spreads concurrent clients best) or as long as
 * Twilio asked. It never sleeps past the deadline: when the next pause would end there, it gives
 * up at once with the last failure, leaving the caller its remaining time.
 */
export const withRetries = async <T>(
  attempt: () => Promise<AttemptOutcome<T>>,
  { policy, scheduler, deadline, observer }: RetryContext,
): Promise<Result<T, TwilioFailure>> => {
  if (deadline !== undefined && scheduler.clock() >= deadline)
    return err({ kind: "unavailable", status: null, message: "deadline passed before the first attempt" });
  let counted = 0;
  for (let retry = 0; ; retry++) {
    const outcome = await attempt();
    if (!outcome.retry) {
      if (!outcome.result.ok) observe(observer, outcome.result.error.kind);
      return outcome.result;
    }
    if (outcome.failure.kind === "rate-limited") observer.rateLimited();
    if (outcome.settling !== true) counted++;
    const ceiling = backoffCeiling(policy, retry);
    const pause = outcome.retryAfterMs ?? scheduler.random() * ceiling;
    const outOfTime = deadline !== undefined && scheduler.clock() + pause >= deadline;
    const tooLong = outcome.retryAfterMs !== null && outcome.retryAfterMs > policy.maxRetryAfterMs;
    if (counted >= policy.maxAttempts || outOfTime || tooLong) {
      observer.failed(outcome.failure.kind);
      return err(finalFailure(outcome.failure, outcome.retryAfterMs ?? ceiling, retry + 1));
    }
    await scheduler.sleep(pause);
  }
};

/** A final failure; a 429 not worth retrying (a create) is still a 429. */
const observe = (observer: TwilioObserver, kind: TwilioFailureKind): void => {
  if (kind === "rate-limited") observer.rateLimited();
  observer.failed(kind);
};

const finalFailure = (failure: TwilioFailure, waitMs: number, attempts: number): TwilioFailure => {
  const message = `${failure.message} (gave up after ${attempts} attempt${attempts === 1 ? "" : "s"})`;
  return failure.kind === "rate-limited"
    ? { ...failure, retryAfterMs: Math.ceil(waitMs), message }
    : { ...failure, message };
};
