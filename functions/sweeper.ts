import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { lazyArchiveStore, logger } from "@video-recordings/core";
import { accountSids } from "@video-recordings/core/accounts";
import {
  dynamoAuditLog,
  dynamoCompositionStore,
  dynamoHoldStore,
  dynamoParticipantFileStore,
  dynamoRateLimiter,
  dynamoRecordingStore,
  dynamoRunLedger,
} from "@video-recordings/core/dynamo";
import {
  type Pass,
  type PassSummary,
  readRunRequest,
  readSweepRequest,
  runPass,
  runSweep,
  type SweepSummary,
} from "@video-recordings/core/retention";
import { readRetentionPolicy } from "@video-recordings/core/settings";
import type { Context, SQSEvent } from "aws-lambda";
import { Resource } from "sst/resource";
import { twilioAccounts } from "./_accounts";
import { jobQueue, runQueue } from "./_jobs";
import { flushMetrics, record, sweepMetrics } from "./_metrics";
import { twilioClient } from "./_twilio";

const policy = readRetentionPolicy(Resource.Retention);
if (!policy.ok) throw new Error(`retention settings: ${policy.error.parameter} ${policy.error.message}`);

const db = new DynamoDBClient({});
const table = Resource.Recordings.name;
const clock = () => new Date();
const ledger = dynamoRunLedger(table, db, clock);
const deps = {
  recordings: dynamoRecordingStore(table, db),
  compositions: dynamoCompositionStore(table, db),
  holds: dynamoHoldStore(table, db),
  participantFiles: dynamoParticipantFileStore(table, db),
  audit: dynamoAuditLog(table, db),
  twilio: twilioClient(),
  accounts: accountSids(twilioAccounts()),
  // The S3 client and uploader would add half again to what a cold start loads: a run loads them
  // when it first touches the archive, so cold starts (and runs with nothing to archive) go without.
  archive: lazyArchiveStore(async () => {
    const { s3ArchiveStore, s3ClientFromEnvironment } = await import("@video-recordings/core/s3");
    return s3ArchiveStore(Resource.Archive.name, s3ClientFromEnvironment());
  }),
  jobs: jobQueue(),
  // The workers call Twilio for the same accounts at the same time: one budget for all.
  limiter: dynamoRateLimiter(table, db),
  clock,
  policy: policy.value,
};

// A deployed sweeper is linked to its workers. Run on its own, with no queue beside it (the process
// tests measure one sweep in one process), it does all its work itself, as one pass.
const coordinator =
  "Workers" in Resource
    ? { ...deps, runs: runQueue(), workers: { ledger, window: 2 * Resource.Workers.count } }
    : undefined;

// Stop starting work this long before the function times out, so the run can finish and report.
const WIND_DOWN_MS = 60_000;

type Invocation = Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">;

/**
 * The runs' coordinator. On the schedule (`{"mode": "sweep"}`) or by hand (`{"mode": "sweep" |
 * "export", "dryRun"?: boolean}`) it begins a run; from the Runs queue (`{"runId"}`) it makes
 * the next pass of a run begun before: an export asked for, or a run that left work behind.
 * Archive work goes to the workers; a run that leaves work behind queues its own continuation.
 */
export const handler = async (event: unknown, context: Invocation) => {
  const started = Date.now();
  const deadline = started + context.getRemainingTimeInMillis() - WIND_DOWN_MS;
  try {
    if (isQueueEvent(event)) {
      for (const message of event.Records) await continueRun(message.body, deadline);
      return;
    }
    const request = readSweepRequest(event);
    if (!request.ok) throw new Error(`sweeper input: ${request.error.parameter} ${request.error.message}`);
    const options = { ...request.value, runId: context.awsRequestId, deadline };
    return finished(
      options.dryRun || coordinator === undefined
        ? await runSweep(deps, options)
        : await runPass(coordinator, { ...options, accountSid: null }),
    );
  } finally {
    // Stamped with the run's start, which the schedule fixes: the failed-sweeps alarm counts on
    // one run a schedule period (stacks/alarms.ts).
    await flushMetrics(started);
  }
};

const isQueueEvent = (event: unknown): event is SQSEvent =>
  typeof event === "object" && event !== null && "Records" in event;

/** A run from the Runs queue: its next pass, unless it has ended (a repeated delivery). */
const continueRun = async (body: string, deadline: number): Promise<void> => {
  const request = readRunRequest(body);
  const run = request.ok ? await ledger.get(request.value.runId) : undefined;
  if (coordinator === undefined || run?.status !== "running") {
    logger.warn("no running run, message dropped", { runId: request.ok ? request.value.runId : null });
    return;
  }
  const pass: Pass = { ...run, deadline };
  finished(await runPass(coordinator, pass));
};

const finished = <Summary extends SweepSummary | PassSummary>(summary: Summary): Summary => {
  const { plan: _plan, ...figures } = summary;
  logger.info("sweep finished", { ...figures });
  record(sweepMetrics(summary));
  return summary;
};
