import { randomUUID } from "node:crypto";
import { accountSids, readTwilioAccounts } from "@video-recordings/core/accounts";
import {
  dynamoAuditLog,
  dynamoCompositionStore,
  dynamoHoldStore,
  dynamoRecordingStore,
  dynamoRunLedger,
} from "@video-recordings/core/dynamo";
import type { SweepTwilio } from "@video-recordings/core/retention";
import { runSweep, type SweepSummary } from "@video-recordings/core/retention";
import { archiveS3Client, s3ArchiveStore } from "@video-recordings/core/s3";
import { createAccountsTwilioClient } from "@video-recordings/core/twilio";
import { dynamoClient, LOCAL_AWS } from "@video-recordings/local";
import { InMemoryParticipantFileStore } from "../fakes/in-memory-stores";
import type { TestSystem } from "../support/local-system";
import { FaultWorld } from "./fault-world";
import { guarded, KillSwitch } from "./kill-switch";
import { WorkerPool } from "./worker-pool";

const DAY_MS = 86_400_000;
/** Workers of the campaigns that hand archive work out, as a stage's `WORKERS` (its default). */
const WORKERS = 8;

/**
 * The sweeper's clock runs this far ahead of Twilio's: recordings the emulator creates now are
 * 100 days old to it, past the 90 days of retention; young ones are seeded in the emulator's future.
 */
export const SWEEPER_AHEAD_MS = 100 * DAY_MS;
export const sweeperNow = (): number => Date.now() + SWEEPER_AHEAD_MS;

/**
 * `runSweep` wired as the Lambda wires it, to the local system's table, bucket and emulator,
 * with every adapter behind a kill switch and Twilio's DELETE and media calls watched.
 */
export const sweeperUnderTest = (system: TestSystem) => {
  const db = dynamoClient(system.dynamoEndpoint);
  const s3 = archiveS3Client({ endpoint: system.s3Endpoint, forcePathStyle: true, ...LOCAL_AWS });
  const real = {
    store: dynamoRecordingStore(system.tableName, db),
    compositions: dynamoCompositionStore(system.tableName, db),
    holds: dynamoHoldStore(system.tableName, db),
    audit: dynamoAuditLog(system.tableName, db),
    archive: s3ArchiveStore(system.bucket, s3),
  };
  const world = new FaultWorld(system, real);
  const kill = new KillSwitch();
  const answers = new Map<number, number>();
  const accounts = readTwilioAccounts(JSON.stringify(system.twilioAccounts), {
    TwilioAccountSid: "",
    TwilioAuthToken: "",
    TwilioApiKeySid: "",
    TwilioApiKeySecret: "",
  });
  if (!accounts.ok) throw new Error(accounts.error.message);
  // Every account the emulator serves, each called with its own credentials.
  const client = createAccountsTwilioClient(accounts.value, {
    baseUrl: system.emulatorUrl,
    clock: sweeperNow,
    fetch: async (input, init) => {
      const answer = await fetch(input, init);
      answers.set(answer.status, (answers.get(answer.status) ?? 0) + 1);
      return answer;
    },
    timeoutMs: 2_000,
    // Quicker than production's so that backing off from 429s fits a test run.
    retry: { baseMs: 20, capMs: 300, maxAttempts: 8 },
  });
  // Workers settle in the run's ledger in the same table, which the kill switch leaves alone: what
  // it breaks is the work itself.
  const ledger = dynamoRunLedger(system.tableName, db, () => new Date(sweeperNow()));
  const pool = new WorkerPool(WORKERS);
  const watched: SweepTwilio = {
    fetchRecording: (sid, options) => client.fetchRecording(sid, options),
    listRecordings: (options) => client.listRecordings(options),
    openMedia: async (sid, options) => {
      await world.beforeCopy(sid);
      return client.openMedia(sid, options);
    },
    deleteRecording: async (sid, options) => {
      await world.beforeDelete(sid);
      return client.deleteRecording(sid, options);
    },
    fetchComposition: (sid, options) => client.fetchComposition(sid, options),
    listCompositions: (options) => client.listCompositions(options),
    openCompositionMedia: async (sid, options) => {
      await world.beforeCopy(sid);
      return client.openCompositionMedia(sid, options);
    },
    deleteComposition: async (sid, options) => {
      await world.beforeDelete(sid);
      return client.deleteComposition(sid, options);
    },
  };
  const deps = {
    recordings: guarded("store", real.store, kill),
    compositions: guarded("compositions", real.compositions, kill),
    holds: guarded("holds", real.holds, kill),
    participantFiles: new InMemoryParticipantFileStore(),
    audit: guarded("audit", real.audit, kill),
    jobs: pool,
    archive: guarded("archive", real.archive, kill),
    twilio: guarded("twilio", watched, kill),
    accounts: accountSids(accounts.value),
    clock: () => new Date(sweeperNow()),
    policy: {
      retentionDays: 90,
      archive: true,
      archiveRetentionDays: null,
      compositionRetentionDays: null,
      playable: "off" as const,
      piiRetentionDays: 30,
    },
  };
  pool.serve({ ...deps, ledger });
  /** With workers, archive work goes to the pool; without, the sweep does everything itself. */
  const run = (deadline: number, { workers }: { workers: boolean }): Promise<SweepSummary> =>
    runSweep(workers ? { ...deps, workers: { ledger, window: 2 * WORKERS } } : deps, {
      mode: "sweep",
      dryRun: false,
      runId: randomUUID(),
      deadline,
    });
  const stop = () => {
    db.destroy();
    s3.destroy();
  };
  return { world, kill, run, answers, pool, stop };
};
