import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { issueCompositionMediaLink } from "@video-recordings/core";
import { dynamoCompositionStore } from "@video-recordings/core/dynamo";
import { s3ArchiveLinks, s3LinkSettingsFromEnvironment } from "@video-recordings/core/s3";
import { Resource } from "sst/resource";
import { bearerProtected } from "./_auth";
import { linkAnswer, twilioBudgetMs } from "./_links";
import { twilioClient } from "./_twilio";

const deps = {
  compositions: dynamoCompositionStore(Resource.Recordings.name, new DynamoDBClient({})),
  twilio: twilioClient(),
  archive: s3ArchiveLinks(Resource.Archive.name, s3LinkSettingsFromEnvironment()),
  clock: () => new Date(),
};

export const handler = bearerProtected(["GET"], async (request) => {
  const { ttl, disposition, redirect } = request.query;
  const compositionSid = request.pathParameters.compositionSid ?? "";
  const budgetMs = twilioBudgetMs(request);
  return linkAnswer(
    await issueCompositionMediaLink({ ...deps, budgetMs }, { compositionSid, ttl, disposition, redirect }),
  );
});
