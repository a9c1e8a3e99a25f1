import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { operatorPlayerLink } from "@video-recordings/core";
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

/** `GET /rooms/{roomSid}/player`: 302 to an hour-long share link of the room's player, for operators. */
export const handler = bearerProtected(["GET"], async (request) => {
  const roomSid = request.pathParameters.roomSid ?? "";
  const link = await operatorPlayerLink({ ...deps, baseUrl: publicBaseUrl(request) }, roomSid);
  return link.ok ? json(302, link.value, { location: link.value.url }) : rejected(link.error);
});
