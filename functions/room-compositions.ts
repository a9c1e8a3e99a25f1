import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createRoomComposition, listRoomCompositions } from "@video-recordings/core";
import { dynamoCompositionStore, dynamoHoldStore, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { twilioBudgetMs } from "./_links";
import { publicBaseUrl } from "./_public-url";
import { rejected } from "./_rejections";
import { json } from "./_responses";
import { twilioClient } from "./_twilio";

const db = new DynamoDBClient({});
const deps = {
  recordings: dynamoRecordingStore(Resource.Recordings.name, db),
  compositions: dynamoCompositionStore(Resource.Recordings.name, db),
  holds: dynamoHoldStore(Resource.Recordings.name, db),
  twilio: twilioClient(),
  clock: () => new Date(),
};

export const handler = bearerProtected(["GET", "POST"], async (request) => {
  const roomSid = request.pathParameters.roomSid ?? "";
  if (request.method === "GET") {
    const { limit, cursor, status } = request.query;
    const listed = await listRoomCompositions(deps, { roomSid, limit, cursor, status });
    return listed.ok ? json(200, listed.value) : rejected(listed.error);
  }
  const budgetMs = twilioBudgetMs(request);
  const statusCallback = `${publicBaseUrl(request)}/twilio/status`;
  const created = await createRoomComposition({ ...deps, statusCallback, budgetMs }, roomSid, request.body);
  return created.ok ? json(201, created.value) : rejected(created.error);
});
