import { describe, expect, it } from "vitest";
import { aWorld, daysAgo, NOW } from "../fakes/retention-fakes";
import { aSid } from "../fixtures/callbacks";

describe("runSweep", () => {
  it("deletes expired recordings and keeps young and held ones", async () => {
    // Prepare
    const world = aWorld();
    const expired = await world.seed({ dateCreated: daysAgo(91) });
    const young = await world.seed({ dateCreated: daysAgo(89) });
    const held = await world.seed({ dateCreated: daysAgo(200) });
    await world.holds.hold(held.roomSid ?? "");
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([expired.sid]);
    expect(world.indexed(expired.sid)).toMatchObject({ status: "deleted", deletedAt: expect.any(String) });
    expect(world.indexed(young.sid)?.status).toBe("completed");
    expect(summary).toMatchObject({ examined: 2, eligible: 1, archived: 1, deleted: 1, held: 1, failed: 0 });
  });

  it("copies the media, verified, before it deletes from Twilio", async () => {
    // Prepare
    const world = aWorld();
    const expired = await world.seed({ dateCreated: daysAgo(120), size: 12_345 });
    const seenAtDelete: (number | undefined)[] = [];
    world.twilio.onDelete = (sid) => {
      const copy = world.indexed(sid)?.archive;
      seenAtDelete.push(copy ? world.archive.objects.get(copy.key)?.bytes.byteLength : undefined);
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(seenAtDelete).toEqual([12_345]);
    expect(world.indexed(expired.sid)?.archive).toMatchObject({ bucket: "in-memory-archive", size: 12_345 });
    expect(summary).toMatchObject({ archived: 1, archivedBytes: 12_345, deleted: 1 });
    const actions = (await world.audit.listFor(expired.sid)).map((entry) => entry.action);
    expect(actions).toEqual(["archived", "deleted"]);
  });

  it("keeps a recording created exactly at the cutoff", async () => {
    // Prepare
    const world = aWorld();
    const boundary = await world.seed({ dateCreated: daysAgo(90) });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).not.toContain(boundary.sid);
    expect(summary.examined).toBe(0);
  });

  it("changes nothing anywhere on a dry run, and reports what it would do", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 30 });
    const expired = await world.seed({ dateCreated: daysAgo(100), size: 500 });
    const lost = await world.seed({ dateCreated: daysAgo(150), size: 700 }, "no");
    const copied = await world.seed({ dateCreated: daysAgo(10) });
    const key = `recordings/${copied.roomSid}/${copied.sid}.mka`;
    const stored = world.store.recordings.get(copied.sid) ?? expect.fail("not indexed");
    stored.state.archive = { bucket: "in-memory-archive", key, size: 4_000, archivedAt: daysAgo(40) };
    world.archive.objects.set(key, { bytes: new Uint8Array(4_000), contentType: "audio/webm" });
    const snapshot = () =>
      structuredClone({
        store: [...world.store.recordings],
        twilio: [...world.twilio.recordings],
        objects: [...world.archive.objects.keys()],
        audit: world.audit.entries.length,
      });
    const before = snapshot();
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(snapshot()).toEqual(before);
    expect(world.twilio.calls.filter((call) => call.method !== "list")).toEqual([]);
    expect(summary).toMatchObject({
      dryRun: true,
      reconciled: 1,
      archived: 2,
      archivedBytes: 1_200,
      deleted: 2,
      archiveExpired: 1,
    });
    expect(summary.plan?.map((planned) => [planned.sid, planned.action])).toEqual(
      expect.arrayContaining([
        [lost.sid, "reconcile"],
        [lost.sid, "archive-and-delete"],
        [expired.sid, "archive-and-delete"],
        [copied.sid, "expire-archive"],
      ]),
    );
  });

  it("indexes recordings whose callbacks were lost, then sweeps them", async () => {
    // Prepare
    const world = aWorld();
    const lost = await world.seed({ dateCreated: daysAgo(100) }, "no");
    const stale = await world.seed({ dateCreated: daysAgo(100) }, "as-processing");
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids().sort()).toEqual([lost.sid, stale.sid].sort());
    expect(world.indexed(lost.sid)?.archive).not.toBeNull();
    expect(summary.reconciled).toBe(2);
  });

  it("copies again when the recorded copy has vanished from the archive", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
    const lost = {
      bucket: "in-memory-archive",
      key: "recordings/lost.mka",
      size: 4_000,
      archivedAt: daysAgo(1),
    };
    stored.state.archive = lost;
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([recording.sid]);
    const copy = world.indexed(recording.sid)?.archive ?? expect.fail("no copy recorded");
    expect(copy.key).not.toBe(lost.key);
    expect(world.archive.objects.get(copy.key)?.bytes.byteLength).toBe(4_000);
    expect(summary).toMatchObject({ archived: 1, deleted: 1 });
  });

  it("deletes failed and empty recordings without a copy: they have no media", async () => {
    // Prepare
    const world = aWorld();
    const failed = await world.seed({ dateCreated: daysAgo(100), status: "failed", size: 0 });
    const empty = await world.seed({ dateCreated: daysAgo(100), size: 0 });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids().sort()).toEqual([failed.sid, empty.sid].sort());
    expect(summary).toMatchObject({ archived: 0, deleted: 2 });
  });

  it("deletes without copying when archiving is off", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    // Act
    await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([recording.sid]);
    expect(world.archive.objects.size).toBe(0);
    expect(world.twilio.calls.some((call) => call.method === "open")).toBe(false);
  });

  it("stops starting recordings at the deadline and counts the rest as remaining", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    for (let i = 0; i < 5; i++) await world.seed({ dateCreated: daysAgo(100 + i) });
    world.twilio.onDelete = () => world.clock.advance(10_000);
    world.deps.limits = { concurrency: 1 };
    // Act
    const summary = await world.run({ deadline: NOW.getTime() + 25_000 });
    // Assess
    expect(summary).toMatchObject({ eligible: 5, deleted: 3, remaining: 2, durationMs: 30_000 });
    expect(world.twilio.deletedSids()).toHaveLength(3);
  });

  it("works four recordings at a time when no limit is given", async () => {
    // Prepare
    const world = aWorld();
    for (let i = 0; i < 6; i++) await world.seed({ dateCreated: daysAgo(100 + i) });
    let copying = 0;
    let mostAtOnce = 0;
    world.twilio.onOpenMedia = async () => {
      copying++;
      mostAtOnce = Math.max(mostAtOnce, copying);
      await new Promise((resolve) => setTimeout(resolve, 5));
      copying--;
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(summary.deleted).toBe(6);
    expect(mostAtOnce).toBe(4);
  });

  it("still expires archive copies when Twilio is unavailable, and says so", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const old = await world.seed({ dateCreated: daysAgo(800), status: "deleted" });
    const stored = world.store.recordings.get(old.sid) ?? expect.fail("not indexed");
    const key = `recordings/${old.roomSid}/${old.sid}.mka`;
    stored.state.archive = { bucket: "in-memory-archive", key, size: 3, archivedAt: daysAgo(400) };
    world.archive.objects.set(key, { bytes: new Uint8Array(3), contentType: "audio/webm" });
    world.twilio.down = { kind: "unavailable", status: 503, message: "503" };
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ twilio: "unavailable", archiveExpired: 1, remaining: 1, deleted: 0 });
    expect(world.archive.objects.has(key)).toBe(false);
    expect(world.indexed(old.sid)?.archive).toBeNull();
    expect(world.indexed(recording.sid)?.status).toBe("completed");
  });

  it("keeps a held room's archive copies past archive retention", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 30 });
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    await world.run();
    world.clock.advance(31 * 86_400_000);
    await world.holds.hold(recording.roomSid ?? "");
    // Act
    const summary = await world.run({ runId: "run-2" });
    // Assess
    expect(summary).toMatchObject({ archiveExpired: 0, held: 1 });
    expect(world.indexed(recording.sid)?.archive).not.toBeNull();
  });

  it("exports every completed recording, young ones too, and deletes nothing", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 1 });
    const young = await world.seed({ dateCreated: daysAgo(1), size: 100 });
    const old = await world.seed({ dateCreated: daysAgo(400), size: 200 });
    const lost = await world.seed({ dateCreated: daysAgo(3), size: 300 }, "no");
    await world.seed({ dateCreated: daysAgo(2), status: "failed", size: 0 });
    await world.holds.hold(old.roomSid ?? "");
    const progress: string[] = [];
    // Act
    const summary = await world.run({ mode: "export", onProgress: (p) => progress.push(p.phase) });
    const again = await world.run({ mode: "export", runId: "run-2" });
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    for (const { sid } of [young, old, lost]) expect(world.indexed(sid)?.archive).not.toBeNull();
    expect(summary).toMatchObject({
      archived: 3,
      archivedBytes: 600,
      deleted: 0,
      archiveExpired: 0,
      failed: 0,
    });
    expect(again).toMatchObject({ archived: 0, eligible: 0 });
    expect(progress).toEqual(expect.arrayContaining(["reconcile", "plan", "execute"]));
  });

  it("marks a recording Twilio no longer knows as deleted without calling DELETE", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) }, "as-processing");
    world.twilio.recordings.delete(recording.sid);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(recording.sid)?.status).toBe("deleted");
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(summary).toMatchObject({ reconciled: 1, skipped: 1 });
  });

  it("asks Twilio for the room before deleting a recording indexed without one", async () => {
    // Prepare
    const world = aWorld();
    const roomSid = aSid("RM");
    const recording = await world.seed({ dateCreated: daysAgo(100), roomSid: null }, "yes");
    world.twilio.recordings.set(recording.sid, { ...recording, roomSid });
    await world.holds.hold(roomSid);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(summary.held).toBe(1);
  });
});
