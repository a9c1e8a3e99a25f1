import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { issueMediaLink } from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { s3ArchiveLinks, s3LinkSettingsFromEnvironment } from "@video-recordings/core/s3";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { jobQueue } from "./_jobs";
import { linkAnswer, twilioBudgetMs } from "./_links";
import { twilioClient } from "./_twilio";

const deps = {
  store: dynamoRecordingStore(Resource.Recordings.name, new DynamoDBClient({})),
  twilio: twilioClient(),
  archive: s3ArchiveLinks(Resource.Archive.name, s3LinkSettingsFromEnvironment()),
  jobs: jobQueue(),
  clock: () => new Date(),
};

export const handler = bearerProtected(["GET"], async (request) => {
  const { ttl, disposition, redirect, format } = request.query;
  const recordingSid = request.pathParameters.recordingSid ?? "";
  const budgetMs = twilioBudgetMs(request);
  return linkAnswer(
    await issueMediaLink({ ...deps, budgetMs }, { recordingSid, ttl, disposition, redirect, format }),
  );
});
