import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoAuditLog } from "@video-recordings/core/dynamo";
import { listAudit } from "@video-recordings/core/retention";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const deps = { audit: dynamoAuditLog(Resource.Recordings.name, new DynamoDBClient({})) };

/** `GET /audit?recordingSid=…|compositionSid=…|roomSid=…|runId=…`: what retention did, a page at a time. */
export const handler = bearerProtected(["GET"], async (request) => {
  const { recordingSid, compositionSid, roomSid, runId, limit, cursor } = request.query;
  const listing = await listAudit(deps, { recordingSid, compositionSid, roomSid, runId, limit, cursor });
  return listing.ok ? json(200, listing.value) : rejected(listing.error);
});
