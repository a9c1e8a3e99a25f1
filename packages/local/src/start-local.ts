import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { MAX_RECEIVES } from "@video-recordings/core";
import {
  DEFAULT_WORKERS,
  type RawRetentionSettings,
  type SweepSchedule,
  TWILIO_API_URL,
} from "@video-recordings/core/settings";
import { start as startEmulator } from "@video-recordings/twilio-emulator";
import { dynamoClient, ensureRecordingsTable, LOCAL_AWS, startDynamoDbLocal } from "./dynamodb-local";
import { eventControls } from "./event-controls";
import { type GatewayRoute, type LambdaHttpHandler, startGateway } from "./gateway";
import { localIdentityHashKey } from "./identity-key";
import { startLocalBus } from "./local-bus";
import { type LocalQueue, startLocalSqs, type WorkerEntry } from "./local-queue";
import { queueControls } from "./queue-controls";
import { startS3Server } from "./s3-server";
import { lambdaContext, type SweeperEntry, sweeperControls } from "./sweeper-controls";
import { type StreamReaderEntry, startTableStream } from "./table-stream";

/** Twilio's credentials; the API key pair may be empty, then REST calls use the Auth Token. */
type TwilioCredentials = { accountSid: string; authToken: string; apiKeySid: string; apiKeySecret: string };

/**
 * Where Twilio calls go. The emulator serves `accounts` accounts (at least 1), the first with the
 * credentials given, the others with a SID and Auth Token of its making.
 */
export type TwilioTarget = ({ kind: "emulator"; port: number; accounts: number } | { kind: "twilio" }) &
  TwilioCredentials;

/** An account local mode serves, as the `TwilioAccounts` secret lists it. */
export type LocalTwilioAccount = { accountSid: string; authToken: string };

/** The functions local mode serves: the route table, and each entry loaded on first use. */
export type LocalFunctions = {
  routes: readonly { path: string; handler: string }[];
  loadHandler(name: string): Promise<LambdaHttpHandler>;
  loadSweeper(): Promise<SweeperEntry>;
  loadWorker(): Promise<WorkerEntry>;
  loadLifecycleEvents(): Promise<StreamReaderEntry>;
};

export type LocalOptions = {
  functions: LocalFunctions;
  port: number;
  apiToken: string;
  twilio: TwilioTarget;
  /** Where DynamoDB Local keeps its data between runs. */
  dataDir: string;
  reset: boolean;
  /** The retention settings (RETENTION_DAYS, ARCHIVE, …) as given; unset ones take their defaults. */
  retention: RawRetentionSettings;
  /** Local mode runs `rate(…)` schedules; a `cron(…)` one is for EventBridge Scheduler once deployed. */
  sweepSchedule: SweepSchedule;
  /** How long a failed job waits before it is tried again; a deployed queue's visibility timeout unless given. */
  jobRetryDelayMs?: number;
  /** Jobs worked at once, as a deployed stage's `WORKERS`; its default unless given. */
  workers?: number;
  /** How long handlers are told they may run; API Gateway's 30 s budget unless given. */
  functionTimeoutMs?: number;
  /** Already running DynamoDB Local and S3 servers, with a table and a bucket of their own, instead of starting them. */
  shared?: { dynamoEndpoint: string; s3Endpoint: string; tableName: string; bucket: string };
};

export type LocalSystem = {
  apiUrl: string;
  emulatorUrl: string | null;
  /** Every account served, the first being the one the credentials given name. */
  twilioAccounts: readonly LocalTwilioAccount[];
  tableName: string;
  dynamoEndpoint: string;
  bucket: string;
  s3Endpoint: string;
  stop(): Promise<void>;
};

// As a deployed stage's: the visibility timeout, three deliveries.
const JOB_RETRY_DELAY_MS = 16 * 60_000;
// Runs' passes at once: a deployed stage runs each in a sweeper of its own; here two may overlap.
const COORDINATORS = 2;
// As the deployed stream subscription's retries; the stream is read every half second between catch-ups.
const STREAM_MAX_RETRIES = 10;
const STREAM_POLL_MS = 500;

export const LOCAL_TABLE = "video-recordings-local";
export const LOCAL_BUCKET = "video-recordings-archive";
const LOCAL_BUS = "video-recordings-events";

/**
 * The whole system on this machine: DynamoDB Local, the Twilio emulator (unless real Twilio
 * is configured) and a gateway that serves the API through the real handlers.
 */
