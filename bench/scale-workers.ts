// Archive throughput as workers are added: a full export through local mode's API
// (`POST /exports`), its archive work spread over K workers, against the emulator at Twilio's
// limits with 50 ms of latency on every REST call and each media download served at a fixed
// per-connection rate, as a media host serves one connection.
//   npx tsx bench/scale-workers.ts              (K = 1, 4, 8, one process each, then the table row)
//   npx tsx bench/scale-workers.ts --workers K  (one K; prints its figures as JSON on stdout)
// Prints one RESULT line for bench/run.ts.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { dynamoClient } from "@video-recordings/local";
import { CONFIG, TWILIO_LATENCY_MS } from "./lib/config";
import { atLeast, figure, printResult } from "./lib/figures";
import { BENCH_API_TOKEN, emulatorControl, startBenchSystem } from "./lib/local";
import { indexSeeded, seedRecordings } from "./lib/seed";
import { median } from "./lib/stats";

const WORKER_COUNTS = [1, 4, 8] as const;
const MiB = 1_048_576;
const TWILIO_READS_PER_SECOND = 80;
/** Windows the archive rate is read over, after the first copy lands; the figure spans them all. */
const WINDOWS = 3;

type Measured = {
  workers: number;
  mbPerSecond: number;
  windows: number[];
  /** Twilio REST reads per archived recording, over the windows. */
  readsPerItem: number;
  rateLimited: number;
};

type Mark = { at: number; bytes: number; archived: number; reads: number };

type ExportView = { status: string; archived: number; archivedBytes: number; failed: number };

