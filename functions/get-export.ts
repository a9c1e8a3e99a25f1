import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoRunLedger } from "@video-recordings/core/dynamo";
import { readExport } from "@video-recordings/core/retention";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const deps = { ledger: dynamoRunLedger(Resource.Recordings.name, new DynamoDBClient({}), () => new Date()) };

/** `GET /exports/{exportId}`: where an export stands, with its counts. */
export const handler = bearerProtected(["GET"], async (request) => {
  const view = await readExport(deps, request.pathParameters.exportId ?? "");
  return view.ok ? json(200, view.value) : rejected(view.error);
});
