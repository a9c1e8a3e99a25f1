import { METRICS_NAMESPACE } from "@video-recordings/core/metrics";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { aRecordingCallback } from "../fixtures/callbacks";
import { postCallback, startTestSystem, type TestSystem } from "../support/local-system";

/** An embedded-metric-format document, as CloudWatch reads it from a function's output. */
type EmfDocument = {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
};

let system: TestSystem;
let consoleLog: MockInstance<typeof console.log>;

beforeAll(async () => {
  // As Powertools' own tests do: dev mode writes through the global console, where a spy reads it,
  // and metrics, which the suite turns off, are turned back on.
  vi.stubEnv("POWERTOOLS_DEV", "true");
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  consoleLog = vi.spyOn(console, "log").mockImplementation(() => {});
  system = await startTestSystem();
});
afterAll(async () => {
  await system.stop();
  consoleLog.mockRestore();
  vi.unstubAllEnvs();
});

/** The EMF documents written since the spy was last cleared. */
const emfDocuments = (): EmfDocument[] =>
  consoleLog.mock.calls.flatMap(([line]) => {
    if (typeof line !== "string" || !line.includes('"_aws"')) return [];
    return [JSON.parse(line) as EmfDocument];
  });

describe("local mode: metrics a handler writes", () => {
  it("writes an accepted callback as one Callbacks count under its outcome, in the VideoRecordings namespace", async () => {
    // Prepare
    consoleLog.mockClear();
    // Act
    const answer = await postCallback(system, aRecordingCallback());
    // Assess
    expect(answer.status).toBe(204);
    const [document, ...others] = emfDocuments();
    expect(others).toEqual([]);
    expect(document?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [["service", "stage", "Outcome"]],
        Metrics: [{ Name: "Callbacks", Unit: "Count" }],
      },
    ]);
    expect(document).toMatchObject({
      service: "video-recordings",
      stage: "local",
      Outcome: "created",
      Callbacks: 1,
    });
  });

  it("writes a forged callback as a rejection under its reason", async () => {
    // Prepare
    consoleLog.mockClear();
    // Act
    const answer = await postCallback(system, aRecordingCallback(), { signature: "forged" });
    // Assess
    expect(answer.status).toBe(403);
    expect(emfDocuments()).toEqual([
      expect.objectContaining({ Reason: "bad-signature", CallbackRejections: 1, stage: "local" }),
    ]);
  });

  it("writes nothing for a request that counts nothing", async () => {
    // Prepare
    consoleLog.mockClear();
    // Act
    const answer = await system.api("/openapi.json");
    // Assess
    expect(answer.status).toBe(200);
    expect(emfDocuments()).toEqual([]);
  });
});
