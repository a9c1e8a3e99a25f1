import { createHash, randomUUID } from "node:crypto";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { indexReport, timestampFromDate, toRecordingReport } from "@video-recordings/core";
import {
  dynamoAuditLog,
  dynamoCompositionStore,
  dynamoHoldStore,
  dynamoParticipantFileStore,
  dynamoRecordingStore,
} from "@video-recordings/core/dynamo";
import { runSweep, type SweepOptions } from "@video-recordings/core/retention";
import { s3ArchiveStore } from "@video-recordings/core/s3";
import type { RetentionPolicy } from "@video-recordings/core/settings";
import { createTwilioClient } from "@video-recordings/core/twilio";
import {
  type Codec,
  compositionBytes,
  type Emulator,
  mediaBytes,
  start,
} from "@video-recordings/twilio-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InMemoryJobQueue } from "../fakes/in-memory-stores";
import { freshRecordingsTable } from "../support/dynamo";
import { freshBucket } from "../support/s3";

const ACCOUNT_SID = "AC00000000000000000000000000000077";
const AUTH_TOKEN = "retention-auth-token-5e6f7a8b";
const DAY_MS = 86_400_000;

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, seed: "retention" });
});
afterAll(async () => {
  await emu.stop();
});
afterEach(() => {
  emu.reset();
  emu.setFaults({});
});

type Seeded = { sid: string; size: number; duration: number; codec: Codec; roomSid: string; status: string };

const seed = async (daysOld: number, body: Record<string, unknown> = {}): Promise<Seeded> => {
  const dateCreated = new Date(Date.now() - daysOld * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const answer = await fetch(`${emu.url}/_emulator/recordings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      status: "completed",
      size: 3_000 + Math.floor(Math.random() * 5_000),
      dateCreated,
      ...body,
    }),
  });
  if (answer.status !== 201) throw new Error(`seeding answered ${answer.status}`);
  const json = (await answer.json()) as {
    sid: string;
    size: number;
    duration: number;
    codec: string;
    status: string;
    grouping_sids: { room_sid: string };
  };
  return {
    sid: json.sid,
    size: json.size,
    duration: json.duration,
    // JSON carries codecs in lower case, as Twilio does; the emulator's own type is upper case.
    codec: json.codec.toUpperCase() as Codec,
    status: json.status,
    roomSid: json.grouping_sids.room_sid,
  };
};

/** A completed composition on the emulator, `daysOld` days old, of a room of its own unless told. */
const seedComposition = async (daysOld: number, body: Record<string, unknown> = {}): Promise<Seeded> => {
  const dateCreated = new Date(Date.now() - daysOld * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const answer = await fetch(`${emu.url}/_emulator/compositions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: "completed", dateCreated, ...body }),
  });
  if (answer.status !== 201) throw new Error(`seeding answered ${answer.status}`);
  const json = (await answer.json()) as {
    sid: string;
    size: number;
    duration: number;
    room_sid: string;
    status: string;
  };
  return {
    sid: json.sid,
    size: json.size,
    duration: json.duration,
    codec: "VP8",
    status: json.status,
    roomSid: json.room_sid,
  };
};

const emulatorStatuses = async (): Promise<Map<string, string>> => {
  const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as {
    recordings: { sid: string; status: string }[];
    compositions: { sid: string; status: string }[];
  };
  return new Map([...state.recordings, ...state.compositions].map((each) => [each.sid, each.status]));
};

