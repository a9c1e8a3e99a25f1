import { randomUUID } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordingStore } from "@video-recordings/core";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { dynamoClient, type LocalFunctions, type LocalSystem, startLocal } from "@video-recordings/local";
import twilio from "twilio";
import { inject } from "vitest";
import { LOCAL_FUNCTIONS } from "../../functions/_local";
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
  /** The `IdentityHashKey` local mode made for this system's data. */
  identityKey: string;
  api(path: string, init?: RequestInit): Promise<Response>;
  emulator(path: string, body?: unknown): Promise<Response>;
};

/** Local mode on ephemeral ports, over the run's DynamoDB Local, in a table of its own. */
export const startTestSystem = async (
  options: { functionTimeoutMs?: number; accounts?: number; functions?: LocalFunctions } = {},
): Promise<TestSystem> => {
  const { accounts = 1, ...rest } = options;
  const dataDir = await mkdtemp(join(tmpdir(), "video-recordings-"));
  const system = await startLocal({
    functions: LOCAL_FUNCTIONS,
    ...rest,
    port: 0,
    apiToken: API_TOKEN,
    twilio: { kind: "emulator", port: 0, accounts, ...TWILIO_CREDENTIALS },
    dataDir,
    reset: true,
    retention: { retentionDays: "90", archive: "true", archiveRetentionDays: "" },
    // Tests run the sweeper when they choose.
    sweepSchedule: { kind: "off" },
    // A failed job comes back at once, not after a deployed queue's 16 minutes.
    jobRetryDelayMs: 100,
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
    identityKey: await readFile(join(dataDir, "identity-hash-key"), "utf8"),
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

/**
 * A form POST to the callback route, signed by the official twilio package with `token`
 * (ours unless told otherwise); `signature: null` sends none, a string sends that one.
 */
export const postCallback = (
  system: TestSystem,
  params: Record<string, string>,
  { token = AUTH_TOKEN, signature }: { token?: string; signature?: string | null } = {},
): Promise<Response> => {
  const url = `${system.apiUrl}/twilio/status`;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const signed = signature === undefined ? twilio.getExpectedTwilioSignature(token, url, params) : signature;
  if (signed !== null) headers["x-twilio-signature"] = signed;
  return fetch(url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
};

/** Creates a room on the emulator that records everyone and calls this system back. */
export const createRecordingRoom = async (system: TestSystem, uniqueName?: string): Promise<string> => {
  const answer = await fetch(`${system.emulatorUrl}/v1/Rooms`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      ...(uniqueName && { UniqueName: uniqueName }),
      RecordParticipantsOnConnect: "true",
      StatusCallback: `${system.apiUrl}/twilio/status`,
    }).toString(),
  });
  if (answer.status !== 201)
    throw new Error(`the emulator refused the room: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { sid: string }).sid;
};

export type ExportView = {
  exportId: string;
  status: "running" | "done" | "failed";
  total: number;
  archived: number;
  archivedBytes: number;
  failed: number;
  remaining: number;
  startedAt: string;
  finishedAt: string | null;
};

/** Asks for an export (`POST /exports`) and reads it (`GET /exports/{exportId}`) until it has ended. */
export const exportToEnd = async (system: TestSystem, body: unknown = {}): Promise<ExportView> => {
  const asked = await system.api("/exports", { method: "POST", body: JSON.stringify(body) });
  if (asked.status !== 202) throw new Error(`POST /exports answered ${asked.status}: ${await asked.text()}`);
  const { exportId } = (await asked.json()) as { exportId: string };
  for (;;) {
    const view = (await (await system.api(`/exports/${exportId}`)).json()) as ExportView;
    if (view.status !== "running") return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
