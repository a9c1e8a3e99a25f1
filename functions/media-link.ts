import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { issueMediaLink } from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { s3ArchiveLinks, s3LinkSettingsFromEnvironment } from "@video-recordings/core/s3";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { rejected } from "./_rejections";
import { json } from "./_responses";
import { twilioClient } from "./_twilio";

const deps = {
  store: dynamoRecordingStore(Resource.Recordings.name, new DynamoDBClient({})),
  twilio: twilioClient(),
  archive: s3ArchiveLinks(Resource.Archive.name, s3LinkSettingsFromEnvironment()),
  clock: () => new Date(),
};

// API Gateway answers 504 after 30 s, and the function may have less: keep a second to answer.
const MAX_TWILIO_BUDGET_MS = 25_000;

export const handler = bearerProtected(["GET"], async (request) => {
  const { ttl, disposition, redirect } = request.query;
  const recordingSid = request.pathParameters.recordingSid ?? "";
  const budgetMs = Math.min(MAX_TWILIO_BUDGET_MS, request.deadline - Date.now() - 1_000);
  const result = await issueMediaLink({ ...deps, budgetMs }, { recordingSid, ttl, disposition, redirect });
  if (!result.ok) return rejected(result.error);
  const { redirect: asRedirect, ...link } = result.value;
  return asRedirect ? json(302, link, { location: link.url }) : json(200, link);
});
