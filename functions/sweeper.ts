import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { lazyArchiveStore, logger } from "@video-recordings/core";
import { accountSids } from "@video-recordings/core/accounts";
import {
  dynamoAuditLog,
  dynamoCompositionStore,
  dynamoHoldStore,
  dynamoParticipantFileStore,
  dynamoRecordingStore,
} from "@video-recordings/core/dynamo";
import {
  readSweepRequest,
  runSweep,
  type SweepOptions,
  type SweepSummary,
} from "@video-recordings/core/retention";
import { readRetentionPolicy } from "@video-recordings/core/settings";
import type { Context } from "aws-lambda";
import { Resource } from "sst/resource";
import { twilioAccounts } from "./_accounts";
import { jobQueue } from "./_jobs";
import { flushMetrics, record, sweepMetrics } from "./_metrics";
import { twilioClient } from "./_twilio";

const policy = readRetentionPolicy(Resource.Retention);
if (!policy.ok) throw new Error(`retention settings: ${policy.error.parameter} ${policy.error.message}`);

const db = new DynamoDBClient({});
const deps = {
  recordings: dynamoRecordingStore(Resource.Recordings.name, db),
  compositions: dynamoCompositionStore(Resource.Recordings.name, db),
  holds: dynamoHoldStore(Resource.Recordings.name, db),
  participantFiles: dynamoParticipantFileStore(Resource.Recordings.name, db),
  audit: dynamoAuditLog(Resource.Recordings.name, db),
  twilio: twilioClient(),
  accounts: accountSids(twilioAccounts()),
  // The S3 client and uploader would add half again to what a cold start loads: a run loads them
  // when it first touches the archive, so cold starts (and runs with nothing to archive) go without.
  archive: lazyArchiveStore(async () => {
    const { s3ArchiveStore, s3ClientFromEnvironment } = await import("@video-recordings/core/s3");
    return s3ArchiveStore(Resource.Archive.name, s3ClientFromEnvironment());
  }),
  jobs: jobQueue(),
  clock: () => new Date(),
  policy: policy.value,
};

// Stop starting work this long before the function times out, so the run can finish and report.
const WIND_DOWN_MS = 60_000;

/**
 * Runs on the schedule (`{"mode": "sweep"}`), or when invoked by hand with
 * `{"mode": "sweep" | "export", "dryRun"?: boolean}`. Whatever is left when time runs out is
 * counted in `remaining` and picked up by the next run.
 */
export const handler = async (
  event: unknown,
  context: Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">,
) => {
  const request = readSweepRequest(event);
  if (!request.ok) throw new Error(`sweeper input: ${request.error.parameter} ${request.error.message}`);
  const started = Date.now();
  const deadline = started + context.getRemainingTimeInMillis() - WIND_DOWN_MS;
  try {
    const summary = await sweep({ ...request.value, runId: context.awsRequestId, deadline });
    record(sweepMetrics(summary));
    return summary;
  } finally {
    // Stamped with the run's start, which the schedule fixes: the failed-sweeps alarm counts on
    // one run a schedule period (stacks/alarms.ts).
    await flushMetrics(started);
  }
};

/** One run with this deployment's policy and resources; local mode's export adds a progress report. */
export const sweep = async (options: SweepOptions): Promise<SweepSummary> => {
  const summary = await runSweep(deps, options);
  const { plan: _plan, ...figures } = summary;
  logger.info("sweep finished", { ...figures });
  return summary;
};
