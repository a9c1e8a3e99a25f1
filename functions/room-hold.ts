import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { placeHold, releaseHold } from "@video-recordings/core";
import { dynamoHoldStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { rejected } from "./_rejections";
import { json, noContent } from "./_responses";

const deps = {
  holds: dynamoHoldStore(Resource.Recordings.name, new DynamoDBClient({})),
  clock: () => new Date(),
};

export const handler = bearerProtected(["PUT", "DELETE"], async (request) => {
  const roomSid = request.pathParameters.roomSid ?? "";
  if (request.method === "DELETE") {
    const released = await releaseHold(deps, roomSid);
    return released.ok ? noContent() : rejected(released.error);
  }
  const placed = await placeHold(deps, roomSid, request.body);
  return placed.ok ? json(200, placed.value) : rejected(placed.error);
});
