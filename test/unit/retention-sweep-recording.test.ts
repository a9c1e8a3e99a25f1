import { StoreUnavailableError } from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { aWorld, daysAgo, NOW, type World } from "../fakes/retention-fakes";

/** Runs `change` on the archive and the index right after the copy is uploaded, before it is recorded. */
const afterUpload = (world: World, change: (key: string) => void): void => {
  const upload = world.archive.upload.bind(world.archive);
  world.archive.upload = async (key, body, options) => {
    const result = await upload(key, body, options);
    change(key);
    return result;
  };
};

describe("runSweep's deletion", () => {
  it("does not delete when the copy in the archive is cut short by the moment of deletion", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    afterUpload(world, (key) =>
      world.archive.objects.set(key, { bytes: new Uint8Array(10), contentType: "audio/webm" }),
    );
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(world.indexed(recording.sid)?.status).toBe("completed");
    expect(summary).toMatchObject({ archived: 1, failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.action, entry.step, entry.detail])).toEqual([
      ["archived", "archive", "4000 bytes"],
      ["failed", "delete", "archive copy weighs 10 bytes"],
    ]);
  });

  it("does not delete when the index learns of more media than the copy holds", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    afterUpload(world, () => {
      const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
      stored.state.size = 5_000;
    });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(world.indexed(recording.sid)).toMatchObject({ status: "completed", archive: { size: 4_000 } });
    expect(summary).toMatchObject({ archived: 1, failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.action, entry.detail])).toEqual([
      ["archived", "4000 bytes"],
      ["failed", "archive copy weighs 4000 bytes"],
    ]);
  });

  it("does not delete when the recorded copy is forgotten by the moment of deletion", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const put = world.store.put.bind(world.store);
    world.store.put = async (state, version) => {
      const written = await put(state, version);
      const stored = world.store.recordings.get(state.sid);
      if (stored && state.archive !== null) stored.state.archive = null;
      return written;
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(summary).toMatchObject({ failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual(["4000 bytes", "no archive copy recorded"]);
  });

  it("says the copy is missing when it is gone from the archive by the moment of deletion", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    afterUpload(world, (key) => world.archive.objects.delete(key));
    // Act
    await world.run();
    // Assess
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual(["4000 bytes", "archive copy is missing"]);
  });

  it("does not delete a recording the index marks deleted while it is being copied", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.onOpenMedia = async (sid) => {
      const stored = world.store.recordings.get(sid) ?? expect.fail("not indexed");
      stored.state.status = "deleted";
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(summary).toMatchObject({ skipped: 1, deleted: 0 });
    expect(world.indexed(recording.sid)?.status).toBe("deleted");
  });

  it("skips, without copying, a recording found younger when its turn comes", async () => {
    // Prepare
    const world = aWorld({}, {});
    world.deps.limits = { concurrency: 1 };
    const first = await world.seed({ dateCreated: daysAgo(120) });
    const second = await world.seed({ dateCreated: daysAgo(110) });
    world.twilio.onDelete = () => {
      const stored = world.store.recordings.get(second.sid) ?? expect.fail("not indexed");
      stored.state.dateCreated = daysAgo(10);
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.sid === second.sid)).toEqual([]);
    expect(world.twilio.deletedSids()).toEqual([first.sid]);
    expect(summary).toMatchObject({ deleted: 1, skipped: 1 });
  });

  it("skips a recording deleted meanwhile even when its room is then put on hold", async () => {
    // Prepare
    const world = aWorld();
    world.deps.limits = { concurrency: 1 };
    await world.seed({ dateCreated: daysAgo(120) });
    const second = await world.seed({ dateCreated: daysAgo(110) });
    world.twilio.onDelete = () => {
      const stored = world.store.recordings.get(second.sid) ?? expect.fail("not indexed");
      stored.state.status = "deleted";
      void world.holds.hold(second.roomSid ?? "");
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ deleted: 1, skipped: 1, held: 0 });
    expect(await world.audit.listFor(second.sid)).toEqual([]);
  });

  it("works an indexed, completed recording without asking Twilio about it", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    // Act
    await world.run();
    // Assess
    expect(world.twilio.callsAbout("recording")).toEqual(["list", "open", "delete"]);
  });

  it("exports an indexed, completed recording without asking Twilio about it", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    // Act
    await world.run({ mode: "export" });
    // Assess
    expect(world.twilio.callsAbout("recording")).toEqual(["list", "open"]);
  });

  it("skips a recording Twilio still says is processing", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), status: "processing", size: null });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method !== "list").map((call) => call.method)).toEqual([
      "fetch",
    ]);
    expect(world.indexed(recording.sid)?.status).toBe("processing");
    expect(summary).toMatchObject({ eligible: 1, skipped: 1, deleted: 0, failed: 0 });
  });

  it("writes nothing to the index when Twilio still says processing", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), status: "processing", size: null });
    const before = world.indexed(recording.sid);
    world.clock.advance(60_000);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(recording.sid)).toEqual(before);
    expect(summary).toMatchObject({ reconciled: 0, skipped: 1 });
  });

  it("skips a recording Twilio still says is processing even when its room is put on hold meanwhile", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), status: "processing", size: null });
    const fetchRecording = world.twilio.fetchRecording.bind(world.twilio);
    world.twilio.fetchRecording = async (sid, options) => {
      await world.holds.hold(recording.roomSid ?? expect.fail("no room"));
      return fetchRecording(sid, options);
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ skipped: 1, held: 0 });
    expect(await world.audit.listFor(recording.sid)).toEqual([]);
  });

  it("skips, without copying, a recording an export finds archived when its turn comes", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    const get = world.store.get.bind(world.store);
    let reads = 0;
    world.store.get = async (sid) => {
      // The first read is the plan's reconciliation; the second opens the recording's turn.
      const stored = world.store.recordings.get(sid) ?? expect.fail("not indexed");
      if (++reads === 2)
        stored.state.archive = { bucket: "b", key: "k", size: 4_000, archivedAt: daysAgo(0) };
      return get(sid);
    };
    // Act
    const summary = await world.run({ mode: "export" });
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "open")).toEqual([]);
    expect(summary).toMatchObject({ eligible: 1, skipped: 1, archived: 0, failed: 0 });
  });

  it("skips, without copying, a recording an export finds still processing at Twilio", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100), status: "processing", size: null });
    // Act
    const summary = await world.run({ mode: "export" });
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "open")).toEqual([]);
    expect(summary).toMatchObject({ eligible: 1, skipped: 1, archived: 0, failed: 0 });
  });

  it("gives every Twilio call the run's deadline", async () => {
    // Prepare
    const world = aWorld();
    const deadline = NOW.getTime() + 60_000;
    await world.seed({ dateCreated: daysAgo(100) });
    await world.seed({ dateCreated: daysAgo(100), status: "processing", size: null });
    // Act
    await world.run({ deadline });
    // Assess
    const methods = new Set(world.twilio.calls.map((call) => call.method));
    expect([...methods].sort()).toEqual(["delete", "fetch", "list", "open"]);
    expect(world.twilio.calls.filter((call) => call.deadline !== deadline)).toEqual([]);
  });

  it.each([
    { case: "a deletion", status: "completed" as const, size: 4_000, detail: null },
    { case: "a recording without media", status: "completed" as const, size: 0, detail: "no media" },
  ])("audits $case with its detail", async ({ status, size, detail }) => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), status, size });
    // Act
    await world.run();
    // Assess
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.at(-1)).toMatchObject({ action: "deleted", step: "delete", detail });
  });

  it("audits a recording Twilio had deleted already as gone, and indexes it deleted", async () => {
    // Prepare
    const world = aWorld({ archive: false });
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.listRecordings = () => ({ async *[Symbol.asyncIterator]() {} });
    (world.twilio.recordings.get(recording.sid) ?? expect.fail("not at Twilio")).status = "deleted";
    // Act
    const summary = await world.run();
    // Assess
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.action, entry.detail])).toEqual([
      ["deleted", "already gone from Twilio"],
    ]);
    expect(world.indexed(recording.sid)?.status).toBe("deleted");
    expect(summary.deleted).toBe(1);
  });

  it("counts a recording cut off by Twilio going away as remaining, and stops", async () => {
    // Prepare
    const world = aWorld();
    world.deps.limits = { concurrency: 1 };
    const first = await world.seed({ dateCreated: daysAgo(120) });
    await world.seed({ dateCreated: daysAgo(110) });
    world.twilio.failOpen.set(first.sid, { kind: "unavailable", status: 503, message: "503" });
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ twilio: "unavailable", remaining: 2, failed: 0, deleted: 0 });
    expect(await world.audit.listFor(first.sid)).toEqual([]);
  });

  it.each([{ kind: "account-unavailable" as const }, { kind: "unauthorized" as const }])(
    "stops calling Twilio when it answers $kind",
    async ({ kind }) => {
      // Prepare
      const world = aWorld();
      world.deps.limits = { concurrency: 1 };
      const first = await world.seed({ dateCreated: daysAgo(120) });
      await world.seed({ dateCreated: daysAgo(110) });
      world.twilio.failOpen.set(first.sid, { kind, status: 401, code: 20003, message: kind });
      // Act
      const summary = await world.run();
      // Assess
      expect(summary).toMatchObject({ twilio: "unavailable", remaining: 2, failed: 0 });
      expect(world.twilio.calls.filter((call) => call.method === "open")).toHaveLength(1);
    },
  );

  it("counts a recording whose Twilio call ran past the deadline as remaining, Twilio still available", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const openMedia = world.twilio.openMedia.bind(world.twilio);
    world.twilio.openMedia = async (sid, options) => {
      world.clock.advance(120_000);
      return sid === recording.sid
        ? { ok: false as const, error: { kind: "unavailable" as const, status: 504, message: "timed out" } }
        : openMedia(sid, options);
    };
    // Act
    const summary = await world.run({ deadline: NOW.getTime() + 60_000 });
    // Assess
    expect(summary).toMatchObject({ twilio: "available", remaining: 1, failed: 0 });
  });

  it("fails, not interrupts, a recording whose media link is rate-limited past the deadline", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.failOpen.set(recording.sid, { kind: "rate-limited", retryAfterMs: 0, message: "20429" });
    world.twilio.onOpenMedia = async () => {};
    const openMedia = world.twilio.openMedia.bind(world.twilio);
    world.twilio.openMedia = async (sid, options) => {
      world.clock.advance(120_000);
      return openMedia(sid, options);
    };
    // Act
    const summary = await world.run({ deadline: NOW.getTime() + 60_000 });
    // Assess
    expect(summary).toMatchObject({ twilio: "available", failed: 1, remaining: 0 });
  });

  it.each([
    { mode: "sweep" as const, step: "archive" },
    { mode: "export" as const, step: "archive" },
  ])(
    "audits a failure of the store during the copy in a $mode as the archive step's",
    async ({ mode, step }) => {
      // Prepare
      const world = aWorld();
      const recording = await world.seed({ dateCreated: daysAgo(100) });
      world.archive.upload = async () => {
        throw new StoreUnavailableError("put");
      };
      // Act
      const summary = await world.run({ mode });
      // Assess
      expect(summary).toMatchObject({ failed: 1, deleted: 0 });
      const trail = await world.audit.listFor(recording.sid);
      expect(trail.map((entry) => [entry.action, entry.step, entry.detail])).toEqual([
        ["failed", step, "StoreUnavailableError: store.put failed"],
      ]);
    },
  );

  it.each([
    { mode: "sweep" as const, step: "delete" },
    { mode: "export" as const, step: "archive" },
  ])("audits a failure before any step of a $mode as the $step step's", async ({ mode, step }) => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const get = world.store.get.bind(world.store);
    let reads = 0;
    world.store.get = async (sid) => {
      // The first read is the plan's reconciliation; the second opens the recording's turn.
      if (sid === recording.sid && ++reads === 2) throw new Error("timeout");
      return get(sid);
    };
    // Act
    const summary = await world.run({ mode });
    // Assess
    expect(summary.failed).toBe(1);
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.step, entry.detail, entry.roomSid])).toEqual([
      [step, "Error: timeout", null],
    ]);
  });

  it("audits a failure that is not an Error as an unexpected one", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.archive.upload = () => Promise.reject("bucket refuses");
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.step, entry.detail])).toEqual([["archive", "unexpected failure"]]);
  });

  it("audits a vanished recording when the index forgets it during the copy", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    afterUpload(world, () => world.store.recordings.delete(recording.sid));
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(summary).toMatchObject({ failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual([
      "4000 bytes",
      `VanishedFromIndexError: recording ${recording.sid} is no longer indexed`,
    ]);
  });
});
