import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type CallbackRejection, logger, receiveStatusCallback } from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { errorResponse, type HttpRequest, httpHandler, noContent, readForm } from "./_http";

const deps = {
  store: dynamoRecordingStore(Resource.Recordings.name, new DynamoDBClient({})),
  accountSid: Resource.TwilioAccountSid.value,
  authToken: Resource.TwilioAuthToken.value,
};

const REJECTION = {
  "bad-signature": {
    status: 403,
    code: "invalid_signature",
    message: "X-Twilio-Signature is missing or wrong",
  },
  "foreign-account": {
    status: 403,
    code: "foreign_account",
    message: "AccountSid is not this deployment's account",
  },
  malformed: { status: 400, code: "malformed_callback", message: "" },
} as const satisfies Record<CallbackRejection["kind"], { status: number; code: string; message: string }>;

// Twilio sends room status callbacks as a form POST, or as a GET when the room asks for one.
export const handler = httpHandler(["POST", "GET"], async (request) => {
  const form = request.method === "POST" ? readForm(request.body) : {};
  const result = await receiveStatusCallback(deps, {
    url: publicUrl(request),
    signedParams: form,
    fields: request.method === "POST" ? form : request.query,
    signature: request.headers["x-twilio-signature"],
  });
  if (!result.ok) {
    const rejection = result.error;
    const { status, code } = REJECTION[rejection.kind];
    logger.warn("callback rejected", { reason: rejection.kind });
    const message =
      rejection.kind === "malformed" ? `${rejection.field} ${rejection.message}` : rejection.kind;
    return errorResponse(status, code, message);
  }
  const accepted = result.value;
  if (accepted.kind === "indexed") {
    const { recordingSid, roomSid, event, outcome } = accepted;
    logger.info("callback indexed", { recordingSid, roomSid, event, outcome });
  }
  return noContent();
});

// Twilio signs the URL it called: behind a custom domain or proxy that is the configured
// public base URL, otherwise the API Gateway domain; never a client-supplied Host.
const publicUrl = (request: HttpRequest): string => {
  const base = Resource.PublicBaseUrl.url.replace(/\/+$/, "") || `https://${request.domainName}`;
  return `${base}${request.rawPath}${request.rawQuery ? `?${request.rawQuery}` : ""}`;
};
