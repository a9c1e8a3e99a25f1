import type { TwilioFailure } from "../../twilio/failures";

/** Twilio's error body: `{"code","message","more_info","status"}`; any part may be missing. */
export type TwilioErrorBody = { code: number | null; message: string | null };

export const readErrorBody = (body: unknown): TwilioErrorBody => {
  if (typeof body !== "object" || body === null) return { code: null, message: null };
  const { code, message } = body as { code?: unknown; message?: unknown };
  return {
    code: typeof code === "number" ? code : null,
    message: typeof message === "string" ? message.slice(0, 500) : null,
  };
};

// "Account not active": Twilio's code for a suspended or closed account, whatever the status.
const ACCOUNT_NOT_ACTIVE = 10001;

/**
 * The final outcome of an error status that is not retried (or no longer). `describe` is the
 * request ("GET /v1/Recordings/RT…"), never a URL with credentials in it.
 */
export const failureFromStatus = (status: number, body: TwilioErrorBody, describe: string): TwilioFailure => {
  const message = `${describe} answered ${status}${body.code === null ? "" : ` (${body.code})`}: ${
    body.message ?? "no message"
  }`;
  if (status === 403 || status === 410 || body.code === ACCOUNT_NOT_ACTIVE)
    return { kind: "account-unavailable", status, code: body.code, message };
  if (status === 401) return { kind: "unauthorized", code: body.code, message };
  if (status === 404) return { kind: "not-found", message };
  if (status === 429) return { kind: "rate-limited", retryAfterMs: 0, message };
  if (status >= 500) return { kind: "unavailable", status, message };
  return { kind: "bad-request", status, code: body.code, message };
};

/** Statuses worth another attempt: Twilio did not process the request, or may not have. */
export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;
