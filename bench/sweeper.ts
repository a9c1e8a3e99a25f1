// The retention sweeper through local mode's edge (`POST /_local/sweeper`), against the emulator
// with Twilio's default limits (20 writes/s, 80 reads/s) and 50 ms of latency on every REST call.
// The mix: expired recordings in rooms of 10, indexed, and one composition per room that only
// Twilio's list knows (its callbacks lost), so reconciliation and both kinds share the budget.
//   npx tsx bench/sweeper.ts --archive false|true
// Prints one RESULT line for bench/run.ts. One process per setting: handlers read their
// retention settings once per process.
import { parseArgs } from "node:util";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import type { SweepSummary } from "@video-recordings/core/retention";
import { dynamoClient } from "@video-recordings/local";
import { CONFIG, TWILIO_LATENCY_MS } from "./lib/config";
import { atLeast, figure, printResult } from "./lib/figures";
import { BENCH_API_TOKEN, emulatorControl, startBenchSystem } from "./lib/local";
import { indexSeeded, seedCompositions, seedRecordings } from "./lib/seed";
import { median } from "./lib/stats";

const TWILIO_WRITES_PER_SECOND = 20;
const MiB = 1_048_576;

const { values } = parseArgs({ options: { archive: { type: "string", default: "false" } } });
const archive = values.archive === "true";

/** Counts the emulator's REST answers this process receives, 429s apart. */
const countEmulatorAnswers = (emulatorUrl: string) => {
  const counts = { calls: 0, tooMany: 0 };
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await realFetch(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(`${emulatorUrl}/v1/`)) {
      counts.calls++;
      if (response.status === 429) counts.tooMany++;
    }
    return response;
  }) as typeof fetch;
  return counts;
};

type Run = { summary: SweepSummary; wallMs: number; tooMany: number; calls: number; deletedOnTwilio: number };

const main = async () => {
  const system = await startBenchSystem(archive);
  try {
    const store = dynamoRecordingStore(system.tableName, dynamoClient(system.dynamoEndpoint));
    const counts = countEmulatorAnswers(system.emulatorUrl);
    const count = archive ? CONFIG.archiveRecordings : CONFIG.sweepRecordings;
    const runs: Run[] = [];
    let compositions = 0;
    for (let run = 0; run < CONFIG.sweepRuns; run++) {
      // Prepare: a fresh emulator holding `count` expired recordings, all indexed, and a
      // composition per room, not indexed.
      await emulatorControl(system.emulatorUrl, "POST", "/_emulator/reset");
      await emulatorControl(system.emulatorUrl, "PUT", "/_emulator/faults", {});
      const size = archive ? { size: CONFIG.archiveRecordingBytes } : {};
      const seeded = await seedRecordings(system.emulatorUrl, count, size);
      await indexSeeded(store, seeded);
      compositions = (await seedCompositions(system.emulatorUrl, seeded, size)).length;
      await emulatorControl(system.emulatorUrl, "PUT", "/_emulator/faults", { latencyMs: TWILIO_LATENCY_MS });
      counts.calls = 0;
      counts.tooMany = 0;
      // Act
      const t0 = performance.now();
      const answer = await fetch(`${system.apiUrl}/_local/sweeper`, {
        method: "POST",
        headers: { authorization: `Bearer ${BENCH_API_TOKEN}` },
        signal: AbortSignal.timeout(14 * 60_000),
      });
      const wallMs = performance.now() - t0;
      if (answer.status !== 200)
        throw new Error(`the sweeper answered ${answer.status}: ${await answer.text()}`);
      const summary = (await answer.json()) as SweepSummary;
      const state = (await emulatorControl(system.emulatorUrl, "GET", "/_emulator/state")) as {
        recordings: { status: string }[];
        compositions: { status: string }[];
      };
      const deletedOnTwilio = [...state.recordings, ...state.compositions].filter(
        (r) => r.status === "deleted",
      ).length;
      runs.push({ summary, wallMs, tooMany: counts.tooMany, calls: counts.calls, deletedOnTwilio });
      process.stderr.write(
        `sweeper archive=${archive} run ${run + 1}: deleted ${summary.deleted}/${count + compositions} ` +
          `(${summary.byKind.composition.deleted} compositions) in ${summary.durationMs} ms, ` +
          `failed ${summary.failed}, remaining ${summary.remaining}, 429s ${counts.tooMany} of ${counts.calls} calls\n`,
      );
    }

    // Deletions of this run's recordings as the emulator saw them: a recording a previous run
    // failed on is still live in the index and counted again (as already gone) by the next summary.
    const perSecond = runs.map((r) => r.deletedOnTwilio / (r.summary.durationMs / 1000));
    const failed = runs.reduce((sum, r) => sum + r.summary.failed + r.summary.remaining, 0);
    const notDeleted = runs.reduce((sum, r) => sum + (count + compositions - r.deletedOnTwilio), 0);
    const tooMany = median(runs.map((r) => r.tooMany));
    const mix = `${count} recordings + ${compositions} compositions`;
    const label = archive
      ? `sweep ${mix} × ${CONFIG.archiveRecordingBytes / MiB} MB, archive on`
      : `sweep ${mix}, archive off`;
    const figures = [
      figure({
        id: archive ? "sweep.archive.deletionsPerSecond" : "sweep.deletionsPerSecond",
        figure: `${label}: deletions/s`,
        value: median(perSecond),
        unit: "/s",
        peer: TWILIO_WRITES_PER_SECOND,
        peerLabel: "Twilio writes/s (enforced)",
        ratio: median(perSecond.map((p) => p / TWILIO_WRITES_PER_SECOND)),
        goal: atLeast(0.9),
        runs: runs.length,
        note: `latency ${TWILIO_LATENCY_MS} ms per REST call; sweep time from the summary (reconcile, plan and work)`,
      }),
      figure({
        id: archive ? "sweep.archive.unrecovered" : "sweep.unrecovered",
        figure: `${label}: unrecovered failures`,
        value: failed,
        unit: "",
        peer: tooMany,
        peerLabel: "429s answered (median per run)",
        ratio: null,
        goal: { on: "value", op: "=", target: 0, text: "= 0" },
        runs: runs.length,
        note: `failed + remaining in the summaries, over all runs; ${notDeleted} left on the emulator`,
      }),
    ];
    if (archive) {
      const mbPerSecond = runs.map((r) => r.summary.archivedBytes / MiB / (r.summary.durationMs / 1000));
      const bound = (TWILIO_WRITES_PER_SECOND * CONFIG.archiveRecordingBytes) / MiB;
      figures.push(
        figure({
          id: "sweep.archive.mbPerSecond",
          figure: `${label}: archived MB/s`,
          value: median(mbPerSecond),
          unit: "MB/s",
          peer: bound,
          peerLabel: "20 deletions/s × recording size",
          ratio: median(mbPerSecond.map((m) => m / bound)),
          goal: null,
          runs: runs.length,
        }),
      );
    }
    printResult({
      bench: archive ? "sweeper-archive" : "sweeper",
      figures,
      detail: runs.map(({ summary, wallMs, tooMany: t, calls }) => ({
        deleted: summary.deleted,
        compositionsDeleted: summary.byKind.composition.deleted,
        reconciled: summary.reconciled,
        archived: summary.archived,
        archivedBytes: summary.archivedBytes,
        failed: summary.failed,
        remaining: summary.remaining,
        durationMs: summary.durationMs,
        wallMs: Math.round(wallMs),
        tooManyRequests: t,
        twilioCalls: calls,
      })),
    });
  } finally {
    await system.stopAll();
  }
};

await main();
