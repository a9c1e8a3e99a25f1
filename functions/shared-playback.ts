import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { readSharedPlayback } from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { s3ArchiveLinks, s3LinkSettingsFromEnvironment } from "@video-recordings/core/s3";
import { Resource } from "sst/resource";
import { httpHandler } from "./_http";
import { jobQueue } from "./_jobs";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const deps = {
  recordings: dynamoRecordingStore(Resource.Recordings.name, new DynamoDBClient({})),
  archive: s3ArchiveLinks(Resource.Archive.name, s3LinkSettingsFromEnvironment()),
  jobs: jobQueue(),
  signingKey: Resource.ShareSigningKey.value,
  clock: () => new Date(),
};

/** The shared player's manifest: no token, the share link's signature instead. */
export const handler = httpHandler(["GET"], async (request) => {
  const { expires, signature } = request.query;
  const roomSid = request.pathParameters.roomSid ?? "";
  const playback = await readSharedPlayback(deps, { roomSid, expires, signature });
  // The player reads it again as links near their end: never from a cache.
  return playback.ok ? json(200, playback.value, { "cache-control": "no-store" }) : rejected(playback.error);
});
