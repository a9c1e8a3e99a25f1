import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { listRoomRecordings } from "@video-recordings/core";
import { dynamoHoldStore, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const db = new DynamoDBClient({});
const deps = {
  store: dynamoRecordingStore(Resource.Recordings.name, db),
  holds: dynamoHoldStore(Resource.Recordings.name, db),
};

export const handler = bearerProtected(["GET"], async (request) => {
  const { limit, cursor, status, type } = request.query;
  const result = await listRoomRecordings(deps, {
    roomSid: request.pathParameters.roomSid ?? "",
    limit,
    cursor,
    status,
    type,
  });
  return result.ok ? json(200, result.value) : rejected(result.error);
});
