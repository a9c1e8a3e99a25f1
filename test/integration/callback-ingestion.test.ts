import {
  logger,
  mergeReport,
  parseCallback,
  type RecordingReport,
  type RecordingState,
  withIdentityHash,
} from "@video-recordings/core";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  aRecordingCallback,
  aRecordingLifecycle,
  aSid,
} from "../fixtures/callbacks";
import { API_TOKEN, postCallback, startTestSystem, type TestSystem } from "../support/local-system";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
  logger.setLogLevel("SILENT");
});

const deliver = async (params: Record<string, string>, token = AUTH_TOKEN): Promise<number> => {
  const answer = await postCallback(system, params, { token });
  await answer.arrayBuffer();
  return answer.status;
};

const expectedState = (events: Record<string, string>[]): RecordingState | undefined =>
  events
    .map((params) => {
      const parsed = parseCallback(params);
      if (!parsed.ok || parsed.value.kind !== "recording")
        throw new Error("fixture is not a recording callback");
      return withIdentityHash(system.identityKey, parsed.value.report);
    })
    .reduce<RecordingState | undefined>(
      (state, report: RecordingReport) => mergeReport(state, report),
      undefined,
    );

describe("callback ingestion on DynamoDB Local", () => {
  it("stores one record, written once, from 20 concurrent duplicate deliveries", async () => {
    // Prepare
    const params = aRecordingCallback({ AccountSid: ACCOUNT_SID, RecordingSid: aSid("RT") });
    // Act
    const statuses = await Promise.all(Array.from({ length: 20 }, () => deliver(params)));
    // Assess
    expect(statuses).toEqual(Array(20).fill(204));
    const stored = await system.store.get(params.RecordingSid ?? "");
    expect(stored).toEqual({ state: expectedState([params]), version: 1 });
  });

  it("converges on the in-order record from 50 events delivered concurrently in random order", async () => {
    // Prepare: 10 recordings of one room, each started, finished, and partly duplicated.
    const roomSid = aSid("RM");
    const byRecording = Array.from({ length: 10 }, (_, i) =>
      aRecordingLifecycle(aSid("RT"), roomSid, i % 3 === 0 ? "recording-failed" : "recording-completed").map(
        (params): Record<string, string> => ({ ...params, AccountSid: ACCOUNT_SID }),
      ),
    );
    const lifecycles = byRecording.flat();
    const events = [...lifecycles, ...lifecycles, ...lifecycles.slice(0, 10)];
    const shuffled =
      fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), { numRuns: 1, seed: 42 })[0] ?? [];
    // Act
    const statuses = await Promise.all(shuffled.map((params) => deliver(params)));
    // Assess
    expect(shuffled).toHaveLength(50);
    expect(statuses).toEqual(Array(50).fill(204));
    for (const lifecycle of byRecording) {
      const sid = lifecycle[0]?.RecordingSid ?? "";
      expect((await system.store.get(sid))?.state).toEqual(expectedState(lifecycle));
    }
    const listing = await system.api(`/rooms/${roomSid}/recordings?limit=100`);
    const { recordings } = (await listing.json()) as { recordings: { status: string }[] };
    expect(recordings.map((recording) => recording.status).sort()).toEqual([
      ...Array(6).fill("completed"),
      ...Array(4).fill("failed"),
    ]);
  });

  it("logs structured JSON keyed by SIDs and never a secret", async () => {
    // Prepare
    logger.setLogLevel("DEBUG");
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, "write").mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    }
    const params = aRecordingCallback({ AccountSid: ACCOUNT_SID, RecordingSid: aSid("RT") });
    // Act
    await deliver(params);
    await deliver(params, "a-forger's-token");
    await system.api(`/recordings/${params.RecordingSid}`, { headers: { authorization: "Bearer wrong" } });
    // Assess
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({ level: "INFO", recordingSid: params.RecordingSid, roomSid: params.RoomSid }),
    );
    expect(records).toContainEqual(expect.objectContaining({ level: "WARN", reason: "bad-signature" }));
    for (const line of lines) {
      expect(line).not.toContain(AUTH_TOKEN);
      expect(line).not.toContain(API_TOKEN);
    }
  });
});
