import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { issueCompositionMediaLink } from "@video-recordings/core";
import { dynamoCompositionStore } from "@video-recordings/core/dynamo";
import { s3ArchiveLinks, s3LinkSettingsFromEnvironment } from "@video-recordings/core/s3";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { rejected } from "./_rejections";
import { json } from "./_responses";
import { twilioClient } from "./_twilio";

const deps = {
  compositions: dynamoCompositionStore(Resource.Recordings.name, new DynamoDBClient({})),
  twilio: twilioClient(),
  archive: s3ArchiveLinks(Resource.Archive.name, s3LinkSettingsFromEnvironment()),
  clock: () => new Date(),
};

// API Gateway answers 504 after 30 s, and the function may have less: keep a second to answer.
const MAX_TWILIO_BUDGET_MS = 25_000;

export const handler = bearerProtected(["GET"], async (request) => {
  const { ttl, disposition, redirect } = request.query;
  const compositionSid = request.pathParameters.compositionSid ?? "";
  const budgetMs = Math.min(MAX_TWILIO_BUDGET_MS, request.deadline - Date.now() - 1_000);
  const result = await issueCompositionMediaLink(
    { ...deps, budgetMs },
    { compositionSid, ttl, disposition, redirect },
  );
  if (!result.ok) return rejected(result.error);
  const { redirect: asRedirect, ...link } = result.value;
  return asRedirect ? json(302, link, { location: link.url }) : json(200, link);
});
