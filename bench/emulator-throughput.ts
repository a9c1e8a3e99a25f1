// Throughput of the Twilio emulator on this machine, over loopback only.
//   npx tsx bench/emulator-throughput.ts [--requests 20000] [--concurrency 16] [--downloads 60] [--media-mb 10]
//     [--rounds 1] [--json]
// The emulator runs in its own process (its standalone bin), so the load
// generator does not share its event loop. Every loop is bounded.
// `--json` (bench/run.ts) adds one RESULT line with the medians over the rounds.
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { figure, printResult } from "./lib/figures";
import { median } from "./lib/stats";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "16" },
    downloads: { type: "string", default: "60" },
    "download-concurrency": { type: "string", default: "4" },
    "media-mb": { type: "string", default: "10" },
    rounds: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
  },
});
const REQUESTS = Math.min(Number(values.requests), 1_000_000);
const CONCURRENCY = Math.min(Number(values.concurrency), 256);
const DOWNLOADS = Math.min(Number(values.downloads), 10_000);
const DOWNLOAD_CONCURRENCY = Math.min(Number(values["download-concurrency"]), 64);
const MEDIA_BYTES = Math.round(Number(values["media-mb"]) * 1024 * 1024);
const ROUNDS = Math.min(Math.max(1, Number(values.rounds)), 21);
/** Twilio's default read limit: what the emulator's capacity is set beside. */
const TWILIO_READS_PER_SECOND = 80;

const bin = fileURLToPath(new URL("../packages/twilio-emulator/bin/twilio-emulator.ts", import.meta.url));

/** Starts the emulator's bin and reads its URL and credentials from what it prints. */
const launch = (): Promise<{ child: ChildProcess; url: string; sid: string; token: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", bin, "--port", "0", "--seed", "bench"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /ready (\S+)/.exec(out)?.[1];
      const sid = /account sid (\S+)/.exec(out)?.[1];
      const token = /auth token\s+(\S+)/.exec(out)?.[1];
      if (url && sid && token) resolve({ child, url, sid, token });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One request; the body is counted, not kept. */
const call = (url: string, method = "GET", headers: Record<string, string> = {}, body?: string) =>
  new Promise<{ status: number; bytes: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = request(url, { method, headers, agent }, (res) => {
        let bytes = 0;
        const keep: Buffer[] = [];
        res.on("data", (c: Buffer) => {
          bytes += c.length;
          if (bytes <= 64 * 1024) keep.push(c);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            headers: res.headers,
            text: Buffer.concat(keep).toString(),
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    },
  );

/** Runs `total` jobs with `concurrency` workers; answers elapsed seconds. */
const pool = async (
  total: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<number> => {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await job(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
};

const main = async () => {
  const emu = await launch();
  try {
    const auth = { authorization: `Basic ${Buffer.from(`${emu.sid}:${emu.token}`).toString("base64")}` };
    const json = { "content-type": "application/json" };
    await call(
      `${emu.url}/_emulator/faults`,
      "PUT",
      json,
      JSON.stringify({ readsPerSecond: 1e9, writesPerSecond: 1e9 }),
    );
    const seeded = await call(
      `${emu.url}/_emulator/recordings`,
      "POST",
      json,
      JSON.stringify({ type: "video", size: MEDIA_BYTES }),
    );
    const sid = (JSON.parse(seeded.text) as { sid: string }).sid;

    // Warm up, then GET /v1/Recordings/{Sid}.
    await pool(
      500,
      CONCURRENCY,
      async () => void (await call(`${emu.url}/v1/Recordings/${sid}`, "GET", auth)),
    );
    let failures = 0;
    const rounds: { getsPerSecond: number; downloadsPerSecond: number; mbPerSecond: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const getSeconds = await pool(REQUESTS, CONCURRENCY, async () => {
        const r = await call(`${emu.url}/v1/Recordings/${sid}`, "GET", auth);
        if (r.status !== 200) failures++;
      });

      // Media: one /Media redirect per download, then the bytes.
      let mediaBytes = 0;
      const mediaSeconds = await pool(DOWNLOADS, DOWNLOAD_CONCURRENCY, async () => {
        const redirect = await call(`${emu.url}/v1/Recordings/${sid}/Media?Ttl=3600`, "GET", auth);
        const location = String(redirect.headers.location ?? "");
        const media = await call(location);
        if (media.status !== 200 || media.bytes !== MEDIA_BYTES) failures++;
        mediaBytes += media.bytes;
      });

      const mb = mediaBytes / (1024 * 1024);
      rounds.push({
        getsPerSecond: REQUESTS / getSeconds,
        downloadsPerSecond: DOWNLOADS / mediaSeconds,
        mbPerSecond: mb / mediaSeconds,
      });
      console.log(
        `GET /v1/Recordings/{Sid}: ${REQUESTS} requests, concurrency ${CONCURRENCY}: ${(REQUESTS / getSeconds).toFixed(0)} req/s`,
      );
      console.log(
        `media ${(MEDIA_BYTES / 1024 / 1024).toFixed(0)} MB x ${DOWNLOADS}, concurrency ${DOWNLOAD_CONCURRENCY}: ` +
          `${(DOWNLOADS / mediaSeconds).toFixed(1)} downloads/s, ${(mb / mediaSeconds).toFixed(0)} MB/s`,
      );
    }
    console.log(`failures: ${failures}`);
    if (failures > 0) process.exitCode = 1;
    if (values.json) {
      const gets = rounds.map((r) => r.getsPerSecond);
      printResult({
        bench: "emulator-throughput",
        figures: [
          figure({
            id: "emulator.getsPerSecond",
            figure: `emulator: GET /v1/Recordings/{Sid}, concurrency ${CONCURRENCY}`,
            value: median(gets),
            unit: "/s",
            peer: TWILIO_READS_PER_SECOND,
            peerLabel: "Twilio reads/s (default limit)",
            ratio: median(gets.map((g) => g / TWILIO_READS_PER_SECOND)),
            goal: null,
            runs: rounds.length,
            note: `limits lifted; ${failures} failures`,
          }),
          figure({
            id: "emulator.mediaMbPerSecond",
            figure: `emulator: media ${(MEDIA_BYTES / 1024 / 1024).toFixed(0)} MB downloads, concurrency ${DOWNLOAD_CONCURRENCY}`,
            value: median(rounds.map((r) => r.mbPerSecond)),
            unit: "MB/s",
            peer: null,
            peerLabel: "",
            ratio: null,
            goal: null,
            runs: rounds.length,
            note: `${median(rounds.map((r) => r.downloadsPerSecond)).toFixed(1)} downloads/s`,
          }),
        ],
        detail: rounds,
      });
    }
  } finally {
    agent.destroy();
    emu.child.kill("SIGTERM");
  }
};

await main();
