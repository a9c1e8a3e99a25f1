import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { dynamoRecordingStore } from "@video-recordings/core";
import { type Emulator, start } from "@video-recordings/twilio-emulator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freshRecordingsTable } from "../support/dynamo";
import { freshBucket } from "../support/s3";
import { type SweeperRun, spawnSweeper, sweeperEnv } from "./spawn-sweeper";

const ACCOUNT_SID = "AC000000000000000000000000000000a1";
const AUTH_TOKEN = "archive-memory-auth-token";
const MiB = 1_048_576;
const SIZE = 256 * MiB;

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
      `peak ${(run.peakRss / MiB).toFixed(1)} MiB, growth ${(growth / MiB).toFixed(1)} MiB`,
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

  // The 64 MB goal is a benchmark figure (npm run bench: about 80 MiB, a known miss); here the
  // bound only has to prove streaming, with room for the collector's lag on a busy machine.
  it("streams the media instead of holding it: memory grows by less than half of it", () => {
    // Assess
    expect(run.peakRss - run.idleRss).toBeLessThan(SIZE / 2);
  });
});
