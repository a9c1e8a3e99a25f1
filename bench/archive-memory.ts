// Peak memory of the sweeper process while it archives one large recording (1 GiB by default)
// into the S3 server, beside its idle RSS. The sweeper runs alone in a child process
// (test/process/sweeper-process.ts: the deployed entry, with the heap limits Lambda gives it, its own
// RSS sampled every 50 ms and its VmHWM); the emulator that streams the generated media runs here,
// in the driver.
//   npx tsx bench/archive-memory.ts
// Prints one RESULT line for bench/run.ts.
import { randomUUID } from "node:crypto";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { archiveS3Client } from "@video-recordings/core/s3";
import { dynamoClient, ensureRecordingsTable, LOCAL_AWS } from "@video-recordings/local";
import { start } from "@video-recordings/twilio-emulator";
import { type SweeperRun, spawnSweeper, sweeperEnv } from "../test/process/spawn-sweeper";
import { CONFIG } from "./lib/config";
import { figure, printResult } from "./lib/figures";
import { BENCH_TWILIO, emulatorControl, sharedStorage } from "./lib/local";
import { twilioDate } from "./lib/seed";
import { median } from "./lib/stats";

const MiB = 1_048_576;
const BUDGET_MB = 64;

const main = async () => {
  const storage = await sharedStorage();
  const emu = await start({
    port: 0,
    accountSid: BENCH_TWILIO.accountSid,
    authToken: BENCH_TWILIO.authToken,
  });
  const db = dynamoClient(storage.dynamoEndpoint);
  const s3 = archiveS3Client({ endpoint: storage.s3Endpoint, forcePathStyle: true, ...LOCAL_AWS });
  try {
    const runs: (SweeperRun & { seconds: number })[] = [];
    for (let run = 0; run < CONFIG.memoryRuns; run++) {
      const tableName = `bench-${randomUUID()}`;
      const bucket = `bench-${randomUUID()}`;
      await ensureRecordingsTable(db, tableName);
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const { sid } = (await emulatorControl(emu.url, "POST", "/_emulator/recordings", {
        status: "completed",
        type: "video",
        size: CONFIG.memoryRecordingBytes,
        dateCreated: twilioDate(Date.now() - 120 * 86_400_000),
      })) as { sid: string };
      const env = sweeperEnv({
        tableName,
        bucket,
        dynamoEndpoint: storage.dynamoEndpoint,
        s3Endpoint: storage.s3Endpoint,
        twilioUrl: emu.url,
        accountSid: BENCH_TWILIO.accountSid,
        authToken: BENCH_TWILIO.authToken,
      });
      const t0 = performance.now();
      const result = await spawnSweeper(env, 10 * 60_000).result;
      const seconds = (performance.now() - t0) / 1000;
      const { summary } = result;
      if (summary.archivedBytes !== CONFIG.memoryRecordingBytes || summary.failed !== 0)
        throw new Error(`the archive run did not copy the recording: ${JSON.stringify(summary)}`);
      runs.push({ ...result, seconds });
      process.stderr.write(
        `archive memory run ${run + 1}: idle ${(result.idleRss / MiB).toFixed(1)} MiB, peak ${(result.peakRss / MiB).toFixed(1)} MiB ` +
          `(sampled ${(result.sampledPeak / MiB).toFixed(1)}; buffers ${(result.idleArrayBuffers / MiB).toFixed(1)} → ` +
          `${(result.peakArrayBuffers / MiB).toFixed(1)} MiB), ${seconds.toFixed(1)} s\n`,
      );
      // Free the disk: the copy is verified, it is not needed any more.
      const key = (await dynamoRecordingStore(tableName, db).get(sid))?.state.archive?.key;
      if (key) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      emu.reset();
    }
    const growthMb = runs.map((r) => (r.peakRss - r.idleRss) / MiB);
    const label =
      CONFIG.memoryRecordingBytes >= 1024 * MiB
        ? `${CONFIG.memoryRecordingBytes / (1024 * MiB)} GiB`
        : `${CONFIG.memoryRecordingBytes / MiB} MiB`;
    printResult({
      bench: "archive-memory",
      figures: [
        figure({
          id: "archive.memoryGrowth",
          figure: `archive ${label} in one process: peak RSS growth`,
          value: median(growthMb),
          unit: "MiB",
          peer: median(runs.map((r) => r.idleRss / MiB)),
          peerLabel: "idle RSS, same process",
          ratio: median(growthMb.map((g) => g / BUDGET_MB)),
          goal: { on: "ratio", op: "<", target: 1, text: `< 1 (${BUDGET_MB} MB)` },
          runs: runs.length,
          note: `ratio = growth / ${BUDGET_MB} MB; peak RSS ${median(runs.map((r) => r.peakRss / MiB)).toFixed(0)} MiB; ${median(
            runs.map((r) => CONFIG.memoryRecordingBytes / MiB / r.seconds),
          ).toFixed(0)} MiB/s end to end`,
        }),
      ],
      detail: runs.map((r) => ({
        idleRss: r.idleRss,
        peakRss: r.peakRss,
        sampledPeak: r.sampledPeak,
        hwmBefore: r.hwmBefore,
        hwmAfter: r.hwmAfter,
        idleArrayBuffers: r.idleArrayBuffers,
        peakArrayBuffers: r.peakArrayBuffers,
        seconds: r.seconds,
      })),
    });
  } finally {
    db.destroy();
    s3.destroy();
    await emu.stop();
    await storage.stop();
  }
};

await main();
