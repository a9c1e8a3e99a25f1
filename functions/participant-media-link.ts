import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { issueParticipantMediaLink } from "@video-recordings/core";
import { dynamoParticipantFileStore, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { s3ArchiveLinks, s3LinkSettingsFromEnvironment } from "@video-recordings/core/s3";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { jobQueue } from "./_jobs";
import { linkAnswer } from "./_links";

const db = new DynamoDBClient({});
const deps = {
  recordings: dynamoRecordingStore(Resource.Recordings.name, db),
  participantFiles: dynamoParticipantFileStore(Resource.Recordings.name, db),
  archive: s3ArchiveLinks(Resource.Archive.name, s3LinkSettingsFromEnvironment()),
  jobs: jobQueue(),
  clock: () => new Date(),
};

export const handler = bearerProtected(["GET"], async (request) => {
  const { ttl, disposition, redirect } = request.query;
  const { roomSid = "", participantSid = "" } = request.pathParameters;
  return linkAnswer(
    await issueParticipantMediaLink(deps, { roomSid, participantSid, ttl, disposition, redirect }),
  );
});
