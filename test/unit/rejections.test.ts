import { describe, expect, it } from "vitest";
import { type Rejection, rejected } from "../../functions/_rejections";

const failure = (kind: string, extra: object = {}) =>
  ({ kind: "twilio-failed", failure: { kind, message: "m", status: 0, code: null, ...extra } }) as Rejection;

describe("rejected", () => {
  it.each([
    {
      case: "a missing bearer token",
      rejection: { kind: "unauthorized" },
      status: 401,
      code: "unauthorized",
    },
    {
      case: "a method the route does not serve",
      rejection: { kind: "method-not-allowed", method: "PATCH", allowed: ["GET"] },
      status: 405,
      code: "method_not_allowed",
    },
    {
      case: "a body over the limit",
      rejection: { kind: "payload-too-large", maxBytes: 65_536 },
      status: 413,
      code: "payload_too_large",
    },
    {
      case: "no route",
      rejection: { kind: "no-route", method: "GET", path: "/x" },
      status: 404,
      code: "not_found",
    },
    {
      case: "storage down",
      rejection: { kind: "storage-unavailable" },
      status: 503,
      code: "storage_unavailable",
    },
    { case: "a bug", rejection: { kind: "internal" }, status: 500, code: "internal_error" },
    { case: "a bad signature", rejection: { kind: "bad-signature" }, status: 403, code: "invalid_signature" },
    { case: "another account", rejection: { kind: "foreign-account" }, status: 403, code: "foreign_account" },
    {
      case: "a malformed callback",
      rejection: { kind: "malformed", field: "Timestamp", message: "is missing" },
      status: 400,
      code: "malformed_callback",
    },
    {
      case: "a bad parameter",
      rejection: { kind: "invalid-parameter", parameter: "recordingSid", message: "is not a SID" },
      status: 400,
      code: "invalid_recording_sid",
    },
    {
      case: "media that cannot be made playable",
      rejection: { kind: "unsupported-media", reason: "corrupt", detail: "not Matroska" },
      status: 422,
      code: "unsupported_media",
    },
    {
      case: "a share link expired or altered",
      rejection: { kind: "invalid-share-link", reason: "expired" },
      status: 403,
      code: "invalid_share_link",
    },
    {
      case: "the job queue down",
      rejection: { kind: "queue-unavailable" },
      status: 503,
      code: "queue_unavailable",
    },
    {
      case: "a participant without recordings",
      rejection: { kind: "not-found", resource: "participant", sid: "PA1" },
      status: 404,
      code: "participant_not_found",
    },
    {
      case: "an unknown recording",
      rejection: { kind: "not-found", resource: "recording", sid: "RT1" },
      status: 404,
      code: "recording_not_found",
    },
    {
      case: "an unknown composition",
      rejection: { kind: "not-found", resource: "composition", sid: "CJ1" },
      status: 404,
      code: "composition_not_found",
    },
    {
      case: "media not ready",
      rejection: { kind: "not-ready", resource: "recording", status: "processing" },
      status: 409,
      code: "not_ready",
    },
    { case: "media gone", rejection: { kind: "gone", sid: "RT1" }, status: 410, code: "gone" },
    {
      case: "Twilio rate limiting",
      rejection: failure("rate-limited", { retryAfterMs: 0 }),
      status: 503,
      code: "twilio_rate_limited",
    },
    {
      case: "Twilio unreachable",
      rejection: failure("unavailable"),
      status: 503,
      code: "twilio_unavailable",
    },
    {
      case: "Twilio refusing our credentials",
      rejection: failure("unauthorized"),
      status: 502,
      code: "twilio_auth_failed",
    },
    {
      case: "a suspended account",
      rejection: failure("account-unavailable"),
      status: 502,
      code: "twilio_account_unavailable",
    },
    {
      case: "Twilio refusing the request",
      rejection: failure("bad-request"),
      status: 502,
      code: "twilio_rejected",
    },
    {
      case: "Twilio not knowing the media",
      rejection: failure("not-found"),
      status: 502,
      code: "twilio_rejected",
    },
  ] as { case: string; rejection: Rejection; status: number; code: string }[])(
    "answers $case with $status $code in the JSON error shape",
    ({ rejection, status, code }) => {
      // Act
      const response = rejected(rejection);
      // Assess
      expect(response.statusCode).toBe(status);
      expect(response.headers).toMatchObject({ "content-type": "application/json" });
      expect(JSON.parse(String(response.body))).toEqual({ error: { code, message: expect.any(String) } });
    },
  );

  it("asks to retry after the wait Twilio named, rounded up to whole seconds", () => {
    // Act
    const response = rejected(failure("rate-limited", { retryAfterMs: 2_001 }));
    // Assess
    expect(response.headers).toMatchObject({ "retry-after": "3" });
  });

  it("names the methods a route serves, and the parameter a message is about", () => {
    // Act
    const notAllowed = rejected({ kind: "method-not-allowed", method: "PUT", allowed: ["GET", "DELETE"] });
    const invalid = rejected({ kind: "invalid-parameter", parameter: "ttl", message: "must be 1–3600" });
    // Assess
    expect(notAllowed.headers).toMatchObject({ allow: "GET, DELETE" });
    expect(JSON.parse(String(invalid.body)).error.message).toBe("ttl must be 1–3600");
  });
});
