import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DynamoDbLocal,
  type LocalSystem,
  type S3Server,
  startDynamoDbLocal,
  startLocal,
  startS3Server,
} from "@video-recordings/local";
import { LOCAL_FUNCTIONS } from "../../functions/_local";

/** The runner starts one DynamoDB Local and one S3 server and hands their endpoints to every child. */
export const STORAGE_ENV = { dynamo: "BENCH_DYNAMO_ENDPOINT", s3: "BENCH_S3_ENDPOINT" } as const;

export const BENCH_API_TOKEN = "bench-api-token";
export const BENCH_TWILIO = {
  accountSid: "AC0000000000000000000000000000be0c",
  authToken: "bench-auth-token-0123456789abcdef",
  apiKeySid: `SK${"be".repeat(16)}`,
  apiKeySecret: "bench-api-key-secret",
};

export type Storage = { dynamoEndpoint: string; s3Endpoint: string; stop(): Promise<void> };

/** DynamoDB Local (in memory) and an S3 server in a temporary folder. */
export const startStorage = async (): Promise<Storage> => {
  const directory = await mkdtemp(join(tmpdir(), "bench-s3-"));
  let s3: S3Server | undefined;
  let dynamo: DynamoDbLocal | undefined;
  const stop = async () => {
    await Promise.all([dynamo?.stop(), s3?.stop()]);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    s3 = await startS3Server({ directory, buckets: [] });
    dynamo = await startDynamoDbLocal();
    return { dynamoEndpoint: dynamo.endpoint, s3Endpoint: s3.endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** The runner's storage when it handed one down, else storage of this process's own. */
export const sharedStorage = async (): Promise<Storage> => {
  const dynamoEndpoint = process.env[STORAGE_ENV.dynamo];
  const s3Endpoint = process.env[STORAGE_ENV.s3];
  if (dynamoEndpoint && s3Endpoint) return { dynamoEndpoint, s3Endpoint, stop: async () => {} };
  return startStorage();
};

export type BenchSystem = LocalSystem & { emulatorUrl: string; stopAll(): Promise<void> };

/**
 * Local mode in this process on ephemeral ports, with a table and a bucket of its own. Handlers
 * read their links once per process, so one process runs one system.
 */
export const startBenchSystem = async (
  archive: boolean,
  { accounts = 1, workers }: { accounts?: number; workers?: number } = {},
): Promise<BenchSystem> => {
  const storage = await sharedStorage();
  const dataDir = await mkdtemp(join(tmpdir(), "bench-local-"));
  const system = await startLocal({
    functions: LOCAL_FUNCTIONS,
    port: 0,
    apiToken: BENCH_API_TOKEN,
    twilio: { kind: "emulator", port: 0, accounts, ...BENCH_TWILIO },
    dataDir,
    reset: true,
    // PII expiry off: the sweeper's figures are its work against Twilio (bench/pii-expiry.ts has its own).
    retention: {
      retentionDays: "90",
      archive: String(archive),
      archiveRetentionDays: "",
      piiRetentionDays: "off",
    },
    sweepSchedule: { kind: "off" },
    ...(workers !== undefined && { workers }),
    shared: {
      dynamoEndpoint: storage.dynamoEndpoint,
      s3Endpoint: storage.s3Endpoint,
      tableName: `bench-${randomUUID()}`,
      bucket: `bench-${randomUUID()}`,
    },
  });
  return {
    ...system,
    emulatorUrl: system.emulatorUrl ?? "",
    stopAll: async () => {
      await system.stop();
      await storage.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

export const basicAuth = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** A JSON call to one of the emulator's `/_emulator` controls; throws unless it answers 2xx. */
export const emulatorControl = async (
  emulatorUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> => {
  const answer = await fetch(`${emulatorUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} ${path} answered ${answer.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : null;
};