/** The sweeper wired to the emulator, DynamoDB Local and the S3 server, as the Lambda wires it to AWS. */
const aSystem = async (policy: Partial<RetentionPolicy> = {}, baseUrl?: string, clockAheadMs = 0) => {
  const [{ db, tableName }, { s3, bucket }] = await Promise.all([freshRecordingsTable(), freshBucket()]);
  const answers: number[] = [];
  const client = (url: string) =>
    createTwilioClient({
      accountSid: ACCOUNT_SID,
      credentials: { authToken: AUTH_TOKEN },
      baseUrl: url,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        answers.push(response.status);
        return response;
      },
      timeoutMs: 2_000,
      // Quicker than production's so a test of an outage does not wait out a full backoff.
      retry: { baseMs: 20, capMs: 400, maxAttempts: 10 },
    });
  const twilio = client(baseUrl ?? emu.url);
  const callbacks = client(emu.url);
  const deps = {
    recordings: dynamoRecordingStore(tableName, db),
    compositions: dynamoCompositionStore(tableName, db),
    holds: dynamoHoldStore(tableName, db),
    participantFiles: dynamoParticipantFileStore(tableName, db),
    audit: dynamoAuditLog(tableName, db),
    jobs: new InMemoryJobQueue(),
    archive: s3ArchiveStore(bucket, s3),
    twilio,
    accounts: [ACCOUNT_SID] as const,
    clock: () => new Date(Date.now() + clockAheadMs),
    policy: {
      retentionDays: 90,
      archive: true,
      archiveRetentionDays: null,
      compositionRetentionDays: null,
      playable: "off" as const,
      piiRetentionDays: 30,
      ...policy,
    },
  };
  const run = (options: Partial<SweepOptions> = {}) =>
    runSweep(deps, {
      mode: "sweep",
      dryRun: false,
      runId: randomUUID(),
      deadline: Date.now() + 60_000,
      ...options,
    });
  /** Indexes a recording as its status callbacks would have. */
  const index = async (sid: string) => {
    const fetched = await callbacks.fetchRecording(sid);
    if (!fetched.ok) throw new Error(fetched.error.message);
    await indexReport(deps.recordings, toRecordingReport(fetched.value, timestampFromDate(new Date())));
  };
  const hold = (roomSid: string) =>
    deps.holds.put({
      roomSid,
      reason: "litigation",
      reference: null,
      placedAt: timestampFromDate(new Date()),
    });
  const archivedBytes = async (key: string): Promise<Buffer> => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  };
  return { deps, run, index, hold, archivedBytes, s3, bucket, answers };
};

const sha256 = (chunks: Iterable<Uint8Array>): string => {
  const hash = createHash("sha256");
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
};