export const startLocal = async (options: LocalOptions): Promise<LocalSystem> => {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const { dynamoEndpoint, s3Endpoint, tableName, bucket } =
      options.shared ?? (await startOwnStorage(options, stops));
    const db = dynamoClient(dynamoEndpoint);
    await ensureRecordingsTable(db, tableName);
    db.destroy();
    if (options.shared) await createBucket(s3Endpoint, bucket);

    let emulatorUrl: string | null = null;
    const { twilio } = options;
    let twilioAccounts: readonly LocalTwilioAccount[] = [
      { accountSid: twilio.accountSid, authToken: twilio.authToken },
    ];
    if (twilio.kind === "emulator") {
      const emulator = await startEmulator({
        port: twilio.port,
        accountSid: twilio.accountSid,
        authToken: twilio.authToken,
        ...(twilio.apiKeySid && { apiKeys: { [twilio.apiKeySid]: twilio.apiKeySecret } }),
        accounts: twilio.accounts,
      });
      stops.push(() => emulator.stop());
      emulatorUrl = emulator.url;
      twilioAccounts = emulator.accounts.map(({ accountSid, authToken }) => ({ accountSid, authToken }));
    }

    const { routes, loadHandler, loadSweeper, loadWorker, loadLifecycleEvents } = options.functions;
    const retryDelayMs = options.jobRetryDelayMs ?? JOB_RETRY_DELAY_MS;
    const workers = options.workers ?? DEFAULT_WORKERS;
    const sqs = await startLocalSqs([
      { name: "jobs", loadConsumer: loadWorker, workers, retryDelayMs, maxReceives: MAX_RECEIVES },
      {
        name: "runs",
        loadConsumer: loadSweeper,
        workers: COORDINATORS,
        retryDelayMs,
        maxReceives: MAX_RECEIVES,
      },
    ]);
    stops.push(() => sqs.stop());
    const { jobs: queue, runs } = sqs.queues as Record<"jobs" | "runs", LocalQueue>;
    const bus = await startLocalBus();
    stops.push(() => bus.stop());
    const stream = await startTableStream({
      dynamoEndpoint,
      tableName,
      loadReader: loadLifecycleEvents,
      maxRetries: STREAM_MAX_RETRIES,
      pollMs: STREAM_POLL_MS,
    });
    stops.push(() => stream.stop());
    const gateway = await startGateway(
      routes.map((route): GatewayRoute => ({ path: route.path, load: () => loadHandler(route.handler) })),
      {
        port: options.port,
        controls: [
          ...sweeperControls(options.apiToken, loadSweeper),
          ...queueControls(options.apiToken, queue),
          ...eventControls(options.apiToken, bus, stream),
        ],
        ...(options.functionTimeoutMs && { functionTimeoutMs: options.functionTimeoutMs }),
      },
    );
    stops.push(() => gateway.stop());
    if (options.sweepSchedule.kind === "rate")
      stops.push(scheduleSweeps(options.sweepSchedule.everyMs, loadSweeper));
    // Handlers read their links lazily, on first use, so the port is known by then.
    linkResources({
      ...options,
      tableName,
      bucket,
      dynamoEndpoint,
      s3Endpoint,
      apiUrl: gateway.url,
      twilioUrl: emulatorUrl ?? TWILIO_API_URL,
      queue,
      runs,
      sqsEndpoint: sqs.endpoint,
      workers,
      identityHashKey: await localIdentityHashKey(options.dataDir),
      busEndpoint: bus.endpoint,
      twilioAccounts,
    });
    return {
      apiUrl: gateway.url,
      emulatorUrl,
      twilioAccounts,
      tableName,
      dynamoEndpoint,
      bucket,
      s3Endpoint,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

const startOwnStorage = async (options: LocalOptions, stops: (() => Promise<void>)[]) => {
  if (options.reset) await rm(options.dataDir, { recursive: true, force: true });
  const dynamoPath = join(options.dataDir, "dynamodb");
  const s3Path = join(options.dataDir, "s3");
  await Promise.all([mkdir(dynamoPath, { recursive: true }), mkdir(s3Path, { recursive: true })]);
  const s3 = await startS3Server({ directory: s3Path, buckets: [LOCAL_BUCKET] });
  stops.push(() => s3.stop());
  const dynamo = await startDynamoDbLocal({ path: dynamoPath });
  stops.push(() => dynamo.stop());
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    tableName: LOCAL_TABLE,
    bucket: LOCAL_BUCKET,
  };
};

const createBucket = async (endpoint: string, bucket: string): Promise<void> => {
  const s3 = new S3Client({ endpoint, forcePathStyle: true, ...LOCAL_AWS });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
};

/** Runs the sweeper every `ms`, first one interval after start, never two at once. */
const scheduleSweeps = (ms: number, load: () => Promise<SweeperEntry>): (() => Promise<void>) => {
  let running: Promise<void> | undefined;
  const run = async () => {
    const { handler } = await load();
    const summary = await handler({ mode: "sweep" }, lambdaContext());
    if (summary)
      process.stdout.write(
        `sweep ${summary.runId}: deleted ${summary.deleted}, archived ${summary.archived}, remaining ${summary.remaining}\n`,
      );
  };
  const timer = setInterval(() => {
    running ??= run()
      .catch((error: unknown) => {
        process.stderr.write(`sweep failed: ${String(error)}\n`);
      })
      .finally(() => {
        running = undefined;
      });
  }, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
};

/** What `sst deploy` gives a deployed function: its links as `SST_RESOURCE_*`, AWS settings. */
const linkResources = (
  options: LocalOptions & {
    tableName: string;
    bucket: string;
    dynamoEndpoint: string;
    s3Endpoint: string;
    apiUrl: string;
    twilioUrl: string;
    queue: LocalQueue;
    runs: LocalQueue;
    sqsEndpoint: string;
    workers: number;
    identityHashKey: string;
    busEndpoint: string;
    twilioAccounts: readonly LocalTwilioAccount[];
  },
): void => {
  const { twilio } = options;
  const secret = (value: string) => ({ value, type: "sst.sst.Secret" });
  const links: Record<string, Record<string, unknown>> = {
    App: { name: "video-recordings", stage: "local" },
    Recordings: { name: options.tableName, type: "sst.aws.Dynamo" },
    Archive: { name: options.bucket, type: "sst.aws.Bucket" },
    ApiToken: secret(options.apiToken),
    // Share links last until local mode stops: a key of its own each start.
    ShareSigningKey: secret(randomBytes(32).toString("hex")),
    IdentityHashKey: secret(options.identityHashKey),
    // The emulator's accounts, all served; the first calls with the API key given, as a
    // deployment should. Real Twilio: the single-account secrets below.
    TwilioAccounts: secret(
      twilio.kind === "emulator"
        ? JSON.stringify(
            options.twilioAccounts.map((account, index) =>
              index === 0 && twilio.apiKeySid
                ? { ...account, apiKeySid: twilio.apiKeySid, apiKeySecret: twilio.apiKeySecret }
                : account,
            ),
          )
        : "",
    ),
    TwilioAccountSid: secret(twilio.accountSid),
    TwilioAuthToken: secret(twilio.authToken),
    TwilioApiKeySid: secret(twilio.apiKeySid),
    TwilioApiKeySecret: secret(twilio.apiKeySecret),
    TwilioApi: { url: options.twilioUrl, type: "sst.sst.Linkable" },
    Retention: { ...options.retention, type: "sst.sst.Linkable" },
    PublicBaseUrl: { url: options.apiUrl, type: "sst.sst.Linkable" },
    Jobs: { url: options.queue.url, type: "sst.aws.Queue" },
    Runs: { url: options.runs.url, type: "sst.aws.Queue" },
    Workers: { count: options.workers, type: "sst.sst.Linkable" },
    Events: {
      name: LOCAL_BUS,
      arn: `arn:aws:events:${LOCAL_AWS.region}:000000000000:event-bus/${LOCAL_BUS}`,
      type: "sst.aws.Bus",
    },
  };
  for (const [name, value] of Object.entries(links))
    process.env[`SST_RESOURCE_${name}`] = JSON.stringify(value);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = options.dynamoEndpoint;
  process.env.AWS_ENDPOINT_URL_S3 = options.s3Endpoint;
  process.env.AWS_ENDPOINT_URL_SQS = options.sqsEndpoint;
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = options.busEndpoint;
  process.env.S3_FORCE_PATH_STYLE = "true";
  process.env.AWS_REGION = LOCAL_AWS.region;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_AWS.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_AWS.credentials.secretAccessKey;
  // Metrics are documents for CloudWatch, one or more a request: local mode's output is for a
  // person. Set POWERTOOLS_METRICS_DISABLED=false to see them.
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
};
