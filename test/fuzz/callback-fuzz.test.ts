import { ScanCommand, type ScanCommandOutput } from "@aws-sdk/client-dynamodb";
import { type CompositionStore, toCompositionView } from "@video-recordings/core";
import { dynamoCompositionStore } from "@video-recordings/core/dynamo";
import { dynamoClient } from "@video-recordings/local";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "../support/local-system";
import { type Draft, draftArb } from "./callback-drafts";
import { CallbackLedger } from "./callback-ledger";
import { type FuzzRequest, materialize } from "./callback-requests";
import { FORGED_COMPOSITION_SIDS, FORGED_SIDS } from "./callback-subjects";
import { CompositionWatch } from "./composition-watch";

// Fixed so that a failure reproduces; FUZZ_SEED replays another one.
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_501);
const BATCH = 50;
const RUNS = 200;
const MIN_REQUESTS = 10_000;
// The run takes about two minutes on an idle machine; a loaded one may need twice as long.
const RUN_TIMEOUT_MS = 240_000;
// Valid requests of a batch Twilio delivers twice (a retry after a slow answer), at the same time.
const MAX_REDELIVERED = 4;
// The index's one timestamp form: what makes string order chronological.
const NORMALIZED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
// Floors for the answers to composition callbacks, about half of what the seed makes.
const COMPOSITIONS_ACCEPTED = 400;
const COMPOSITIONS_REFUSED = 300;
const COMPOSITIONS_FORBIDDEN = 300;
// What API Gateway tells the function it has left.
const CONTEXT = { getRemainingTimeInMillis: () => 29_000 };

type Handler = typeof import("../../functions/status-callback").handler;
type Answer = Awaited<ReturnType<Handler>>;

let system: TestSystem;
let handler: Handler;
let compositions: CompositionStore;
let watch: CompositionWatch;
const ledger = new CallbackLedger();

beforeAll(async () => {
  system = await startTestSystem();
  compositions = dynamoCompositionStore(system.tableName, dynamoClient(system.dynamoEndpoint));
  watch = new CompositionWatch(compositions, ledger);
  // The handler reads its links on load: only once the system has set them.
  ({ handler } = await import("../../functions/status-callback"));
});
afterAll(async () => {
  await system.stop();
});

type ErrorBody = { error?: { code?: unknown; message?: unknown } };

/** What is wrong with an answer by the contract, or null. */
const problemWith = (request: FuzzRequest, answer: Answer): string | null => {
  const { status, code, field } = request.expected;
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
  if (field !== null && !parsed.error.message.startsWith(`${field} `))
    return `a ${status} whose message does not name ${field}`;
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
    const { intent, resource, method, signing, encoding, quirk } = request.draft;
    const example =
      `${intent} ${resource ?? ""} ${method} signing=${signing} encoding=${encoding} quirk=${quirk} ` +
      `fields=${JSON.stringify(request.fields).slice(0, 1_500)} answer=${String(answer.body).slice(0, 300)}`;
    this.kinds.set(problem, { count: 1, example });
  }

  report(): string[] {
    return [...this.kinds].map(([problem, { count, example }]) => `${problem} (${count}×), e.g. ${example}`);
  }
}

