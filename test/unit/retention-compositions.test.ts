import { describe, expect, it } from "vitest";
import { aWorld, daysAgo } from "../fakes/retention-fakes";

describe("runSweep over compositions", () => {
  it("archives a composition past retention under its room, verified, then deletes it from Twilio", async () => {
    // Prepare
    const world = aWorld();
    const composition = await world.seedComposition({ dateCreated: daysAgo(100), format: "webm" });
    // Act
    const summary = await world.run();
    // Assess
    const key = `recordings/${composition.roomSid}/${composition.sid}.webm`;
    expect(world.twilio.compositions.get(composition.sid)?.status).toBe("deleted");
    expect(await world.archive.stat(key)).toMatchObject({ size: 6_000 });
    expect(world.archive.objects.get(key)?.contentType).toBe("video/webm");
    expect(world.indexedComposition(composition.sid)).toMatchObject({
      status: "deleted",
      archive: { key, size: 6_000 },
    });
    expect(summary).toMatchObject({ archived: 1, archivedBytes: 6_000, deleted: 1, failed: 0 });
    expect(summary.byKind.composition).toMatchObject({ archived: 1, deleted: 1, eligible: 1 });
    expect(summary.byKind.recording).toMatchObject({ archived: 0, deleted: 0, eligible: 0 });
    const trail = await world.audit.listFor(composition.sid);
    expect(trail.map((entry) => [entry.resource, entry.action, entry.archiveKey])).toEqual([
      ["composition", "archived", key],
      ["composition", "deleted", key],
    ]);
  });

  it("counts recordings and compositions apart and in total, working the oldest first whatever its kind", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    const oldest = await world.seedComposition({ dateCreated: daysAgo(300) });
    const middle = await world.seed({ dateCreated: daysAgo(200) });
    const newest = await world.seedComposition({ dateCreated: daysAgo(100) });
    await world.seed({ dateCreated: daysAgo(10) });
    // Act
    const summary = await world.run();
    // Assess
    const deletions = world.twilio.calls.filter((call) => call.method === "delete").map((call) => call.sid);
    expect(deletions).toEqual([oldest.sid, middle.sid, newest.sid]);
    expect(summary.byKind).toMatchObject({
      recording: { examined: 1, deleted: 1 },
      composition: { examined: 2, deleted: 2 },
    });
    expect(summary).toMatchObject({ examined: 3, deleted: 3 });
  });

  it("keeps compositions for COMPOSITION_RETENTION_DAYS when it is set, recordings for RETENTION_DAYS", async () => {
    // Prepare
    const world = aWorld({ archive: false, compositionRetentionDays: 7 });
    const composition = await world.seedComposition({ dateCreated: daysAgo(10) });
    const youngComposition = await world.seedComposition({ dateCreated: daysAgo(5) });
    const recording = await world.seed({ dateCreated: daysAgo(10) });
    // Act
    await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([composition.sid]);
    expect(world.indexedComposition(youngComposition.sid)?.status).toBe("completed");
    expect(world.indexed(recording.sid)?.status).toBe("completed");
  });

  it("never deletes a held room's composition, even when the hold comes during its copy", async () => {
    // Prepare
    const world = aWorld();
    const held = await world.seedComposition({ dateCreated: daysAgo(100) });
    const heldLate = await world.seedComposition({ dateCreated: daysAgo(100) });
    await world.holds.hold(held.roomSid ?? "");
    world.twilio.onOpenMedia = async (sid) => {
      if (sid === heldLate.sid) await world.holds.hold(heldLate.roomSid ?? "");
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(summary.byKind.composition).toMatchObject({ held: 2, deleted: 0, archived: 1 });
    const trail = await world.audit.listFor(heldLate.sid);
    expect(trail.map((entry) => entry.action)).toEqual(["archived", "skipped-held"]);
  });

  it("fails a composition whose download comes up short, and leaves it on Twilio", async () => {
    // Prepare
    const world = aWorld();
    const composition = await world.seedComposition({ dateCreated: daysAgo(100) });
    world.twilio.mediaBytes.set(composition.sid, 5_999);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(world.indexedComposition(composition.sid)?.archive).toBeNull();
    expect(summary.byKind.composition).toMatchObject({ failed: 1, deleted: 0, archived: 0 });
  });

  it("indexes and sweeps a composition only Twilio's list knows", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    const unknown = await world.seedComposition({ dateCreated: daysAgo(100) }, "no");
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([unknown.sid]);
    expect(world.indexedComposition(unknown.sid)?.status).toBe("deleted");
    expect(summary.byKind.composition).toMatchObject({ reconciled: 1, deleted: 1 });
  });

  it("asks Twilio about a composition the index still says is enqueued before deleting it", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    const stale = await world.seedComposition({ dateCreated: daysAgo(100) }, "as-enqueued");
    world.twilio.listCompositions = () => ({ async *[Symbol.asyncIterator]() {} });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.callsAbout("composition")).toEqual(["fetch", "delete"]);
    expect(world.indexedComposition(stale.sid)?.status).toBe("deleted");
    expect(summary.byKind.composition).toMatchObject({ reconciled: 1, deleted: 1 });
  });

  it("skips a composition Twilio is still making", async () => {
    // Prepare
    const world = aWorld();
    const composition = await world.seedComposition(
      { dateCreated: daysAgo(100), status: "processing", size: null },
      "as-enqueued",
    );
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.callsAbout("composition").filter((method) => method !== "list")).toEqual(["fetch"]);
    expect(world.indexedComposition(composition.sid)?.status).toBe("processing");
    expect(summary.byKind.composition).toMatchObject({ eligible: 1, skipped: 1, deleted: 0, failed: 0 });
  });

  it("deletes a failed composition without a copy: it has no media", async () => {
    // Prepare
    const world = aWorld();
    const composition = await world.seedComposition({ dateCreated: daysAgo(100), status: "failed", size: 0 });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([composition.sid]);
    expect(summary.byKind.composition).toMatchObject({ archived: 0, deleted: 1 });
  });

  it("plans compositions on a dry run and writes nothing", async () => {
    // Prepare
    const world = aWorld();
    const indexed = await world.seedComposition({ dateCreated: daysAgo(100) });
    const unknown = await world.seedComposition({ dateCreated: daysAgo(120) }, "no");
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(summary.plan?.map((planned) => [planned.resource, planned.sid, planned.action])).toEqual([
      ["composition", unknown.sid, "reconcile"],
      ["composition", indexed.sid, "archive-and-delete"],
      ["composition", unknown.sid, "archive-and-delete"],
    ]);
    expect(summary.byKind.composition).toMatchObject({ archived: 2, deleted: 2, archivedBytes: 12_000 });
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(world.indexedComposition(unknown.sid)).toBeUndefined();
    expect(world.archive.objects.size).toBe(0);
  });

  it("exports completed compositions and deletes nothing", async () => {
    // Prepare
    const world = aWorld();
    const completed = await world.seedComposition({ dateCreated: daysAgo(1) });
    const failed = await world.seedComposition({ dateCreated: daysAgo(1), status: "failed", size: 0 });
    // Act
    const summary = await world.run({ mode: "export" });
    // Assess
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(world.indexedComposition(completed.sid)?.archive?.size).toBe(6_000);
    expect(world.indexedComposition(failed.sid)?.archive).toBeNull();
    expect(summary.byKind.composition).toMatchObject({ archived: 1, deleted: 0 });
  });

  it("removes a composition's copy past archive retention, but not a held room's", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 30 });
    const swept = await world.seedComposition({ dateCreated: daysAgo(100) });
    const held = await world.seedComposition({ dateCreated: daysAgo(100) });
    await world.holds.hold(held.roomSid ?? "");
    await world.run({ mode: "export" });
    world.clock.advance(31 * 86_400_000);
    // Act
    const summary = await world.run({ runId: "run-2" });
    // Assess
    expect(world.indexedComposition(swept.sid)).toMatchObject({ status: "deleted", archive: null });
    expect(world.indexedComposition(held.sid)?.archive).not.toBeNull();
    expect(world.archive.objects.size).toBe(1);
    expect(summary.byKind.composition).toMatchObject({ archiveExpired: 1 });
  });
});
