import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { issueMediaLink, type MediaLinkRejection } from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { s3ArchiveLinks, s3LinkSettingsFromEnvironment } from "@video-recordings/core/s3";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { errorResponse, type HttpResponse, invalidParameter, json } from "./_http";
import { twilioClient } from "./_twilio";

const deps = {
  store: dynamoRecordingStore(Resource.Recordings.name, new DynamoDBClient({})),
  twilio: twilioClient(),
  archive: s3ArchiveLinks(Resource.Archive.name, s3LinkSettingsFromEnvironment()),
  clock: () => new Date(),
};

// API Gateway answers 504 after 30 s, and the function may have less: keep a second to answer.
const MAX_TWILIO_BUDGET_MS = 25_000;

export const handler = bearerProtected(["GET"], async (request) => {
  const { ttl, disposition, redirect } = request.query;
  const recordingSid = request.pathParameters.recordingSid ?? "";
  const budgetMs = Math.min(MAX_TWILIO_BUDGET_MS, request.deadline - Date.now() - 1_000);
  const result = await issueMediaLink({ ...deps, budgetMs }, { recordingSid, ttl, disposition, redirect });
  if (!result.ok) return rejected(result.error);
  const { redirect: asRedirect, ...link } = result.value;
  return asRedirect ? json(302, link, { location: link.url }) : json(200, link);
});

const rejected = (rejection: MediaLinkRejection): HttpResponse => {
  switch (rejection.kind) {
    case "invalid-parameter":
      return invalidParameter(rejection.parameter, rejection.message);
    case "not-found":
      return errorResponse(
        404,
        "recording_not_found",
        `no recording ${rejection.sid} is indexed or on Twilio`,
      );
    case "not-ready":
      return errorResponse(
        409,
        "not_ready",
        `the recording is ${rejection.status}; its media cannot be served`,
      );
    case "gone":
      return errorResponse(
        410,
        "gone",
        `the media of ${rejection.sid} was deleted and no archived copy exists`,
      );
    case "twilio-failed":
      return twilioFailed(rejection.failure);
  }
};

const twilioFailed = (
  failure: Extract<MediaLinkRejection, { kind: "twilio-failed" }>["failure"],
): HttpResponse => {
  switch (failure.kind) {
    case "rate-limited":
      return errorResponse(
        503,
        "twilio_rate_limited",
        "Twilio is rate limiting this account; try again shortly",
        {
          "retry-after": String(Math.max(1, Math.ceil(failure.retryAfterMs / 1000))),
        },
      );
    case "unavailable":
      return errorResponse(503, "twilio_unavailable", "Twilio could not be reached", { "retry-after": "5" });
    case "unauthorized":
      return errorResponse(502, "twilio_auth_failed", "Twilio refused this deployment's credentials");
    case "account-unavailable":
      return errorResponse(
        502,
        "twilio_account_unavailable",
        "Twilio answered that the account or product is unavailable",
      );
    case "not-found":
    case "bad-request":
      return errorResponse(502, "twilio_rejected", `Twilio refused the request: ${failure.message}`);
  }
};