describe("runSweep against the emulator, DynamoDB Local and S3", () => {
  it("deletes only what policy allows, each after a byte-exact copy", async () => {
    // Prepare
    const system = await aSystem();
    const expired = await seed(120);
    const young = await seed(30);
    const held = await seed(200);
    const lost = await seed(95);
    const failed = await seed(150, { status: "failed" });
    for (const { sid } of [expired, young, held, failed]) await system.index(sid);
    await system.hold(held.roomSid);
    // Act
    const summary = await system.run();
    // Assess
    const statuses = await emulatorStatuses();
    expect(
      Object.fromEntries([expired, young, held, lost, failed].map((r) => [r.sid, statuses.get(r.sid)])),
    ).toEqual({
      [expired.sid]: "deleted",
      [young.sid]: "completed",
      [held.sid]: "completed",
      [lost.sid]: "deleted",
      [failed.sid]: "deleted",
    });
    for (const recording of [expired, lost]) {
      const copy =
        (await system.deps.recordings.get(recording.sid))?.state.archive ?? expect.fail("no copy recorded");
      const bytes = await system.archivedBytes(copy.key);
      expect(bytes.byteLength).toBe(recording.size);
      expect(sha256([bytes])).toBe(sha256(mediaBytes(recording)));
    }
    expect(summary).toMatchObject({
      reconciled: 1,
      archived: 2,
      deleted: 3,
      held: 1,
      failed: 0,
      twilio: "available",
    });
    const trail = await system.deps.audit.listFor(expired.sid);
    expect(trail.map((entry) => entry.action)).toEqual(["archived", "deleted", "personal-data-erased"]);
  });

  it("archives and deletes compositions beside recordings, each copy byte-exact, never a held room's", async () => {
    // Prepare
    const system = await aSystem({ archive: true });
    const composition = await seedComposition(120, { format: "webm" });
    const held = await seedComposition(150);
    const recording = await seed(100, { roomSid: composition.roomSid });
    await system.hold(held.roomSid);
    // Act
    const summary = await system.run();
    // Assess
    const statuses = await emulatorStatuses();
    expect([composition, held, recording].map(({ sid }) => statuses.get(sid))).toEqual([
      "deleted",
      "completed",
      "deleted",
    ]);
    const stored = (await system.deps.compositions.get(composition.sid))?.state;
    expect(stored).toMatchObject({ status: "deleted", archive: { size: composition.size } });
    const key = `recordings/${composition.roomSid}/${composition.sid}.webm`;
    expect(stored?.archive?.key).toBe(key);
    const bytes = await system.archivedBytes(key);
    expect(sha256([bytes])).toBe(sha256(compositionBytes("webm", composition.size, 0, composition.size)));
    expect(summary.byKind).toMatchObject({
      composition: { reconciled: 2, archived: 1, deleted: 1, held: 1, failed: 0 },
      recording: { reconciled: 1, archived: 1, deleted: 1, failed: 0 },
    });
    const trail = await system.deps.audit.listFor(composition.sid);
    expect(trail.map((entry) => [entry.resource, entry.action])).toEqual([
      ["composition", "archived"],
      ["composition", "deleted"],
    ]);
  });

  it("changes nothing on a dry run", async () => {
    // Prepare
    const system = await aSystem();
    const expired = await seed(120);
    const lost = await seed(100);
    await system.index(expired.sid);
    const before = await emulatorStatuses();
    // Act
    const summary = await system.run({ dryRun: true });
    // Assess
    expect(await emulatorStatuses()).toEqual(before);
    expect(await system.deps.recordings.get(lost.sid)).toBeUndefined();
    expect((await system.deps.recordings.get(expired.sid))?.state.archive).toBeNull();
    expect(summary).toMatchObject({ dryRun: true, reconciled: 1, deleted: 2, archived: 2 });
  });

  it("makes no wrongful deletion under rate limits, errors, latency and unsettled media, and finishes in a few runs", async () => {
    // Prepare
    // The sweeper's clock runs 60 days ahead: a recording 31 days old at the emulator is past its
    // 90 days, yet recent enough for the emulator to keep its media unsettled (at most 41⅔ days).
    const system = await aSystem({}, undefined, 60 * DAY_MS);
    const expired = await Promise.all(Array.from({ length: 10 }, (_, i) => seed(31 + (i % 2) * 20)));
    const keep = [...(await Promise.all([seed(300), seed(120)])), await seed(20)];
    for (const { sid } of [...expired.slice(0, 5), ...keep]) await system.index(sid);
    await system.hold(keep[0]?.roomSid ?? "");
    await system.hold(keep[1]?.roomSid ?? "");
    emu.setFaults({ writesPerSecond: 3, errorRate: 0.1, latencyMs: 50, mediaNotReadySeconds: 40 * 86_400 });
    // Act
    const forever = Number.POSITIVE_INFINITY;
    const first = await system.run({ deadline: forever });
    emu.setFaults({ writesPerSecond: 3, errorRate: 0.1, latencyMs: 50 });
    const later = [await system.run({ deadline: forever })];
    while ((later.at(-1)?.eligible ?? 0) > 0 && later.length < 5)
      later.push(await system.run({ deadline: forever }));
    // Assess
    const statuses = await emulatorStatuses();
    for (const { sid } of keep) expect(statuses.get(sid)).toBe("completed");
    for (const { sid, size } of expired) {
      expect(statuses.get(sid)).toBe("deleted");
      const copy =
        (await system.deps.recordings.get(sid))?.state.archive ?? expect.fail(`no copy for ${sid}`);
      expect(copy.size).toBe(size);
      expect((await system.archivedBytes(copy.key)).byteLength).toBe(size);
    }
    expect(first.failed).toBeGreaterThan(0);
    expect(first.deleted).toBeGreaterThan(0);
    expect(later.at(-1)).toMatchObject({ eligible: 0, failed: 0 });
    expect(system.answers.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(system.answers.filter((status) => status === 500).length).toBeGreaterThan(0);
  });

  it.each([
    { case: "answers 500 to everything", down: () => emu.setFaults({ errorRate: 1 }), baseUrl: undefined },
    { case: "does not answer at all", down: () => undefined, baseUrl: "http://127.0.0.1:9" },
  ])("still expires archive copies when Twilio $case", async ({ down, baseUrl }) => {
    // Prepare
    const system = await aSystem({ archiveRetentionDays: 30 }, baseUrl);
    const recording = await seed(120);
    await system.index(recording.sid);
    const key = `recordings/${recording.roomSid}/${recording.sid}.mka`;
    await system.s3.send(
      new PutObjectCommand({ Bucket: system.bucket, Key: key, Body: "x".repeat(recording.size) }),
    );
    const stored = (await system.deps.recordings.get(recording.sid)) ?? expect.fail("not indexed");
    const archivedAt = timestampFromDate(new Date(Date.now() - 40 * DAY_MS));
    const copy = { bucket: system.bucket, key, size: recording.size, archivedAt };
    await system.deps.recordings.put({ ...stored.state, archive: copy }, stored.version);
    const young = await seed(10);
    await system.index(young.sid);
    down();
    // Act
    const summary = await system.run();
    // Assess
    expect(summary).toMatchObject({ twilio: "unavailable", archiveExpired: 1, deleted: 0 });
    expect(await system.deps.archive.stat(key)).toBeUndefined();
    expect((await system.deps.recordings.get(recording.sid))?.state.archive).toBeNull();
    emu.setFaults({});
    expect((await emulatorStatuses()).get(recording.sid)).toBe("completed");
  });
});
