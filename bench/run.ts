// Every benchmark, one table: `npm run bench` (BENCH_QUICK=1 for a quick look; sizes in
// bench/lib/config.ts; `-- --only <text>` runs the benchmarks whose names contain it). Each benchmark runs in a process of its own, in turn, against one
// DynamoDB Local and one S3 server started here; all traffic stays on loopback. Every figure is a
// ratio measured side by side in the same run, the median of several runs. The table is printed
// and, unless BENCH_QUICK=1, written to bench/results.json.
import { execFile, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { CONFIG, QUICK } from "./lib/config";
import { type BenchResult, type Figure, RESULT_MARKER } from "./lib/figures";
import { STORAGE_ENV, startStorage } from "./lib/local";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "..");
/** The Node the Lambda runtime runs (nodejs24.x), from the `node` package. */
const NODE24 = join(ROOT, "node_modules", ".bin", "node");

const BENCHES: { name: string; args: string[]; timeoutMinutes?: number }[] = [
  { name: "cold start", args: ["bench/cold-start.ts"] },
  { name: "callback path", args: ["bench/callback-path.ts"] },
  { name: "link issuance", args: ["bench/link-issuance.ts"] },
  { name: "sweeper", args: ["bench/sweeper.ts", "--archive", "false"] },
  { name: "sweeper with archive", args: ["bench/sweeper.ts", "--archive", "true"] },
  { name: "pii expiry", args: ["bench/pii-expiry.ts"] },
  { name: "scale: accounts", args: ["bench/scale-accounts.ts"] },
  // Three systems one after the other, each exporting from a backlog of its own.
  { name: "scale: workers", args: ["bench/scale-workers.ts"], timeoutMinutes: 40 },
  { name: "archive memory", args: ["bench/archive-memory.ts"] },
  { name: "renditions", args: ["bench/renditions.ts"] },
  {
    name: "emulator throughput",
    args: [
      "bench/emulator-throughput.ts",
      "--json",
      "--rounds",
      String(CONFIG.runs),
      "--requests",
      String(CONFIG.emulatorRequests),
      "--downloads",
      String(CONFIG.emulatorDownloads),
    ],
  },
];

/** Runs one benchmark in a child process; answers its RESULT line. Its progress goes to stderr. */
const runBench = (args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<BenchResult> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(NODE24, ["--import", "tsx", ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} ran over ${timeoutMs / 60_000} minutes`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
      if (code === 0 && line) resolvePromise(JSON.parse(line.slice(RESULT_MARKER.length)) as BenchResult);
      else reject(new Error(`${args.join(" ")} exited with ${signal ?? code}: ${stdout.slice(-2_000)}`));
    });
  });

const number = (x: number): string => {
  if (!Number.isFinite(x)) return "—";
  const abs = Math.abs(x);
  return x.toFixed(abs >= 100 || Number.isInteger(x) ? 0 : abs >= 10 ? 1 : 2);
};

const valueText = (value: number, unit: string): string =>
  unit === "B" ? `${number(value / 1024)} KiB` : `${number(value)}${unit ? ` ${unit}` : ""}`;

const row = (f: Figure): string[] => [
  f.figure,
  valueText(f.value, f.unit),
  f.peer === null ? "—" : `${valueText(f.peer, f.unit === "MiB" ? "MiB" : f.unit)} (${f.peerLabel})`,
  f.ratio === null ? "—" : `${f.ratio.toFixed(2)}×`,
  f.goal?.text ?? "info",
  f.met === null ? "—" : f.met ? "yes" : "NO",
  String(f.runs),
];

const table = (rows: string[][]): string => {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(" | ")} |`;
  const [head, ...body] = rows;
  return [line(head ?? []), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join(
    "\n",
  );
};

const main = async () => {
  const started = performance.now();
  const machine = {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const machineLine = `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB memory, Node ${machine.node}, ${machine.platform}${QUICK ? "; BENCH_QUICK=1" : ""}`;
  console.log(machineLine);

  const storage = await startStorage();
  const env = {
    ...process.env,
    // The handlers' logs and metrics would be written on every request: as in the test suites, they are off.
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    [STORAGE_ENV.dynamo]: storage.dynamoEndpoint,
    [STORAGE_ENV.s3]: storage.s3Endpoint,
  };
  const { values } = parseArgs({ options: { only: { type: "string" } } });
  const chosen = BENCHES.filter((bench) => values.only === undefined || bench.name.includes(values.only));
  const results: (BenchResult & { seconds: number })[] = [];
  const failures: { bench: string; error: string }[] = [];
  try {
    for (const bench of chosen) {
      const t0 = performance.now();
      process.stderr.write(`— ${bench.name}\n`);
      try {
        const timeoutMs = (bench.timeoutMinutes ?? 15) * 60_000;
        const result = await runBench(bench.args, env, timeoutMs);
        results.push({ ...result, seconds: Math.round((performance.now() - t0) / 100) / 10 });
      } catch (error) {
        failures.push({ bench: bench.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    await storage.stop();
  }

  const figures = results.flatMap((r) => r.figures);
  const wallSeconds = Math.round((performance.now() - started) / 1000);
  console.log();
  console.log(machineLine);
  console.log(
    table([["figure", "measured", "peer / limit", "ratio", "goal", "met?", "runs"], ...figures.map(row)]),
  );
  console.log(
    `Medians of ${CONFIG.runs} runs (sweeps: ${CONFIG.sweepRuns}; archive memory: ${CONFIG.memoryRuns}; ` +
      `cold start: ${CONFIG.coldStartProcesses} fresh processes per bundle); ratios are taken within each run. ` +
      `${wallSeconds} s in all.`,
  );
  for (const f of figures.filter((x) => x.note)) console.log(`  ${f.id}: ${f.note}`);
  for (const failure of failures) console.log(`FAILED ${failure.bench}: ${failure.error}`);

  const json = {
    machine,
    quick: QUICK,
    config: CONFIG,
    wallSeconds,
    figures,
    benches: results.map(({ bench, seconds, detail }) => ({ bench, seconds, detail })),
    failures,
  };
  // A quick look, or a part, leaves the full figures, which the README quotes, alone.
  if (QUICK || values.only !== undefined) console.log("bench/results.json left as it was");
  else {
    const file = join(ROOT, "bench", "results.json");
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
    // Laid out as the repository's formatter lays out JSON, so `npm run lint` stays clean.
    await run(join(ROOT, "node_modules", ".bin", "biome"), ["format", "--write", file], { cwd: ROOT });
  }
  if (failures.length > 0) process.exitCode = 1;
};

await main();
