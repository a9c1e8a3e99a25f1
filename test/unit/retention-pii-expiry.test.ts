import { indexReport, parseCallback, type RecordingReport } from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { aWorld, daysAgo, type World } from "../fakes/retention-fakes";
import { aRecordingCallback, aSid } from "../fixtures/callbacks";

const IDENTITY = "alice@example.com";
const ROOM_NAME = "Quarterly review";
const TRACK_NAME = "alice-camera";

/** A recording's callback as Twilio sends it, carrying the participant's identity and the names. */
const aCallback = (sid: string, roomSid: string, event: string, timestamp: string): RecordingReport => {
  const parsed = parseCallback(
    aRecordingCallback({
      RecordingSid: sid,
      RoomSid: roomSid,
      StatusCallbackEvent: event,
      Timestamp: timestamp,
      ParticipantIdentity: IDENTITY,
      RoomName: ROOM_NAME,
      TrackName: TRACK_NAME,
    }),
  );
  if (!parsed.ok || parsed.value.kind !== "recording") throw new Error("fixture is not a recording callback");
  return parsed.value.report;
};

/** A recording started `days` ago, indexed from its callbacks. */
const aRecordingStarted = async (world: World, days: number, roomSid = aSid("RM")) => {
  const sid = aSid("RT");
  const started = aCallback(sid, roomSid, "recording-started", daysAgo(days));
  const completed = aCallback(sid, roomSid, "recording-completed", daysAgo(days - 0.01));
  await indexReport(world.store, started);
  await indexReport(world.store, completed);
  return { sid, roomSid, started, completed };
};

const ERASED = { participantIdentity: null, roomName: null, trackName: null };
const KEPT = { participantIdentity: IDENTITY, roomName: ROOM_NAME, trackName: TRACK_NAME };

