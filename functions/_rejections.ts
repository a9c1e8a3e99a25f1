import type {
  CallbackRejection,
  CreateCompositionRejection,
  InvalidParameter,
  InvalidShareLink,
  MediaLinkRejection,
  PlaybackRejection,
  ReadRejection,
  TwilioFailure,
} from "@video-recordings/core";
import { type HttpResponse, json } from "./_responses";

/** What the edge itself refuses, before or around the core's use cases. */
export type EdgeRejection =
  | { kind: "unauthorized" }
  | { kind: "method-not-allowed"; method: string; allowed: readonly string[] }
  | { kind: "payload-too-large"; maxBytes: number }
  | { kind: "no-route"; method: string; path: string }
  | { kind: "storage-unavailable" }
  | { kind: "internal" };

/** Every way a request can be refused, by kind. */
export type Rejection =
  | EdgeRejection
  | CallbackRejection
  | InvalidParameter
  | ReadRejection
  | MediaLinkRejection
  | PlaybackRejection
  | InvalidShareLink
  | CreateCompositionRejection;

type Answer = { status: number; code: string; message: string; headers?: Record<string, string> };

type AnswerOf<R extends { kind: string }> = {
  [K in R["kind"]]: (rejection: Extract<R, { kind: K }>) => Answer;
};

/**
 * The one table from rejections to HTTP answers: adding a kind anywhere does not compile until it
 * has its answer here. Every answer is `{"error": {"code", "message"}}`.
 */
const ANSWERS: AnswerOf<Rejection> = {
  unauthorized: () => ({
    status: 401,
    code: "unauthorized",
    message: "a valid Authorization: Bearer <token> header is required",
    headers: { "www-authenticate": "Bearer" },
  }),
  "method-not-allowed": ({ method, allowed }) => ({
    status: 405,
    code: "method_not_allowed",
    message: `${method} is not served here`,
    headers: { allow: allowed.join(", ") },
  }),
  "payload-too-large": ({ maxBytes }) => ({
    status: 413,
    code: "payload_too_large",
    message: `the body is over ${maxBytes} bytes`,
  }),
  "no-route": ({ method, path }) => ({
    status: 404,
    code: "not_found",
    message: `no route serves ${method} ${path}`,
  }),
  // An outage of our own storage is not the caller's fault, nor a bug: try again later.
  "storage-unavailable": () => ({
    status: 503,
    code: "storage_unavailable",
    message: "storage is unavailable; try again shortly",
    headers: { "retry-after": "5" },
  }),
  internal: () => ({
    status: 500,
    code: "internal_error",
    message: "the request failed; it has been logged",
  }),
  "bad-signature": () => ({
    status: 403,
    code: "invalid_signature",
    message: "X-Twilio-Signature is missing or wrong",
  }),
  "foreign-account": () => ({
    status: 403,
    code: "foreign_account",
    message: "AccountSid is not an account this deployment serves",
  }),
  malformed: ({ field, message }) => ({
    status: 400,
    code: "malformed_callback",
    message: `${field} ${message}`,
  }),
  // `recordingSid` → `invalid_recording_sid`: the code names the parameter.
  "invalid-parameter": ({ parameter, message }) => ({
    status: 400,
    code: `invalid_${parameter.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`,
    message: `${parameter} ${message}`,
  }),
  "not-found": ({ resource, sid }) => ({
    status: 404,
    code: `${resource}_not_found`,
    message: `no ${resource} ${sid} is known`,
  }),
  "not-ready": ({ resource, status }) => ({
    status: 409,
    code: "not_ready",
    message:
      resource === "participant"
        ? `a recording of the participant is ${status}; its media cannot be served`
        : `the ${resource} is ${status}; its media cannot be served`,
  }),
  "unsupported-media": ({ reason, detail }) => ({
    status: 422,
    code: "unsupported_media",
    message: `no playable file can be made without re-encoding (${reason}): ${detail}`,
  }),
  // The same answer whatever is wrong with the link: it tells nothing about what would pass.
  "invalid-share-link": () => ({
    status: 403,
    code: "invalid_share_link",
    message: "this share link has expired or is not one this deployment issued",
  }),
  "queue-unavailable": () => ({
    status: 503,
    code: "queue_unavailable",
    message: "the job queue is unavailable; try again shortly",
    headers: { "retry-after": "5" },
  }),
  "room-without-recordings": ({ roomSid }) => ({
    status: 404,
    code: "room_not_found",
    message: `room ${roomSid} has no indexed recordings`,
  }),
  "room-in-progress": ({ roomSid }) => ({
    status: 409,
    code: "room_in_progress",
    message: `room ${roomSid} still has recordings processing; compose it once they complete`,
  }),
  gone: ({ sid }) => ({
    status: 410,
    code: "gone",
    message: `the media of ${sid} was deleted and no archived copy exists`,
  }),
  "twilio-failed": ({ failure }) => answerOf(TWILIO_ANSWERS, failure),
};

const TWILIO_ANSWERS: AnswerOf<TwilioFailure> = {
  "rate-limited": ({ retryAfterMs }) => ({
    status: 503,
    code: "twilio_rate_limited",
    message: "Twilio is rate limiting this account; try again shortly",
    headers: { "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  }),
  unavailable: () => ({
    status: 503,
    code: "twilio_unavailable",
    message: "Twilio could not be reached",
    headers: { "retry-after": "5" },
  }),
  unauthorized: () => ({
    status: 502,
    code: "twilio_auth_failed",
    message: "Twilio refused this deployment's credentials",
  }),
  "account-unavailable": () => ({
    status: 502,
    code: "twilio_account_unavailable",
    message: "Twilio answered that the account or product is unavailable",
  }),
  "not-found": ({ message }) => ({
    status: 502,
    code: "twilio_rejected",
    message: `Twilio refused the request: ${message}`,
  }),
  "bad-request": ({ message }) => ({
    status: 502,
    code: "twilio_rejected",
    message: `Twilio refused the request: ${message}`,
  }),
};

// The table's type ties each kind to its own entry; looking one up needs the widening TypeScript cannot infer.
const answerOf = <R extends { kind: string }>(table: AnswerOf<R>, rejection: R): Answer =>
  (table[rejection.kind as R["kind"]] as (rejection: R) => Answer)(rejection);

/** The HTTP answer to a rejection. */
export const rejected = (rejection: Rejection): HttpResponse => {
  const { status, code, message, headers } = answerOf(ANSWERS, rejection);
  return json(status, { error: { code, message } }, headers);
};
