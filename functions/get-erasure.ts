import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { readErasure } from "@video-recordings/core";
import { dynamoErasureStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const deps = { erasures: dynamoErasureStore(Resource.Recordings.name, new DynamoDBClient({})) };

/** `GET /erasures/{erasureId}`: where an erasure stands, with its counts. */
export const handler = bearerProtected(["GET"], async (request) => {
  const erasure = await readErasure(deps, request.pathParameters.erasureId ?? "");
  return erasure.ok ? json(200, erasure.value) : rejected(erasure.error);
});