describe("runSweep's PII expiry", () => {
  it("erases the identity and the room and track names of a recording past PII retention, keeping the rest", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid, roomSid } = await aRecordingStarted(world, 31);
    const before = world.indexed(sid);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(sid)).toEqual({ ...before, ...ERASED, personalDataErasedAt: daysAgo(0) });
    expect(summary).toMatchObject({ personalDataErased: 1, personalDataHeld: 0, failed: 0 });
    expect(summary.byKind.recording).toMatchObject({ personalDataErased: 1 });
    const trail = await world.audit.listFor(sid);
    expect(trail.map((entry) => [entry.action, entry.step, entry.roomSid, entry.detail])).toEqual([
      ["personal-data-erased", "pii-expiry", roomSid, `created ${daysAgo(31)}`],
    ]);
    expect(trail[0]?.policy.piiRetentionDays).toBe(30);
  });

  it("writes no identity, room or track name into the audit trail", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    await aRecordingStarted(world, 31);
    // Act
    await world.run();
    // Assess
    const trail = JSON.stringify(world.audit.entries);
    for (const personal of [IDENTITY, ROOM_NAME, TRACK_NAME]) expect(trail).not.toContain(personal);
  });

  it("leaves a recording younger than PII retention as it is", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid } = await aRecordingStarted(world, 29);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(sid)).toMatchObject({ ...KEPT, personalDataErasedAt: null });
    expect(summary.personalDataErased).toBe(0);
    expect(await world.audit.listFor(sid)).toEqual([]);
  });

  it("keeps the personal data of a held room's recordings, counting them held", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const held = await aRecordingStarted(world, 40);
    const free = await aRecordingStarted(world, 40);
    await world.holds.hold(held.roomSid);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(held.sid)).toMatchObject({ ...KEPT, personalDataErasedAt: null });
    expect(world.indexed(free.sid)).toMatchObject(ERASED);
    expect(summary).toMatchObject({ personalDataErased: 1, personalDataHeld: 1, held: 0 });
    expect(summary.plan ?? []).toEqual([]);
    expect(await world.audit.listFor(held.sid)).toEqual([]);
  });

  it("works through every page of what is due, telling its progress", async () => {
    // Prepare: more than one page of the fake's index.
    const world = aWorld({ piiRetentionDays: 30 });
    const due = await Promise.all(Array.from({ length: 4 }, () => aRecordingStarted(world, 31)));
    const progress: [number, number | null][] = [];
    // Act
    const summary = await world.run({
      onProgress: (p) => (p.phase === "pii-expiry" ? progress.push([p.done, p.total]) : undefined),
    });
    // Assess
    for (const { sid } of due) expect(world.indexed(sid)).toMatchObject(ERASED);
    expect(summary).toMatchObject({ personalDataErased: 4, remaining: 0 });
    expect(progress).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, null],
    ]);
  });

  it("reads each listed recording again, and leaves one the index listed that is not due", async () => {
    // Prepare: an index lagging behind, listing a young recording.
    const world = aWorld({ piiRetentionDays: 30 });
    const young = await aRecordingStarted(world, 10);
    const state = world.indexed(young.sid) ?? expect.fail("not indexed");
    world.store.listHoldingPersonalDataBefore = async function* () {
      yield [state];
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(young.sid)).toMatchObject(KEPT);
    expect(summary.personalDataErased).toBe(0);
  });

  it("skips a recording whose room the index does not know: its hold cannot be checked", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid } = await aRecordingStarted(world, 31);
    const stored = world.store.recordings.get(sid) ?? expect.fail("not indexed");
    stored.state.roomSid = null;
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(sid)).toMatchObject(KEPT);
    expect(summary.byKind.recording).toMatchObject({ skipped: 1, personalDataErased: 0 });
  });

  it("checks the hold again after listing: a hold placed meanwhile keeps the data", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid, roomSid } = await aRecordingStarted(world, 40);
    const list = world.store.listHoldingPersonalDataBefore.bind(world.store);
    world.store.listHoldingPersonalDataBefore = async function* (cutoff) {
      for await (const page of list(cutoff)) {
        await world.holds.hold(roomSid);
        yield page;
      }
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(sid)).toMatchObject(KEPT);
    expect(summary).toMatchObject({ personalDataErased: 0, personalDataHeld: 1 });
  });

  it("erases a held room's recordings once the hold is released", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid, roomSid } = await aRecordingStarted(world, 40);
    await world.holds.hold(roomSid);
    await world.run();
    await world.holds.remove(roomSid);
    // Act
    const summary = await world.run({ runId: "run-2" });
    // Assess
    expect(world.indexed(sid)).toMatchObject(ERASED);
    expect(summary).toMatchObject({ personalDataErased: 1, personalDataHeld: 0 });
  });

  it("erases while Twilio is unavailable: it needs nothing from Twilio", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid } = await aRecordingStarted(world, 31);
    world.twilio.down = { kind: "unavailable", status: 503, message: "503" };
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ twilio: "unavailable", personalDataErased: 1 });
    expect(world.indexed(sid)).toMatchObject(ERASED);
  });

  it("leaves personal data alone in an export, which changes nothing but the archive", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid } = await aRecordingStarted(world, 31);
    // Act
    const summary = await world.run({ mode: "export" });
    // Assess
    expect(summary.personalDataErased).toBe(0);
    expect(world.indexed(sid)).toMatchObject(KEPT);
  });

  it("erases nothing when PII_RETENTION_DAYS is off", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: null });
    const { sid } = await aRecordingStarted(world, 3_000);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(sid)).toMatchObject(KEPT);
    expect(summary.personalDataErased).toBe(0);
  });

  it("counts and plans in a dry run, changing nothing", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const due = await aRecordingStarted(world, 31);
    const held = await aRecordingStarted(world, 31);
    await world.holds.hold(held.roomSid);
    const before = structuredClone([...world.store.recordings]);
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect([...world.store.recordings]).toEqual(before);
    expect(world.audit.entries).toEqual([]);
    expect(summary).toMatchObject({ dryRun: true, personalDataErased: 1, personalDataHeld: 1 });
    expect(summary.plan?.map((planned) => [planned.sid, planned.action, planned.detail])).toEqual(
      expect.arrayContaining([
        [due.sid, "erase-personal-data", "personal data"],
        [held.sid, "skip-held", "personal data"],
      ]),
    );
  });

  it("keeps them erased when a late callback is delivered again after the erasure", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid, started, completed } = await aRecordingStarted(world, 31);
    await world.run();
    // Act
    await indexReport(world.store, started);
    await indexReport(world.store, completed);
    // Assess
    expect(world.indexed(sid)).toMatchObject({ ...ERASED, status: "completed" });
  });

  it("reads nothing more once erased: the next run finds no work", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid } = await aRecordingStarted(world, 31);
    await world.run();
    // Act
    const summary = await world.run({ runId: "run-2" });
    const due = [];
    for await (const page of world.store.listHoldingPersonalDataBefore(daysAgo(0))) due.push(...page);
    // Assess
    expect(summary.personalDataErased).toBe(0);
    expect(due).toEqual([]);
    expect((await world.audit.listFor(sid)).map((entry) => entry.runId)).toEqual(["run-1"]);
  });

  it("leaves what the deadline stops as remaining, for the next run", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const { sid } = await aRecordingStarted(world, 31);
    // Act
    const summary = await world.run({ deadline: world.clock.now() });
    // Assess
    expect(world.indexed(sid)).toMatchObject(KEPT);
    expect(summary).toMatchObject({ personalDataErased: 0, remaining: 1 });
  });

  it("counts a recording it could not erase as failed and goes on with the others", async () => {
    // Prepare
    const world = aWorld({ piiRetentionDays: 30 });
    const broken = await aRecordingStarted(world, 31);
    const fine = await aRecordingStarted(world, 31);
    const put = world.store.put.bind(world.store);
    world.store.put = async (state, expectedVersion) => {
      if (state.sid === broken.sid) throw new Error("store timed out");
      return put(state, expectedVersion);
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(broken.sid)).toMatchObject(KEPT);
    expect(world.indexed(fine.sid)).toMatchObject(ERASED);
    expect(summary).toMatchObject({ personalDataErased: 1, failed: 1 });
    const trail = await world.audit.listFor(broken.sid);
    expect(trail.map((entry) => [entry.action, entry.step, entry.detail])).toEqual([
      ["personal-data-erased", "pii-expiry", `created ${daysAgo(31)}`],
      ["failed", "pii-expiry", "Error: store timed out"],
    ]);
  });
});
