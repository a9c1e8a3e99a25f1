import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { readRoomPlayback } from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { s3ArchiveLinks, s3LinkSettingsFromEnvironment } from "@video-recordings/core/s3";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { jobQueue } from "./_jobs";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const deps = {
  recordings: dynamoRecordingStore(Resource.Recordings.name, new DynamoDBClient({})),
  archive: s3ArchiveLinks(Resource.Archive.name, s3LinkSettingsFromEnvironment()),
  jobs: jobQueue(),
  clock: () => new Date(),
};

export const handler = bearerProtected(["GET"], async (request) => {
  const roomSid = request.pathParameters.roomSid ?? "";
  const playback = await readRoomPlayback(deps, { roomSid, ttl: request.query.ttl });
  return playback.ok ? json(200, playback.value) : rejected(playback.error);
});
