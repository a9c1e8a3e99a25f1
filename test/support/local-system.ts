import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dynamoRecordingStore, type RecordingStore } from "@video-recordings/core";
import { inject } from "vitest";
import { dynamoClient } from "../../packages/local/src/dynamodb-local";
import { type LocalSystem, startLocal } from "../../packages/local/src/start-local";
import { ACCOUNT_SID, AUTH_TOKEN } from "../fixtures/callbacks";

export const API_TOKEN = "test-api-token";
export const TWILIO_CREDENTIALS = {
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  apiKeySid: `SK${"ab".repeat(16)}`,
  apiKeySecret: "test-api-key-secret",
};

export type TestSystem = LocalSystem & {
  store: RecordingStore;
  emulatorUrl: string;
  api(path: string, init?: RequestInit): Promise<Response>;
  emulator(path: string, body?: unknown): Promise<Response>;
};

/** Local mode on ephemeral ports, over the run's DynamoDB Local, in a table of its own. */
export const startTestSystem = async (options: { functionTimeoutMs?: number } = {}): Promise<TestSystem> => {
  const system = await startLocal({
    ...options,
    port: 0,
    apiToken: API_TOKEN,
    twilio: { kind: "emulator", port: 0, ...TWILIO_CREDENTIALS },
    dataDir: await mkdtemp(join(tmpdir(), "video-recordings-")),
    reset: true,
    shared: {
      dynamoEndpoint: inject("dynamoEndpoint"),
      s3Endpoint: inject("s3Endpoint"),
      tableName: `local-${randomUUID()}`,
      bucket: `archive-${randomUUID()}`,
    },
  });
  const emulatorUrl = system.emulatorUrl ?? "";
  return {
    ...system,
    emulatorUrl,
    store: dynamoRecordingStore(system.tableName, dynamoClient(system.dynamoEndpoint)),
    api: (path, init = {}) =>
      fetch(`${system.apiUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${API_TOKEN}`, ...init.headers },
      }),
    emulator: (path, body) =>
      fetch(`${emulatorUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body ?? {}),
      }),
  };
};
