// Deletions over several Twilio accounts: the sweeper through local mode's edge, against the
// emulator serving 3 accounts, each at Twilio's default limits (20 writes/s, 80 reads/s, its own),
// with 50 ms of latency on every REST call. Archive off: the figure is the deletions' own pace.
//   npx tsx bench/scale-accounts.ts
// Prints one RESULT line for bench/run.ts.
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import type { SweepSummary } from "@video-recordings/core/retention";
import { dynamoClient } from "@video-recordings/local";
import { CONFIG, TWILIO_LATENCY_MS } from "./lib/config";
import { atLeast, figure, printResult } from "./lib/figures";
import { BENCH_API_TOKEN, emulatorControl, startBenchSystem } from "./lib/local";
import { indexSeeded, seedRecordings } from "./lib/seed";
import { median } from "./lib/stats";

const ACCOUNTS = 3;
const TWILIO_WRITES_PER_SECOND = 20;

type Run = { summary: SweepSummary; deletedOnTwilio: number; perAccount: number[] };

const main = async () => {
  const system = await startBenchSystem(false, { accounts: ACCOUNTS });
  try {
    const store = dynamoRecordingStore(system.tableName, dynamoClient(system.dynamoEndpoint));
    const { accounts } = (await emulatorControl(system.emulatorUrl, "GET", "/_emulator/accounts")) as {
      accounts: { accountSid: string }[];
    };
    const perAccount = CONFIG.accountRecordings;
    const runs: Run[] = [];
    for (let run = 0; run < CONFIG.sweepRuns; run++) {
      // Prepare: a fresh emulator holding `perAccount` expired recordings in each account, all indexed.
      await emulatorControl(system.emulatorUrl, "POST", "/_emulator/reset");
      await emulatorControl(system.emulatorUrl, "PUT", "/_emulator/faults", {});
      for (const { accountSid } of accounts)
        await indexSeeded(store, await seedRecordings(system.emulatorUrl, perAccount, { accountSid }));
      await emulatorControl(system.emulatorUrl, "PUT", "/_emulator/faults", { latencyMs: TWILIO_LATENCY_MS });
      // Act
      const answer = await fetch(`${system.apiUrl}/_local/sweeper`, {
        method: "POST",
        headers: { authorization: `Bearer ${BENCH_API_TOKEN}` },
        signal: AbortSignal.timeout(14 * 60_000),
      });
      if (answer.status !== 200)
        throw new Error(`the sweeper answered ${answer.status}: ${await answer.text()}`);
      const summary = (await answer.json()) as SweepSummary;
      // Assess: what each account saw deleted
      const state = (await emulatorControl(system.emulatorUrl, "GET", "/_emulator/state")) as {
        recordings: { status: string; account_sid: string }[];
      };
      const deleted = state.recordings.filter((r) => r.status === "deleted");
      const counts = accounts.map(
        ({ accountSid }) => deleted.filter((r) => r.account_sid === accountSid).length,
      );
      runs.push({ summary, deletedOnTwilio: deleted.length, perAccount: counts });
      process.stderr.write(
        `scale accounts run ${run + 1}: deleted ${deleted.length}/${perAccount * ACCOUNTS} (${counts.join(" + ")}) ` +
          `in ${summary.durationMs} ms, failed ${summary.failed}, remaining ${summary.remaining}\n`,
      );
    }
    const bound = ACCOUNTS * TWILIO_WRITES_PER_SECOND;
    const perSecond = runs.map((r) => r.deletedOnTwilio / (r.summary.durationMs / 1000));
    printResult({
      bench: "scale-accounts",
      figures: [
        figure({
          id: "scale.accounts.deletionsPerSecond",
          figure: `sweep ${ACCOUNTS} accounts × ${perAccount} recordings, archive off: deletions/s`,
          value: median(perSecond),
          unit: "/s",
          peer: bound,
          peerLabel: `${ACCOUNTS} × Twilio's 20 writes/s`,
          ratio: median(perSecond.map((p) => p / bound)),
          goal: atLeast(0.9),
          runs: runs.length,
          note: `latency ${TWILIO_LATENCY_MS} ms per REST call; sweep time from the summary (reconcile, plan and work)`,
        }),
      ],
      detail: runs.map(({ summary, perAccount: counts }) => ({
        deleted: summary.deleted,
        deletedPerAccount: counts,
        failed: summary.failed,
        remaining: summary.remaining,
        durationMs: summary.durationMs,
        byAccount: summary.byAccount,
      })),
    });
  } finally {
    await system.stopAll();
  }
};

await main();
