import { ScanCommand, type ScanCommandOutput } from "@aws-sdk/client-dynamodb";
import { dynamoClient } from "@video-recordings/local";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/local-system";
import { draftArb, FORGED_SIDS } from "./callback-drafts";
import { CallbackLedger } from "./callback-ledger";
import { type FuzzRequest, materialize } from "./callback-requests";

// Fixed so that a failure reproduces; FUZZ_SEED replays another one.
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_501);
const BATCH = 50;
const RUNS = 200;
const MIN_REQUESTS = 10_000;
// The index's one timestamp form: what makes string order chronological.
const NORMALIZED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
// What API Gateway tells the function it has left.
const CONTEXT = { getRemainingTimeInMillis: () => 29_000 };

type Handler = typeof import("../../functions/status-callback").handler;
type Answer = Awaited<ReturnType<Handler>>;

let system: TestSystem;
let handler: Handler;
const ledger = new CallbackLedger();

beforeAll(async () => {
  system = await startTestSystem();
  // The handler reads its links on load: only once the system has set them.
  ({ handler } = await import("../../functions/status-callback"));
});
afterAll(async () => {
  await system.stop();
});

type ErrorBody = { error?: { code?: unknown; message?: unknown } };

/** What is wrong with an answer by the contract, or null. */
const problemWith = (request: FuzzRequest, answer: Answer): string | null => {
  const { status, code } = request.expected;
  if (answer.statusCode >= 500) return `answered ${answer.statusCode}`;
  if (answer.statusCode !== status) return `answered ${answer.statusCode} where the contract says ${status}`;
  if (status === 204) return answer.body === undefined || answer.body === "" ? null : "a 204 carried a body";
  if (answer.headers?.["content-type"] !== "application/json") return `a ${status} that is not JSON`;
  let parsed: ErrorBody | null;
  try {
    parsed = JSON.parse(answer.body ?? "null") as ErrorBody | null;
  } catch {
    return `a ${status} whose body does not parse`;
  }
  if (typeof parsed?.error?.code !== "string" || typeof parsed.error.message !== "string")
    return `a ${status} without error code and message`;
  if (code !== null && parsed.error.code !== code)
    return `error code ${parsed.error.code} where ${code} is due`;
  if (status === 405 && answer.headers?.allow !== "POST, GET") return "a 405 without Allow: POST, GET";
  return null;
};

/** Contract violations, one example kept per kind, so one run reports every kind it met. */
class Violations {
  private readonly kinds = new Map<string, { count: number; example: string }>();

  add(problem: string | null, request: FuzzRequest, answer: Answer): void {
    if (problem === null) return;
    const seen = this.kinds.get(problem);
    if (seen) {
      seen.count++;
      return;
    }
    const { intent, method, signing, encoding, quirk } = request.draft;
    const example =
      `${intent} ${method} signing=${signing} encoding=${encoding} quirk=${quirk} ` +
      `fields=${JSON.stringify(request.fields).slice(0, 1_500)} answer=${String(answer.body).slice(0, 300)}`;
    this.kinds.set(problem, { count: 1, example });
  }

  report(): string[] {
    return [...this.kinds].map(([problem, { count, example }]) => `${problem} (${count}×), e.g. ${example}`);
  }
}

const storedRecordingSids = async (): Promise<string[]> => {
  const db = dynamoClient(system.dynamoEndpoint);
  const sids: string[] = [];
  let startKey: ScanCommandOutput["LastEvaluatedKey"];
  do {
    // A Scan, in a test only, over a table this suite alone writes.
    const page = await db.send(
      new ScanCommand({
        TableName: system.tableName,
        ProjectionExpression: "pk",
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) sids.push((item.pk?.S ?? "").replace(/^REC#/, ""));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  db.destroy();
  return sids.sort();
};

describe("the status callback handler, fuzzed", () => {
  it("answers every generated request as the contract says, never with a 5xx", async () => {
    // Prepare
    const violations = new Violations();
    const property = fc.asyncProperty(
      fc.array(draftArb, { minLength: BATCH, maxLength: BATCH }),
      async (drafts) => {
        // One batch at a time, its requests at once: merging must not care about their order.
        await Promise.all(
          drafts.map(async (draft) => {
            const request = materialize(draft, system.apiUrl);
            const answer = await handler(request.event, CONTEXT);
            ledger.record(request, answer);
            violations.add(problemWith(request, answer), request, answer);
          }),
        );
      },
    );
    // Act
    await fc.assert(property, { seed: SEED, numRuns: RUNS });
    // Assess
    expect(violations.report(), `seed ${SEED} (replay with FUZZ_SEED=${SEED})`).toEqual([]);
    expect(ledger.sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(ledger.byStatus.get(204)).toBeGreaterThan(2_000);
    for (const status of [400, 403, 405, 413]) expect(ledger.byStatus.get(status) ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it("indexes each signed, valid recording event exactly as merging the delivered reports predicts", async () => {
    // Prepare
    const sids = [...ledger.accepted.keys()];
    expect(sids.length).toBeGreaterThan(100);
    // Act
    const stored = await Promise.all(
      sids.map(async (sid) => [sid, (await system.store.get(sid))?.state] as const),
    );
    // Assess
    for (const [sid, state] of stored)
      expect(state, `recording ${sid} (seed ${SEED})`).toEqual(ledger.expectedState(sid));
  });

  it("keeps every stored timestamp in the index's fixed-width, sortable form", async () => {
    // Prepare
    const sids = [...ledger.accepted.keys()];
    // Act
    const stored = await Promise.all(sids.map((sid) => system.store.get(sid)));
    // Assess
    const malformed = stored
      .map((item) => item?.state)
      .filter((state) => state !== undefined)
      .flatMap(({ sid, dateCreated, statusAt, completedAt }) =>
        [dateCreated, statusAt, completedAt]
          .filter((value) => value !== null && !NORMALIZED.test(value))
          .map((value) => `${sid}: ${value}`),
      );
    expect(malformed, `seed ${SEED}`).toEqual([]);
  });

  it("stores nothing from unsigned, wrongly signed or foreign-account requests", async () => {
    // Prepare
    const neverAccepted = [...ledger.mentioned].filter((sid) => !ledger.accepted.has(sid));
    expect(neverAccepted).toEqual(
      expect.arrayContaining(FORGED_SIDS.filter((sid) => ledger.mentioned.has(sid))),
    );
    expect(neverAccepted.length).toBeGreaterThan(50);
    // Act
    const stored = await Promise.all(neverAccepted.map((sid) => system.store.get(sid)));
    // Assess
    expect(
      stored.filter((item) => item !== undefined),
      `seed ${SEED}`,
    ).toEqual([]);
  });

  it("holds no item beyond the recordings it accepted", async () => {
    // Act
    const stored = await storedRecordingSids();
    // Assess
    expect(stored, `seed ${SEED}`).toEqual([...ledger.accepted.keys()].sort());
  });
});
