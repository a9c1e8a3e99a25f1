import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { logger, receiveStatusCallback } from "@video-recordings/core";
import { dynamoCompositionStore, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { twilioAccounts } from "./_accounts";
import { httpHandler, readForm } from "./_http";
import { callbackMetrics, record } from "./_metrics";
import { publicBaseUrl } from "./_public-url";
import { rejected } from "./_rejections";
import { noContent } from "./_responses";

const db = new DynamoDBClient({});
const deps = {
  store: dynamoRecordingStore(Resource.Recordings.name, db),
  compositions: dynamoCompositionStore(Resource.Recordings.name, db),
  accounts: twilioAccounts(),
  identityKey: Resource.IdentityHashKey.value,
};

// Twilio sends room status callbacks as a form POST, or as a GET when the room asks for one.
export const handler = httpHandler(["POST", "GET"], async (request) => {
  const form = request.method === "POST" ? readForm(request.body) : {};
  const result = await receiveStatusCallback(deps, {
    url: `${publicBaseUrl(request)}${request.rawPath}${request.rawQuery ? `?${request.rawQuery}` : ""}`,
    signedParams: form,
    fields: request.method === "POST" ? form : request.query,
    signature: request.headers["x-twilio-signature"],
  });
  record(callbackMetrics(result));
  if (!result.ok) {
    logger.warn("callback rejected", { reason: result.error.kind });
    return rejected(result.error);
  }
  const accepted = result.value;
  if (accepted.kind === "indexed") {
    const { resource, sid, roomSid, event, outcome } = accepted;
    logger.info("callback indexed", { [`${resource}Sid`]: sid, roomSid, event, outcome });
  }
  return noContent();
});
