import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import type { SweepSummary } from "@video-recordings/core/retention";

const ROOT = resolve(import.meta.dirname, "../..");
/** The Node the Lambda runtime runs (nodejs24.x), from the `node` package. */
export const NODE24 = join(ROOT, "node_modules", ".bin", "node");
const SCRIPT = join(import.meta.dirname, "sweeper-process.ts");

/** The sweeper function's memory, as `stacks/sweeper.ts` sets it. */
export const SWEEPER_MEMORY_MB = 1024;

/**
 * The heap limits Lambda's Node.js runtime starts a function of `memoryMb` with: its bootstrap gives
 * a tenth of the memory to the young generation (two semi-spaces) and the rest to the old. They set
 * how much garbage V8 lets pile up between collections; a machine's own defaults, sized from all its
 * memory, let a process hold tens of megabytes more than the function would.
 */
export const lambdaHeapFlags = (memoryMb: number): string[] => {
  const young = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(young / 2)}`, `--max-old-space-size=${memoryMb - young}`];
};

/** Where the sweeper's resources are; every caller sweeps with the default 90-day archiving policy. */
export type SweeperLinks = {
  tableName: string;
  bucket: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  twilioUrl: string;
  accountSid: string;
  authToken: string;
};

const RETENTION = { retentionDays: "90", archive: "true", archiveRetentionDays: "" };

export type SweeperRun = {
  summary: SweepSummary;
  /** Bytes. */
  idleRss: number;
  peakRss: number;
  sampledPeak: number;
  hwmBefore: number | null;
  hwmAfter: number | null;
  /** `process.memoryUsage().arrayBuffers` once idle, and the most sampled: what Buffers and typed arrays hold. */
  idleArrayBuffers: number;
  peakArrayBuffers: number;
};

/** What `sst deploy` (or local mode) gives the sweeper: its links as `SST_RESOURCE_*`, AWS settings. */
export const sweeperEnv = (links: SweeperLinks): Record<string, string> => {
  const secret = (value: string) => ({ value, type: "sst.sst.Secret" });
  const resources: Record<string, unknown> = {
    App: { name: "video-recordings", stage: "test" },
    Recordings: { name: links.tableName, type: "sst.aws.Dynamo" },
    Archive: { name: links.bucket, type: "sst.aws.Bucket" },
    TwilioAccounts: secret(""),
    TwilioAccountSid: secret(links.accountSid),
    TwilioAuthToken: secret(links.authToken),
    TwilioApiKeySid: secret(""),
    TwilioApiKeySecret: secret(""),
    TwilioApi: { url: links.twilioUrl, type: "sst.sst.Linkable" },
    Retention: { ...RETENTION, type: "sst.sst.Linkable" },
  };
  return {
    PATH: process.env.PATH ?? "",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    AWS_ENDPOINT_URL_DYNAMODB: links.dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: links.s3Endpoint,
    S3_FORCE_PATH_STYLE: "true",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    ...Object.fromEntries(
      Object.entries(resources).map(([name, v]) => [`SST_RESOURCE_${name}`, JSON.stringify(v)]),
    ),
  };
};

/**
 * Starts `sweeper-process.ts` on Node 24 with tsx and the heap limits Lambda gives the sweeper.
 * `result` resolves with what it printed once it exits normally, and rejects when it exits
 * otherwise (killed, crashed) or outlives `timeoutMs`.
 */
export const spawnSweeper = (
  env: Record<string, string>,
  timeoutMs: number,
): { child: ChildProcess; result: Promise<SweeperRun> } => {
  const flags = ["--expose-gc", ...lambdaHeapFlags(SWEEPER_MEMORY_MB)];
  const child = spawn(NODE24, [...flags, "--import", "tsx", SCRIPT], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const result = new Promise<SweeperRun>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the sweeper process ran over ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith("SWEEP "));
      if (code === 0 && line) resolvePromise(JSON.parse(line.slice("SWEEP ".length)) as SweeperRun);
      else reject(new Error(`the sweeper process exited with ${signal ?? code}: ${stderr}`));
    });
  });
  return { child, result };
};