/** The SIDs of every item in the table, by the kind its key names (`REC#…`, `COMP#…`). */
const storedSids = async (): Promise<Map<string, string[]>> => {
  const db = dynamoClient(system.dynamoEndpoint);
  const byKind = new Map<string, string[]>();
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
    for (const item of page.Items ?? []) {
      const [kind = "", sid = ""] = (item.pk?.S ?? "").split("#");
      byKind.set(kind, [...(byKind.get(kind) ?? []), sid]);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  db.destroy();
  for (const sids of byKind.values()) sids.sort();
  return byKind;
};

/** A batch's drafts, and which of its valid ones are delivered a second time. */
const batchArb = fc.record({
  drafts: fc.array(draftArb, { minLength: BATCH, maxLength: BATCH }),
  redelivered: fc.uniqueArray(fc.nat({ max: BATCH - 1 }), { maxLength: MAX_REDELIVERED }),
});

const deliveries = ({ drafts, redelivered }: { drafts: Draft[]; redelivered: number[] }): Draft[] => [
  ...drafts,
  ...redelivered.map((i) => drafts[i]).filter((draft): draft is Draft => draft?.intent === "valid"),
];

describe("the status callback handler, fuzzed", () => {
  it(
    "answers every generated request as the contract says, never with a 5xx",
    async () => {
      // Prepare
      const violations = new Violations();
      const property = fc.asyncProperty(batchArb, async (batch) => {
        // One batch at a time, its requests at once: merging must not care about their order.
        const told = await Promise.all(
          deliveries(batch).map(async (draft) => {
            const request = materialize(draft, system.apiUrl);
            const answer = await handler(request.event, CONTEXT);
            violations.add(problemWith(request, answer), request, answer);
            return ledger.record(request, answer);
          }),
        );
        // Between batches, the compositions it told the index about are read back.
        await watch.check(told.filter((sid) => sid !== null));
      });
      // Act
      await fc.assert(property, { seed: SEED, numRuns: RUNS });
      // Assess
      expect(violations.report(), `seed ${SEED} (replay with FUZZ_SEED=${SEED})`).toEqual([]);
      expect(ledger.sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
      expect(ledger.byStatus.get(204)).toBeGreaterThan(2_000);
      for (const status of [400, 403, 405, 413]) expect(ledger.byStatus.get(status) ?? 0).toBeGreaterThan(0);
      expect(ledger.count("composition", 204)).toBeGreaterThan(COMPOSITIONS_ACCEPTED);
      expect(ledger.count("composition", 400)).toBeGreaterThan(COMPOSITIONS_REFUSED);
      expect(ledger.count("composition", 403)).toBeGreaterThan(COMPOSITIONS_FORBIDDEN);
    },
    RUN_TIMEOUT_MS,
  );

  it("keeps each composition, batch after batch, the merge of its accepted events: status only forward, progress only growing, no field lost", () => {
    // Assess
    expect(watch.report(), `seed ${SEED}`).toEqual([]);
    expect(watch.reads).toBeGreaterThan(COMPOSITIONS_ACCEPTED / 2);
  });

  it("indexes each signed, valid composition event exactly as merging the delivered reports predicts", async () => {
    // Prepare
    const sids = [...ledger.acceptedCompositions.keys()];
    expect(sids.length).toBeGreaterThan(40);
    // Act
    const stored = await Promise.all(
      sids.map(async (sid) => [sid, (await compositions.get(sid))?.state] as const),
    );
    // Assess
    for (const [sid, state] of stored)
      expect(state, `composition ${sid} (seed ${SEED})`).toEqual(ledger.expectedCompositionState(sid));
  });

  it("answers GET /compositions/{sid} with each accepted composition as indexed, and 404 for forged ones", async () => {
    // Prepare
    const accepted = [...ledger.acceptedCompositions.keys()];
    const forged = FORGED_COMPOSITION_SIDS.filter((sid) => ledger.mentioned.has(sid));
    // Act
    const answers = await Promise.all(
      [...accepted, ...forged].map(async (sid) => {
        const answer = await system.api(`/compositions/${sid}`);
        return [sid, answer.status, (await answer.json()) as ErrorBody] as const;
      }),
    );
    // Assess
    for (const [sid, status, body] of answers) {
      const expected = ledger.expectedCompositionState(sid);
      if (expected === undefined)
        expect([status, body.error?.code], `composition ${sid}`).toEqual([404, "composition_not_found"]);
      else expect([status, body], `composition ${sid}`).toEqual([200, toCompositionView(expected, false)]);
    }
  });

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
      expect(state, `recording ${sid} (seed ${SEED})`).toEqual(ledger.expectedState(sid, system.identityKey));
  });

  it("keeps every stored timestamp in the index's fixed-width, sortable form", async () => {
    // Prepare
    const recordingSids = [...ledger.accepted.keys()];
    const compositionSids = [...ledger.acceptedCompositions.keys()];
    // Act
    const stored = [
      ...(await Promise.all(recordingSids.map((sid) => system.store.get(sid)))),
      ...(await Promise.all(compositionSids.map((sid) => compositions.get(sid)))),
    ];
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
    const neverAccepted = [...ledger.mentioned].filter(
      (sid) => !ledger.accepted.has(sid) && !ledger.acceptedCompositions.has(sid),
    );
    const forged = [...FORGED_SIDS, ...FORGED_COMPOSITION_SIDS].filter((sid) => ledger.mentioned.has(sid));
    expect(neverAccepted).toEqual(expect.arrayContaining(forged));
    expect(neverAccepted.filter((sid) => sid.startsWith("RT")).length).toBeGreaterThan(50);
    expect(neverAccepted.filter((sid) => sid.startsWith("CJ")).length).toBeGreaterThan(20);
    // Act
    const stored = await Promise.all(
      neverAccepted.map((sid) => (sid.startsWith("CJ") ? compositions.get(sid) : system.store.get(sid))),
    );
    // Assess
    expect(
      stored.filter((item) => item !== undefined),
      `seed ${SEED}`,
    ).toEqual([]);
  });

  it("holds no item beyond the recordings and compositions it accepted", async () => {
    // Act
    const stored = await storedSids();
    // Assess
    expect(Object.fromEntries(stored), `seed ${SEED}`).toEqual({
      REC: [...ledger.accepted.keys()].sort(),
      COMP: [...ledger.acceptedCompositions.keys()].sort(),
    });
  });
});