const api = async (apiUrl: string, method: string, path: string, body?: unknown): Promise<unknown> => {
  const answer = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${BENCH_API_TOKEN}`, "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!answer.ok) throw new Error(`${method} ${path} answered ${answer.status}: ${await answer.text()}`);
  return answer.json();
};

/** Counts this process's Twilio REST reads (GETs under `/v1/`); media downloads are not REST calls. */
const countReads = (emulatorUrl: string) => {
  const counter = { reads: 0 };
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    if (url.startsWith(`${emulatorUrl}/v1/`) && method === "GET") counter.reads++;
    return realFetch(input, init);
  }) as typeof fetch;
  return counter;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const measure = async (workers: number): Promise<Measured> => {
  const system = await startBenchSystem(true, { workers });
  try {
    // Prepare: the backlog, indexed, every recording of it due for the archive
    const store = dynamoRecordingStore(system.tableName, dynamoClient(system.dynamoEndpoint));
    const seeded = await seedRecordings(system.emulatorUrl, CONFIG.scaleBacklog, {
      size: CONFIG.scaleRecordingBytes,
    });
    await indexSeeded(store, seeded);
    await emulatorControl(system.emulatorUrl, "PUT", "/_emulator/faults", {
      latencyMs: TWILIO_LATENCY_MS,
      mediaBytesPerSecond: CONFIG.scaleConnectionBytesPerSecond,
    });
    const counter = countReads(system.emulatorUrl);
    // Act: an export, read every half second
    const { exportId } = (await api(system.apiUrl, "POST", "/exports", {})) as { exportId: string };
    const read = () => api(system.apiUrl, "GET", `/exports/${exportId}`) as Promise<ExportView>;
    let view = await read();
    while (view.archived === 0) {
      if (view.status !== "running") throw new Error(`the export ended (${view.status}) before archiving`);
      await sleep(500);
      view = await read();
    }
    const marks: Mark[] = [
      { at: performance.now(), bytes: view.archivedBytes, archived: view.archived, reads: counter.reads },
    ];
    for (let w = 0; w < WINDOWS; w++) {
      await sleep(CONFIG.scaleWindowSeconds * 1000);
      view = await read();
      if (view.status !== "running") throw new Error(`the backlog ran out: make BENCH_SCALE_BACKLOG larger`);
      marks.push({
        at: performance.now(),
        bytes: view.archivedBytes,
        archived: view.archived,
        reads: counter.reads,
      });
    }
    // Assess
    const rate = (from: Mark, to: Mark) => (to.bytes - from.bytes) / MiB / ((to.at - from.at) / 1000);
    const windows = marks.slice(1).map((m, i) => rate(marks[i] ?? m, m));
    const first = marks[0];
    const last = marks[marks.length - 1];
    const state = (await emulatorControl(system.emulatorUrl, "GET", "/_emulator/state")) as {
      rateLimited: Record<string, number>;
    };
    return {
      workers,
      // Over all windows at once: a worker lands whole recordings, so a short window counts one more or less.
      mbPerSecond: first && last ? rate(first, last) : Number.NaN,
      windows,
      readsPerItem:
        first && last ? (last.reads - first.reads) / Math.max(1, last.archived - first.archived) : Number.NaN,
      rateLimited: Object.values(state.rateLimited).reduce((sum, n) => sum + n, 0),
    };
  } finally {
    await system.stopAll();
  }
};

const { values } = parseArgs({ options: { workers: { type: "string" } } });

if (values.workers !== undefined) {
  process.stdout.write(`${JSON.stringify(await measure(Number(values.workers)))}\n`);
  // The export is left running when its system stops; nothing of it is waited for.
  process.exit(0);
} else {
  const run = promisify(execFile);
  const measured: Measured[] = [];
  for (const workers of WORKER_COUNTS) {
    const { stdout } = await run(
      process.execPath,
      [...process.execArgv, resolve(import.meta.filename), "--workers", String(workers)],
      {
        env: process.env,
        maxBuffer: 16 * MiB,
        timeout: 13 * 60_000,
      },
    );
    const line = stdout.trim().split("\n").pop() ?? "";
    const result = JSON.parse(line) as Measured;
    process.stderr.write(
      `scale workers ${workers}: ${result.mbPerSecond.toFixed(1)} MB/s (windows ${result.windows.map((w) => w.toFixed(1)).join(", ")}), ` +
        `${result.readsPerItem.toFixed(2)} reads a recording, ${result.rateLimited} 429s\n`,
    );
    measured.push(result);
  }
  const one = measured[0]?.mbPerSecond ?? Number.NaN;
  const perWorkerItems = one / (CONFIG.scaleRecordingBytes / MiB);
  const readsPerItem = median(measured.map((m) => m.readsPerItem));
  const bindsAt = TWILIO_READS_PER_SECOND / (readsPerItem * perWorkerItems);
  const connection = `${(CONFIG.scaleConnectionBytesPerSecond / MiB).toFixed(1)} MB/s a connection`;
  printResult({
    bench: "scale-workers",
    figures: [
      ...measured.map((m) =>
        figure({
          id: `scale.workers.${m.workers}.mbPerSecond`,
          figure: `export of ${CONFIG.scaleBacklog} × ${CONFIG.scaleRecordingBytes / MiB} MB, ${m.workers} worker${m.workers === 1 ? "" : "s"}: archived MB/s`,
          value: m.mbPerSecond,
          unit: "MB/s",
          peer: m.workers * one,
          peerLabel: `${m.workers} × the one-worker figure`,
          ratio: m.mbPerSecond / (m.workers * one),
          goal: m.workers === 1 ? null : atLeast(0.8),
          runs: 1,
          note: `windows of ${CONFIG.scaleWindowSeconds} s: ${m.windows.map((w) => w.toFixed(1)).join(", ")} MB/s; ${connection}; ${m.readsPerItem.toFixed(2)} Twilio reads a recording; ${m.rateLimited} 429s answered`,
        }),
      ),
      figure({
        id: "scale.workers.readLimitBindsAt",
        figure: "workers at which Twilio's 80 reads/s would bind (from the one-worker pace)",
        value: bindsAt,
        unit: "",
        peer: null,
        peerLabel: "",
        ratio: null,
        goal: null,
        runs: 1,
        note: `${readsPerItem.toFixed(2)} reads a recording × ${perWorkerItems.toFixed(2)} recordings/s a worker`,
      }),
    ],
    detail: measured,
  });
}
