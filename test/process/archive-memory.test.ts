import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { type Emulator, start } from "@video-recordings/twilio-emulator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freshRecordingsTable } from "../support/dynamo";
import { freshBucket } from "../support/s3";
import { SWEEPER_MEMORY_MB, type SweeperRun, spawnSweeper, sweeperEnv } from "./spawn-sweeper";

const ACCOUNT_SID = "AC000000000000000000000000000000a1";
const AUTH_TOKEN = "archive-memory-auth-token";
const MiB = 1_048_576;
const SIZE = 256 * MiB;
/**
 * What archiving may add to the process. Measured with the heap limits Lambda gives the sweeper on a
 * 2-core machine, alone and beside two busy processes: it grew by 44–48 MiB (the upload holds one
 * 5 MiB part, the rest is the download's buffers the collector has not swept yet, and what the first
 * archive loads). The lib-storage uploader it replaced, two parts in flight and each copied once
 * more, grew by 79–84 MiB in the same runs. The bound catches a return to that with room for a
 * collector that falls behind on a busier machine.
 */
const GROWTH_BOUND = 64 * MiB;

let emu: Emulator;
let run: SweeperRun;
let copySize: number | undefined;

beforeAll(async () => {
  emu = await start({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, seed: "archive-memory" });
  const [{ db, tableName }, { s3, bucket }] = await Promise.all([freshRecordingsTable(), freshBucket()]);
  const dateCreated = new Date(Date.now() - 120 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const seeded = await fetch(`${emu.url}/_emulator/recordings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: "completed", type: "video", size: SIZE, dateCreated }),
  });
  const { sid } = (await seeded.json()) as { sid: string };
  const env = sweeperEnv({
    tableName,
    bucket,
    dynamoEndpoint: inject("dynamoEndpoint"),
    s3Endpoint: inject("s3Endpoint"),
    twilioUrl: emu.url,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
  });
  run = await spawnSweeper(env, 50_000).result;
  const copy = (await dynamoRecordingStore(tableName, db).get(sid))?.state.archive;
  copySize = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: copy?.key ?? "" }))).ContentLength;
  const growth = run.peakRss - run.idleRss;
  console.info(
    `archive of ${SIZE / MiB} MiB: idle ${(run.idleRss / MiB).toFixed(1)} MiB, ` +
      `peak ${(run.peakRss / MiB).toFixed(1)} MiB, growth ${(growth / MiB).toFixed(1)} MiB ` +
      `(buffers at most ${((run.peakArrayBuffers - run.idleArrayBuffers) / MiB).toFixed(1)} MiB more)`,
  );
}, 60_000);

afterAll(async () => {
  await emu.stop();
});

describe("the sweeper process archiving a 256 MiB recording", () => {
  it("archives the whole recording, verified, then deletes it", () => {
    // Assess
    expect(copySize).toBe(SIZE);
    expect(run.summary).toMatchObject({ archived: 1, archivedBytes: SIZE, deleted: 1, failed: 0 });
  });

  it("holds about a part of the media at a time: memory grows by less than 64 MiB", () => {
    // Assess
    expect(run.peakRss - run.idleRss).toBeLessThan(GROWTH_BOUND);
  });

  it("runs with the heap limits of the memory the sweeper is deployed with", () => {
    // Assess
    const stack = readFileSync(resolve(import.meta.dirname, "../../stacks/sweeper.ts"), "utf8");
    expect(stack).toContain(`memory: "${SWEEPER_MEMORY_MB} MB"`);
  });
});
