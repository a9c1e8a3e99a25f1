// Latency of `GET /recordings/{sid}/media` through local mode (gateway, handler, index, Twilio)
// beside a direct `GET /v1/Recordings/{sid}/Media` to the emulator: the same number of sequential
// requests, alternating blocks within each run. The emulator's rate limits are lifted for both.
// Measured twice: with the emulator answering as slowly as a near Twilio would (the goal's
// figure: what a caller pays over asking Twilio), and at loopback speed, where the emulator
// answers faster than one DynamoDB Local read and the route's fixed cost is all there is to see.
//   npx tsx bench/link-issuance.ts
// Prints one RESULT line for bench/run.ts.
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { dynamoClient } from "@video-recordings/local";
import { CONFIG, TWILIO_LATENCY_MS } from "./lib/config";
import { atMost, figure, printResult } from "./lib/figures";
import { BENCH_API_TOKEN, BENCH_TWILIO, basicAuth, emulatorControl, startBenchSystem } from "./lib/local";
import { indexSeeded, seedRecordings } from "./lib/seed";
import { median, p95 } from "./lib/stats";

/** Milliseconds of each of `count` sequential requests; throws on an unexpected status. */
const timed = async (count: number, url: string, init: RequestInit, expected: number): Promise<number[]> => {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const answer = await fetch(url, { ...init, redirect: "manual" });
    await answer.arrayBuffer();
    times.push(performance.now() - t0);
    if (answer.status !== expected) throw new Error(`${url} answered ${answer.status}`);
  }
  return times;
};

const main = async () => {
  const system = await startBenchSystem(true);
  try {
    const [recording] = await seedRecordings(system.emulatorUrl, 1, { daysOld: 1 });
    if (!recording) throw new Error("nothing seeded");
    const db = dynamoClient(system.dynamoEndpoint);
    await indexSeeded(dynamoRecordingStore(system.tableName, db), [recording]);
    /** The one index read the route makes, alone: with the direct call, the least the route can cost. */
    const getItem = async () => {
      const times: number[] = [];
      for (let i = 0; i < CONFIG.linkRequests; i++) {
        const t0 = performance.now();
        await db.send(
          new GetItemCommand({
            TableName: system.tableName,
            Key: { pk: { S: `REC#${recording.sid}` }, sk: { S: "REC" } },
            ConsistentRead: true,
          }),
        );
        times.push(performance.now() - t0);
      }
      return times;
    };
    const viaLocal = (count: number) =>
      timed(
        count,
        `${system.apiUrl}/recordings/${recording.sid}/media`,
        { headers: { authorization: `Bearer ${BENCH_API_TOKEN}` } },
        200,
      );
    const direct = (count: number) =>
      timed(
        count,
        `${system.emulatorUrl}/v1/Recordings/${recording.sid}/Media`,
        { headers: { authorization: basicAuth(BENCH_TWILIO.apiKeySid, BENCH_TWILIO.apiKeySecret) } },
        302,
      );
    /** Runs at one emulated Twilio latency: route and direct call in alternating blocks. */
    const measure = async (latencyMs: number) => {
      await emulatorControl(system.emulatorUrl, "PUT", "/_emulator/faults", {
        readsPerSecond: 1e9,
        writesPerSecond: 1e9,
        latencyMs,
      });
      await viaLocal(20);
      await direct(20);
      const rounds: { local: number[]; direct: number[]; getItem: number[] }[] = [];
      for (let run = 0; run < CONFIG.runs; run++) {
        const local = await viaLocal(CONFIG.linkRequests);
        const twilio = await direct(CONFIG.linkRequests);
        rounds.push({ local, direct: twilio, getItem: await getItem() });
        process.stderr.write(
          `link run ${run + 1} at ${latencyMs} ms: local median ${median(local).toFixed(2)} ms, direct ${median(twilio).toFixed(2)} ms\n`,
        );
      }
      const medians = rounds.map((r) => ({
        local: median(r.local),
        direct: median(r.direct),
        getItem: median(r.getItem),
      }));
      const tails = rounds.map((r) => ({ local: p95(r.local), direct: p95(r.direct) }));
      return { medians, tails, added: median(medians.map((m) => m.local - m.direct)) };
    };
    await getItem();
    const twilioLike = await measure(TWILIO_LATENCY_MS);
    const loopback = await measure(0);
    const runs = CONFIG.runs;
    const added = (ms: number) => `the route adds ${ms.toFixed(2)} ms`;
    printResult({
      bench: "link-issuance",
      figures: [
        ...(["median", "p95"] as const).map((statistic) => {
          const rounds = statistic === "median" ? twilioLike.medians : twilioLike.tails;
          return figure({
            id: `link.${statistic}`,
            figure: `media link: ${statistic} of ${CONFIG.linkRequests} sequential, Twilio latency ${TWILIO_LATENCY_MS} ms`,
            value: median(rounds.map((m) => m.local)),
            unit: "ms",
            peer: median(rounds.map((m) => m.direct)),
            peerLabel: "direct /Media on the emulator",
            ratio: median(rounds.map((m) => m.local / m.direct)),
            goal: atMost(1.2),
            runs,
            ...(statistic === "median" && { note: added(twilioLike.added) }),
          });
        }),
        figure({
          id: "link.loopback.median",
          figure: `media link: median of ${CONFIG.linkRequests} sequential, Twilio latency 0`,
          value: median(loopback.medians.map((m) => m.local)),
          unit: "ms",
          peer: median(loopback.medians.map((m) => m.direct)),
          peerLabel: "direct /Media on the emulator",
          ratio: median(loopback.medians.map((m) => m.local / m.direct)),
          goal: null,
          runs,
          note: `${added(loopback.added)}: gateway hop, bearer check, one consistent index read`,
        }),
        figure({
          id: "link.medianVsFloor",
          figure: "media link: median vs direct /Media + one GetItem, Twilio latency 0",
          value: median(loopback.medians.map((m) => m.local)),
          unit: "ms",
          peer: median(loopback.medians.map((m) => m.direct + m.getItem)),
          peerLabel: "direct /Media + GetItem on DynamoDB Local",
          ratio: median(loopback.medians.map((m) => m.local / (m.direct + m.getItem))),
          goal: null,
          runs,
          note: "the least the route can cost: one index read and one Twilio call",
        }),
      ],
      detail: { twilioLatencyMs: TWILIO_LATENCY_MS, twilioLike, loopback },
    });
    db.destroy();
  } finally {
    await system.stopAll();
  }
};

await main();
