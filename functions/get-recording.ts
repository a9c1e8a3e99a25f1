import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { getRecording } from "@video-recordings/core";
import { dynamoHoldStore, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { errorResponse, invalidParameter, json } from "./_http";

const db = new DynamoDBClient({});
const deps = {
  store: dynamoRecordingStore(Resource.Recordings.name, db),
  holds: dynamoHoldStore(Resource.Recordings.name, db),
};

export const handler = bearerProtected(["GET"], async (request) => {
  const result = await getRecording(deps, request.pathParameters.recordingSid ?? "");
  if (result.ok) return json(200, result.value);
  const rejection = result.error;
  if (rejection.kind === "not-found") {
    return errorResponse(404, "recording_not_found", `no recording ${rejection.sid} is indexed`);
  }
  return invalidParameter(rejection.parameter, rejection.message);
});
