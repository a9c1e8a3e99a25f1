// PII expiry in the retention sweep, against DynamoDB Local: a table holding N recordings whose
// personal data is due (40 days old), N younger ones (10 days) and N already erased. The first
// run erases the N due; the second finds nothing. Twilio answers nothing (unavailable): PII expiry
// needs nothing from it, and the run's other steps then end at once.
//   npx tsx bench/pii-expiry.ts
// Prints one RESULT line for bench/run.ts.
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import {
  erasePersonalData,
  err,
  mergeReport,
  parseCallback,
  type RecordingState,
  type RecordingStore,
  timestampFromDate,
} from "@video-recordings/core";
import {
  createRecordingsTableInput,
  dynamoAuditLog,
  dynamoCompositionStore,
  dynamoHoldStore,
  dynamoParticipantFileStore,
  dynamoRecordingStore,
} from "@video-recordings/core/dynamo";
import { runSweep, type SweepDeps, type SweepTwilio } from "@video-recordings/core/retention";
import { readRetentionPolicy } from "@video-recordings/core/settings";
import { dynamoClient } from "@video-recordings/local";
import { InMemoryArchiveStore } from "../test/fakes/in-memory-archive-store";
import { InMemoryJobQueue } from "../test/fakes/in-memory-stores";
import { ACCOUNT_SID, aRecordingCallback, aSid } from "../test/fixtures/callbacks";
import { CONFIG } from "./lib/config";
import { figure, printResult } from "./lib/figures";
import { sharedStorage } from "./lib/local";
import { median } from "./lib/stats";

const DAY_MS = 86_400_000;
const WRITE_CONCURRENCY = 16;

/** Counts the recordings the PII listing returns. */
const counting = (store: RecordingStore) => {
  const read = { recordings: 0 };
  const counted: RecordingStore = {
    ...store,
    async *listHoldingPersonalDataBefore(cutoff) {
      for await (const page of store.listHoldingPersonalDataBefore(cutoff)) {
        read.recordings += page.length;
        yield page;
      }
    },
  };
  return { counted, read };
};

const unavailable = err({ kind: "unavailable" as const, status: null, message: "benchmark: no Twilio" });
const noTwilio: SweepTwilio = {
  fetchRecording: async () => unavailable,
  deleteRecording: async () => unavailable,
  async *listRecordings() {
    yield unavailable;
  },
  openMedia: async () => unavailable,
  fetchComposition: async () => unavailable,
  deleteComposition: async () => unavailable,
  async *listCompositions() {
    yield unavailable;
  },
  openCompositionMedia: async () => unavailable,
};

/** A recording indexed from its callback, holding identity, room and track names, `days` old. */
const aRecording = (days: number): RecordingState => {
  const parsed = parseCallback(aRecordingCallback({ RecordingSid: aSid("RT"), RoomSid: aSid("RM") }));
  if (!parsed.ok || parsed.value.kind !== "recording") throw new Error("fixture is not a recording callback");
  const dateCreated = timestampFromDate(new Date(Date.now() - days * DAY_MS));
  return { ...mergeReport(undefined, parsed.value.report), dateCreated };
};

const main = async () => {
  const storage = await sharedStorage();
  try {
    const db = dynamoClient(storage.dynamoEndpoint);
    const policy = readRetentionPolicy({});
    if (!policy.ok) throw new Error("the default policy does not parse");
    const n = CONFIG.piiRecordings;
    const runs: {
      due: number;
      read: number;
      erased: number;
      ms: number;
      idleRead: number;
      idleMs: number;
    }[] = [];
    for (let run = 0; run < CONFIG.runs; run++) {
      // Prepare: a fresh table.
      const table = `pii-expiry-${run}-${Date.now()}`;
      await db.send(new CreateTableCommand(createRecordingsTableInput(table)));
      const { counted, read } = counting(dynamoRecordingStore(table, db));
      const erasedLongAgo = timestampFromDate(new Date(Date.now() - 20 * DAY_MS));
      const states = Array.from({ length: n }, () => [
        aRecording(40),
        aRecording(10),
        erasePersonalData(aRecording(60), erasedLongAgo),
      ]).flat();
      for (let start = 0; start < states.length; start += WRITE_CONCURRENCY)
        await Promise.all(
          states.slice(start, start + WRITE_CONCURRENCY).map((s) => counted.put(s, undefined)),
        );
      const deps: SweepDeps = {
        recordings: counted,
        compositions: dynamoCompositionStore(table, db),
        holds: dynamoHoldStore(table, db),
        participantFiles: dynamoParticipantFileStore(table, db),
        audit: dynamoAuditLog(table, db),
        twilio: noTwilio,
        accounts: [ACCOUNT_SID],
        // Neither is reached: nothing is archived or deleted while Twilio is unavailable.
        archive: new InMemoryArchiveStore({ now: Date.now }),
        jobs: new InMemoryJobQueue(),
        clock: () => new Date(),
        policy: policy.value,
      };
      const sweep = async (runId: string) => {
        read.recordings = 0;
        const t0 = performance.now();
        const summary = await runSweep(deps, {
          mode: "sweep",
          dryRun: false,
          runId,
          deadline: Date.now() + 600_000,
        });
        return { summary, ms: performance.now() - t0, read: read.recordings };
      };
      // Act
      const first = await sweep(`bench-${run}-1`);
      const second = await sweep(`bench-${run}-2`);
      runs.push({
        due: n,
        read: first.read,
        erased: first.summary.personalDataErased,
        ms: first.ms,
        idleRead: second.read,
        idleMs: second.ms,
      });
      process.stderr.write(
        `pii expiry run ${run + 1}: erased ${first.summary.personalDataErased}/${n} of ${states.length} ` +
          `(read ${first.read}) in ${Math.round(first.ms)} ms; then read ${second.read} in ${Math.round(second.ms)} ms\n`,
      );
    }
    const label = `PII expiry: ${n} due of ${3 * n} recordings`;
    printResult({
      bench: "pii-expiry",
      figures: [
        figure({
          id: "pii.readPerErasure",
          figure: `${label}: recordings read per erasure`,
          value: median(runs.map((r) => r.read / r.erased)),
          unit: "",
          peer: 3,
          peerLabel: "a read of the whole table",
          ratio: median(runs.map((r) => r.read / r.erased / 3)),
          goal: { on: "value", op: "=", target: 1, text: "= 1" },
          runs: runs.length,
        }),
        figure({
          id: "pii.erasuresPerSecond",
          figure: `${label}: erasures/s`,
          value: median(runs.map((r) => r.erased / (r.ms / 1000))),
          unit: "/s",
          peer: null,
          peerLabel: "",
          ratio: null,
          goal: null,
          runs: runs.length,
          note: "DynamoDB Local on loopback, 4 at a time; each erasure reads the recording and the hold, writes the audit entry and the recording",
        }),
        figure({
          id: "pii.idleRead",
          figure: `${label}: recordings read by the next run`,
          value: median(runs.map((r) => r.idleRead)),
          unit: "",
          peer: null,
          peerLabel: "",
          ratio: null,
          goal: { on: "value", op: "=", target: 0, text: "= 0" },
          runs: runs.length,
          note: `median ${Math.round(median(runs.map((r) => r.idleMs)))} ms for that run`,
        }),
      ],
      detail: runs.map((r) => ({ ...r, ms: Math.round(r.ms), idleMs: Math.round(r.idleMs) })),
    });
  } finally {
    await storage.stop();
  }
};

await main();
