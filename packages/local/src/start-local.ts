import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { start as startEmulator } from "@video-recordings/twilio-emulator";
import { ROUTES } from "../../../functions/_routes";
import { dynamoClient, ensureRecordingsTable, LOCAL_AWS, startDynamoDbLocal } from "./dynamodb-local";
import { type GatewayRoute, type LambdaHttpHandler, startGateway } from "./gateway";

export type TwilioTarget =
  | { kind: "emulator"; port: number; accountSid: string; authToken: string }
  | { kind: "twilio"; accountSid: string; authToken: string };

export type LocalOptions = {
  port: number;
  apiToken: string;
  twilio: TwilioTarget;
  /** Where DynamoDB Local keeps its data between runs. */
  dataDir: string;
  reset: boolean;
  /** An already running DynamoDB Local, and a table of its own in it, instead of starting one. */
  dynamoEndpoint?: string;
  tableName?: string;
};

export type LocalSystem = {
  apiUrl: string;
  emulatorUrl: string | null;
  tableName: string;
  dynamoEndpoint: string;
  stop(): Promise<void>;
};

export const LOCAL_TABLE = "video-recordings-local";

const FUNCTIONS_DIR = resolve(import.meta.dirname, "../../../functions");

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
    const dynamoEndpoint = options.dynamoEndpoint ?? (await startOwnDynamo(options, stops));
    const tableName = options.tableName ?? LOCAL_TABLE;
    const db = dynamoClient(dynamoEndpoint);
    await ensureRecordingsTable(db, tableName);
    db.destroy();

    let emulatorUrl: string | null = null;
    if (options.twilio.kind === "emulator") {
      const emulator = await startEmulator({
        port: options.twilio.port,
        accountSid: options.twilio.accountSid,
        authToken: options.twilio.authToken,
      });
      stops.push(() => emulator.stop());
      emulatorUrl = emulator.url;
    }

    const gateway = await startGateway(
      ROUTES.map((route): GatewayRoute => ({ path: route.path, load: () => loadHandler(route.handler) })),
      { port: options.port },
    );
    stops.push(() => gateway.stop());
    // Handlers read their links lazily, on first use, so the port is known by then.
    linkResources({ ...options, tableName, dynamoEndpoint, apiUrl: gateway.url });
    return { apiUrl: gateway.url, emulatorUrl, tableName, dynamoEndpoint, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

const startOwnDynamo = async (options: LocalOptions, stops: (() => Promise<void>)[]): Promise<string> => {
  const path = join(options.dataDir, "dynamodb");
  if (options.reset) await rm(path, { recursive: true, force: true });
  await mkdir(path, { recursive: true });
  const dynamo = await startDynamoDbLocal({ path });
  stops.push(() => dynamo.stop());
  return dynamo.endpoint;
};

const loadHandler = async (name: string): Promise<LambdaHttpHandler> => {
  const entry = (await import(join(FUNCTIONS_DIR, `${name}.ts`))) as { handler: LambdaHttpHandler };
  return entry.handler;
};

/** What `sst deploy` gives a deployed function: its links as `SST_RESOURCE_*`, AWS settings. */
const linkResources = (
  options: LocalOptions & { tableName: string; dynamoEndpoint: string; apiUrl: string },
): void => {
  const { twilio } = options;
  const links: Record<string, Record<string, string>> = {
    App: { name: "video-recordings", stage: "local" },
    Recordings: { name: options.tableName, type: "sst.aws.Dynamo" },
    ApiToken: { value: options.apiToken, type: "sst.sst.Secret" },
    TwilioAccountSid: { value: twilio.accountSid, type: "sst.sst.Secret" },
    TwilioAuthToken: { value: twilio.authToken, type: "sst.sst.Secret" },
    PublicBaseUrl: { url: options.apiUrl, type: "sst.sst.Linkable" },
  };
  for (const [name, value] of Object.entries(links))
    process.env[`SST_RESOURCE_${name}`] = JSON.stringify(value);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = options.dynamoEndpoint;
  process.env.AWS_REGION = LOCAL_AWS.region;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_AWS.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_AWS.credentials.secretAccessKey;
};
