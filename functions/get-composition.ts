import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { getComposition } from "@video-recordings/core";
import { dynamoCompositionStore, dynamoHoldStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const db = new DynamoDBClient({});
const deps = {
  compositions: dynamoCompositionStore(Resource.Recordings.name, db),
  holds: dynamoHoldStore(Resource.Recordings.name, db),
};

export const handler = bearerProtected(["GET"], async (request) => {
  const result = await getComposition(deps, request.pathParameters.compositionSid ?? "");
  return result.ok ? json(200, result.value) : rejected(result.error);
});
