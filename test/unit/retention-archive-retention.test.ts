import { describe, expect, it } from "vitest";
import { aWorld, daysAgo, type World } from "../fakes/retention-fakes";

/** A recording deleted from Twilio long ago whose copy was archived at `archivedAt`. */
const anArchivedRecording = async (world: World, archivedAt: string) => {
  const recording = await world.seed({ dateCreated: daysAgo(800), status: "deleted" });
  const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
  const key = `recordings/${recording.roomSid}/${recording.sid}.mka`;
  stored.state.archive = { bucket: world.archive.bucket, key, size: 3, archivedAt };
  world.archive.objects.set(key, { bytes: new Uint8Array(3), contentType: "audio/webm" });
  return { recording, key };
};

describe("runSweep's archive retention", () => {
  it("removes a copy past archive retention, auditing when it was made", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { recording, key } = await anArchivedRecording(world, daysAgo(400));
    const progress: [string, number, number | null][] = [];
    // Act
    const summary = await world.run({ onProgress: (p) => progress.push([p.phase, p.done, p.total]) });
    // Assess
    expect(world.archive.objects.has(key)).toBe(false);
    expect(world.indexed(recording.sid)?.archive).toBeNull();
    expect(summary.archiveExpired).toBe(1);
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.action, entry.step, entry.detail, entry.archiveKey])).toEqual([
      ["archive-expired", "archive-expiry", `archived ${daysAgo(400)}`, key],
    ]);
    expect(progress.filter(([phase]) => phase === "archive-retention")).toEqual([
      ["archive-retention", 1, 1],
    ]);
  });

  it("removes the rendition made from a copy with the copy, and forgets both", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { recording, key } = await anArchivedRecording(world, daysAgo(400));
    const rendition = key.replace(/\.mka$/, ".playable.webm");
    world.archive.objects.set(rendition, { bytes: new Uint8Array(5), contentType: "audio/webm" });
    const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
    stored.state.playable = { key: rendition, size: 5, contentType: "audio/webm", createdAt: daysAgo(399) };
    // Act
    await world.run();
    // Assess
    expect(world.archive.objects.size).toBe(0);
    expect(world.indexed(recording.sid)).toMatchObject({ archive: null, playable: null });
  });

  it("removes the file of the participant whose track it was, and forgets it so it is made again", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { recording } = await anArchivedRecording(world, daysAgo(400));
    const { roomSid, participantSid } = recording;
    if (roomSid === null || participantSid === null) return expect.fail("the fixture names its participant");
    const file = `recordings/${roomSid}/${participantSid}.playable.webm`;
    world.archive.objects.set(file, { bytes: new Uint8Array(7), contentType: "video/webm" });
    const playable = { key: file, size: 7, contentType: "video/webm", createdAt: daysAgo(399) };
    await world.participantFiles.put(
      { roomSid, participantSid, sources: [recording.sid], playable, unplayable: null, queuedAt: null },
      undefined,
    );
    // Act
    await world.run();
    // Assess
    expect(world.archive.objects.size).toBe(0);
    expect((await world.participantFiles.get(participantSid))?.state).toEqual({
      roomSid,
      participantSid,
      sources: [],
      playable: null,
      unplayable: null,
      queuedAt: null,
    });
  });

  it("keeps a copy made exactly at the archive cutoff", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { key } = await anArchivedRecording(world, daysAgo(365));
    // Act
    const summary = await world.run();
    // Assess
    expect(world.archive.objects.has(key)).toBe(true);
    expect(summary.archiveExpired).toBe(0);
  });

  it("leaves every copy alone on an export", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { key } = await anArchivedRecording(world, daysAgo(400));
    // Act
    const summary = await world.run({ mode: "export" });
    // Assess
    expect(world.archive.objects.has(key)).toBe(true);
    expect(summary.archiveExpired).toBe(0);
  });

  it("plans, on a dry run, the removal of an old copy and the skip of a held one", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const due = await anArchivedRecording(world, daysAgo(400));
    const held = await anArchivedRecording(world, daysAgo(500));
    await world.holds.hold(held.recording.roomSid ?? "");
    // Act
    const summary = await world.run({ dryRun: true });
    // Assess
    expect(world.archive.objects.size).toBe(2);
    expect(summary.plan?.map((planned) => [planned.sid, planned.action, planned.detail])).toEqual(
      expect.arrayContaining([
        [due.recording.sid, "expire-archive", `archived ${daysAgo(400)}`],
        [held.recording.sid, "skip-held", `archived ${daysAgo(500)}`],
      ]),
    );
    expect(summary).toMatchObject({ archiveExpired: 1, held: 1 });
  });

  it("counts and audits a copy the archive fails to remove, and keeps it indexed", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { recording, key } = await anArchivedRecording(world, daysAgo(400));
    world.archive.remove = async () => {
      throw new Error("access denied");
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(recording.sid)?.archive?.key).toBe(key);
    expect(summary).toMatchObject({ archiveExpired: 0, failed: 1 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.action, entry.detail])).toEqual([
      ["archive-expired", `archived ${daysAgo(400)}`],
      ["failed", "Error: access denied"],
    ]);
  });

  it("audits a removal that fails without an error as an unexpected failure", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { recording } = await anArchivedRecording(world, daysAgo(400));
    world.archive.remove = () => Promise.reject("access denied");
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ archiveExpired: 0, failed: 1 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.action, entry.detail])).toEqual([
      ["archive-expired", `archived ${daysAgo(400)}`],
      ["failed", "unexpected failure"],
    ]);
  });

  it("forgets the removed copy even when another write came between", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { recording } = await anArchivedRecording(world, daysAgo(400));
    const put = world.store.put.bind(world.store);
    let conflicts = 1;
    world.store.put = async (state, version) => (conflicts-- > 0 ? "conflict" : put(state, version));
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(recording.sid)?.archive).toBeNull();
    expect(summary.archiveExpired).toBe(1);
  });

  it("keeps a different copy recorded since the expired one was listed", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { recording } = await anArchivedRecording(world, daysAgo(400));
    const fresh = {
      bucket: world.archive.bucket,
      key: "recordings/fresh.mka",
      size: 3,
      archivedAt: daysAgo(0),
    };
    const remove = world.archive.remove.bind(world.archive);
    world.archive.remove = async (key) => {
      await remove(key);
      const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
      stored.state.archive = fresh;
    };
    // Act
    await world.run();
    // Assess
    expect(world.indexed(recording.sid)?.archive).toEqual(fresh);
  });

  it("gives up forgetting a copy after 50 refused writes, and counts the failure", async () => {
    // Prepare
    const world = aWorld({ archiveRetentionDays: 365 });
    const { recording } = await anArchivedRecording(world, daysAgo(400));
    let writes = 0;
    world.store.put = async () => {
      writes++;
      return "conflict";
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(writes).toBe(50);
    expect(summary).toMatchObject({ archiveExpired: 0, failed: 1 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.at(-1)?.detail).toBe(
      `WriteContentionError: ${recording.sid} changed under 50 consecutive writes`,
    );
  });
});

describe("runSweep's record of a copy", () => {
  it("records the copy even when another write came between", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const put = world.store.put.bind(world.store);
    let conflicts = 1;
    world.store.put = async (state, version) =>
      state.archive !== null && conflicts-- > 0 ? "conflict" : put(state, version);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([recording.sid]);
    expect(summary).toMatchObject({ archived: 1, deleted: 1, failed: 0 });
  });

  it("gives up recording a copy after 50 refused writes, deleting nothing", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const put = world.store.put.bind(world.store);
    let refused = 0;
    world.store.put = async (state, version) => {
      if (state.archive === null) return put(state, version);
      refused++;
      return "conflict";
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(refused).toBe(50);
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(summary).toMatchObject({ failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.at(-1)?.detail).toBe(
      `WriteContentionError: ${recording.sid} changed under 50 consecutive writes`,
    );
  });
});
