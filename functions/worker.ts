import { tmpdir } from "node:os";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  abandonJob,
  lazyArchiveStore,
  logger,
  MAX_RECEIVES,
  type Remuxer,
  readJob,
  runJob,
} from "@video-recordings/core";
import { accountSids } from "@video-recordings/core/accounts";
import {
  dynamoAuditLog,
  dynamoCompositionStore,
  dynamoErasureStore,
  dynamoHoldStore,
  dynamoIdentityIndex,
  dynamoParticipantFileStore,
  dynamoRateLimiter,
  dynamoRecordingStore,
  dynamoRunLedger,
} from "@video-recordings/core/dynamo";
import { readRetentionPolicy } from "@video-recordings/core/settings";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { Resource } from "sst/resource";
import { twilioAccounts } from "./_accounts";
import { jobQueue } from "./_jobs";
import { flushMetrics, jobMetrics, record } from "./_metrics";
import { twilioClient } from "./_twilio";

const policy = readRetentionPolicy(Resource.Retention);
if (!policy.ok) throw new Error(`retention settings: ${policy.error.parameter} ${policy.error.message}`);

/** The remuxer, loaded by the first call that needs it. */
const lazyRemuxer = (): Remuxer => {
  let remuxer: Promise<Remuxer> | undefined;
  const loaded = () => {
    remuxer ??= import("@video-recordings/core/renditions").then((entry) => entry.mediabunnyRemuxer);
    return remuxer;
  };
  return {
    track: async (input, path) => (await loaded()).track(input, path),
    participant: async (input, path) => (await loaded()).participant(input, path),
  };
};

const db = new DynamoDBClient({});
const table = Resource.Recordings.name;
const deps = {
  recordings: dynamoRecordingStore(table, db),
  compositions: dynamoCompositionStore(table, db),
  participantFiles: dynamoParticipantFileStore(table, db),
  holds: dynamoHoldStore(table, db),
  audit: dynamoAuditLog(table, db),
  erasures: dynamoErasureStore(table, db),
  identities: dynamoIdentityIndex(table, db),
  jobs: jobQueue(),
  policy: policy.value,
  // The remuxer with its media library, and the S3 client, are most of what the worker could
  // load at start; the first job that needs them loads them, and erasures of recordings never
  // archived need neither.
  archive: lazyArchiveStore(async () => {
    const { s3ArchiveStore, s3ClientFromEnvironment } = await import("@video-recordings/core/s3");
    return s3ArchiveStore(Resource.Archive.name, s3ClientFromEnvironment());
  }),
  twilio: twilioClient(),
  accounts: accountSids(twilioAccounts()),
  remuxer: lazyRemuxer(),
  workDir: tmpdir(),
  clock: () => new Date(),
  // Every worker and the sweeper call Twilio for the same accounts: one budget for all.
  limiter: dynamoRateLimiter(table, db),
  ledger: dynamoRunLedger(table, db, () => new Date()),
};

// Stop waiting on Twilio this long before the function times out, so the job can fail cleanly.
const WIND_DOWN_MS = 30_000;

/**
 * The job queue's consumer: runs each message's job (`readJob`) and reports the ones worth
 * another delivery, so that only those come back. A message that is not a job is dropped with a
 * log line: no delivery would ever make it one.
 */
export const handler = async (
  event: SQSEvent,
  context: Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">,
): Promise<SQSBatchResponse> => {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - WIND_DOWN_MS;
  const failed: SQSBatchResponse["batchItemFailures"] = [];
  for (const message of event.Records) {
    const job = readJob(message.body);
    if (!job.ok) {
      logger.error("not a job, dropped", { messageId: message.messageId, parameter: job.error.parameter });
      record(jobMetrics("dropped"));
      continue;
    }
    try {
      const outcome = await runJob({ ...deps, deadline }, job.value);
      logger.info("job done", { ...job.value, outcome: outcome.kind });
      record(jobMetrics(outcome.kind));
    } catch (error) {
      logger.warn("job failed, to be tried again", { ...job.value, error: String(error) });
      record(jobMetrics("retried"));
      failed.push({ itemIdentifier: message.messageId });
      if (Number(message.attributes.ApproximateReceiveCount) >= MAX_RECEIVES)
        await abandonJob(deps, job.value).catch((reason: unknown) =>
          logger.error("abandoned job not recorded", { ...job.value, error: String(reason) }),
        );
    }
  }
  await flushMetrics();
  return { batchItemFailures: failed };
};
