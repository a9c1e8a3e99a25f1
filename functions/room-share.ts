import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { shareRoom } from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { publicBaseUrl } from "./_public-url";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const deps = {
  recordings: dynamoRecordingStore(Resource.Recordings.name, new DynamoDBClient({})),
  signingKey: Resource.ShareSigningKey.value,
  clock: () => new Date(),
};

/** `POST /rooms/{roomSid}/share`: a link to the room's player that needs no credentials until it expires. */
export const handler = bearerProtected(["POST"], async (request) => {
  const roomSid = request.pathParameters.roomSid ?? "";
  const shared = await shareRoom({ ...deps, baseUrl: publicBaseUrl(request) }, roomSid, request.body);
  return shared.ok ? json(201, shared.value) : rejected(shared.error);
});
