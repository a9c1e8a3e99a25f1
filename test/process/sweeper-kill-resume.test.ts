import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { type RecordingStore, timestampFromDate } from "@video-recordings/core";
import { dynamoHoldStore, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { type Emulator, start } from "@video-recordings/twilio-emulator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { freshRecordingsTable } from "../support/dynamo";
import { freshBucket } from "../support/s3";
import { type SweeperRun, spawnSweeper, sweeperEnv } from "./spawn-sweeper";

const ACCOUNT_SID = "AC000000000000000000000000000000c7";
const AUTH_TOKEN = "kill-resume-auth-token";
const DAY_MS = 86_400_000;
const EXPIRED = 60;
/** Deletions seen on the emulator before the first process is killed. */
const KILL_AFTER = 12;

type Seeded = { sid: string; size: number };

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, seed: "kill-resume" });
});
afterAll(async () => {
  await emu.stop();
});

const seed = async (daysOld: number, roomSid: string, size: number): Promise<Seeded> => {
  const dateCreated = new Date(Date.now() - daysOld * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const answer = await fetch(`${emu.url}/_emulator/recordings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: "completed", roomSid, size, dateCreated }),
  });
  if (answer.status !== 201) throw new Error(`seeding answered ${answer.status}`);
  return (await answer.json()) as Seeded;
};

const twilioStatuses = async (): Promise<Map<string, string>> => {
  const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as {
    recordings: { sid: string; status: string }[];
  };
  return new Map(state.recordings.map((r) => [r.sid, r.status]));
};

/** Polls the emulator until `count` of `sids` are deleted there; gives up after `timeoutMs`. */
const untilDeleted = async (sids: readonly string[], count: number, timeoutMs: number): Promise<number> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const statuses = await twilioStatuses();
    const deleted = sids.filter((sid) => statuses.get(sid) === "deleted").length;
    if (deleted >= count) return deleted;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} deletions after ${timeoutMs} ms`);
};

/** The index's archive copy of `sid`, checked against the bucket: its size there, or null. */
const verifiedCopySize = async (
  store: RecordingStore,
  s3: Awaited<ReturnType<typeof freshBucket>>["s3"],
  bucket: string,
  sid: string,
): Promise<number | null> => {
  const copy = (await store.get(sid))?.state.archive;
  if (!copy) return null;
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: copy.key }));
  return head.ContentLength === copy.size ? copy.size : null;
};

describe("the sweeper process killed mid-run", () => {
  it("archives and deletes exactly what policy allows once resumed, nothing deleted without its copy", async () => {
    // Prepare
    const [{ db, tableName }, { s3, bucket }] = await Promise.all([freshRecordingsTable(), freshBucket()]);
    const store = dynamoRecordingStore(tableName, db);
    const rooms = Array.from({ length: 6 }, () => aSid("RM"));
    const heldRoom = aSid("RM");
    const expired = await Promise.all(
      Array.from({ length: EXPIRED }, (_, i) =>
        seed(100 + i, rooms[i % rooms.length] ?? "", 40_000 + ((i * 7_919) % 200_000)),
      ),
    );
    const held = await Promise.all([120, 150, 200, 400].map((days) => seed(days, heldRoom, 50_000)));
    const young = await Promise.all([1, 30, 60, 89].map((days) => seed(days, rooms[0] ?? "", 50_000)));
    await dynamoHoldStore(tableName, db).put({
      roomSid: heldRoom,
      reason: "litigation",
      reference: null,
      placedAt: timestampFromDate(new Date()),
    });
    // Every Twilio call takes 40 ms more: the run takes a few seconds, time to kill it mid-way.
    emu.setFaults({ latencyMs: 40 });
    const env = sweeperEnv({
      tableName,
      bucket,
      dynamoEndpoint: inject("dynamoEndpoint"),
      s3Endpoint: inject("s3Endpoint"),
      twilioUrl: emu.url,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
    });
    const expiredSids = expired.map((r) => r.sid);
    const first = spawnSweeper(env, 25_000);
    const firstOutcome = first.result.then(
      () => "finished",
      (error: unknown) => String(error),
    );
    const deletedAtKill = await untilDeleted(expiredSids, KILL_AFTER, 20_000);
    first.child.kill("SIGKILL");
    expect(await firstOutcome).toMatch(/exited with SIGKILL/);
    // Act
    const resumed: SweeperRun = await spawnSweeper(env, 25_000).result;
    // Assess
    expect(deletedAtKill).toBeLessThan(EXPIRED);
    expect(resumed.summary).toMatchObject({ failed: 0, remaining: 0, twilio: "available" });
    expect(resumed.summary.deleted).toBeGreaterThan(0);
    const statuses = await twilioStatuses();
    const deletedOnTwilio = [...statuses].filter(([, status]) => status === "deleted").map(([sid]) => sid);
    expect(deletedOnTwilio.sort()).toEqual([...expiredSids].sort());
    for (const { sid } of [...held, ...young]) expect(statuses.get(sid)).toBe("completed");
    const copies = await Promise.all(
      deletedOnTwilio.map(async (sid) => [sid, await verifiedCopySize(store, s3, bucket, sid)] as const),
    );
    expect(Object.fromEntries(copies)).toEqual(Object.fromEntries(expired.map((r) => [r.sid, r.size])));
    const indexed = await Promise.all(expiredSids.map(async (sid) => (await store.get(sid))?.state.status));
    expect(new Set(indexed)).toEqual(new Set(["deleted"]));
  }, 60_000);
});
