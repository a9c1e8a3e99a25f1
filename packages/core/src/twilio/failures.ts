/**
 * What a Twilio call can end in, other than success. Every kind is an outcome a caller plans for;
 * bugs and contract breaks are thrown (`errors.ts`).
 *
 * How the REST adapter reads Twilio's answers (`adapters/twilio/failure-from-status.ts`):
 * - 404                                       → `not-found` (for DELETE: success, "already-gone")
 * - 401 (code 20003)                          → `unauthorized`: wrong credentials; never retried
 * - 403, 410, or error code 10001 at any status → `account-unavailable`: the credentials are fine
 *   but the account or the product is not usable (suspended or closed, Video not enabled for it).
 *   One kind on purpose: callers do the same for all of them (stop calling Twilio, alert, keep
 *   serving archived copies).
 * - 429 (code 20429) still after the budget   → `rate-limited`, with the wait Twilio asked for or
 *   the backoff this client would have slept next
 * - 5xx, network errors, timeouts, unreadable JSON still after the budget → `unavailable`
 * - 400 and any other 4xx                     → `bad-request` with Twilio's code and message
 */
export type TwilioFailure =
  | { kind: "not-found"; message: string }
  | { kind: "unauthorized"; code: number | null; message: string }
  | { kind: "account-unavailable"; status: number; code: number | null; message: string }
  | { kind: "rate-limited"; retryAfterMs: number; message: string }
  | { kind: "unavailable"; status: number | null; message: string }
  | { kind: "bad-request"; status: number; code: number | null; message: string };

export type TwilioFailureKind = TwilioFailure["kind"];
