import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { requestErasure } from "@video-recordings/core";
import { dynamoErasureStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { jobQueue } from "./_jobs";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const deps = {
  erasures: dynamoErasureStore(Resource.Recordings.name, new DynamoDBClient({})),
  jobs: jobQueue(),
  identityKey: Resource.IdentityHashKey.value,
  clock: () => new Date(),
};

/** `POST /erasures`: erases a participant identity's recordings; the work goes on in a worker. */
export const handler = bearerProtected(["POST"], async (request) => {
  const asked = await requestErasure(deps, request.body);
  return asked.ok ? json(202, asked.value) : rejected(asked.error);
});
