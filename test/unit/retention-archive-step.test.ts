import { describe, expect, it } from "vitest";
import { aWorld, daysAgo, type World } from "../fakes/retention-fakes";

/** Indexes a copy of `size` bytes as made a day ago, with an object of `bytes` bytes behind it. */
const recordCopy = (world: World, sid: string, size: number, bytes: number): string => {
  const stored = world.store.recordings.get(sid) ?? expect.fail("not indexed");
  const key = `recordings/${stored.state.roomSid}/${sid}.mka`;
  stored.state.archive = { bucket: world.archive.bucket, key, size, archivedAt: daysAgo(1) };
  world.archive.objects.set(key, { bytes: new Uint8Array(bytes), contentType: "audio/webm" });
  return key;
};

/** What the archive holds for the recording at the moment Twilio receives its DELETE. */
const bytesAtDeletion = (world: World): (number | undefined)[] => {
  const seen: (number | undefined)[] = [];
  world.twilio.onDelete = (sid) => {
    const copy = world.indexed(sid)?.archive;
    seen.push(copy ? world.archive.objects.get(copy.key)?.bytes.byteLength : undefined);
  };
  return seen;
};

describe("runSweep's archive step", () => {
  it("keeps a recorded copy that is in the archive at the media's size, copying nothing", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    const key = recordCopy(world, recording.sid, 4_000, 4_000);
    const seen = bytesAtDeletion(world);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "open")).toEqual([]);
    expect(seen).toEqual([4_000]);
    expect(world.indexed(recording.sid)?.archive?.key).toBe(key);
    expect(summary).toMatchObject({ archived: 0, deleted: 1, failed: 0 });
  });

  it("copies again when the object in the archive is shorter than the recorded copy", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    const key = recordCopy(world, recording.sid, 4_000, 10);
    const seen = bytesAtDeletion(world);
    // Act
    const summary = await world.run();
    // Assess
    expect(seen).toEqual([4_000]);
    expect(world.archive.objects.get(key)?.bytes.byteLength).toBe(4_000);
    expect(world.indexed(recording.sid)?.archive).toMatchObject({ key, size: 4_000 });
    expect(summary).toMatchObject({ archived: 1, archivedBytes: 4_000, deleted: 1, failed: 0 });
  });

  it("copies again when the recorded copy is shorter than the media", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    const key = recordCopy(world, recording.sid, 10, 10);
    const seen = bytesAtDeletion(world);
    // Act
    const summary = await world.run();
    // Assess
    expect(seen).toEqual([4_000]);
    expect(world.indexed(recording.sid)?.archive).toMatchObject({ key, size: 4_000 });
    expect(summary).toMatchObject({ archived: 1, deleted: 1, failed: 0 });
  });

  it("fails the recording, naming both sizes, when the download is shorter than Twilio said", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    world.twilio.mediaBytes.set(recording.sid, 10);
    // Act
    await world.run();
    // Assess
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual([
      "size-mismatch: Twilio said 4000 bytes, the copy had 10",
    ]);
  });

  it("fails the recording when the download breaks off, saying why", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    world.twilio.openMedia = breakingDownload(new Error("connection reset"));
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(summary).toMatchObject({ failed: 1, deleted: 0, archived: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual(["source-failed: connection reset"]);
  });

  it("fails the recording, saying the download broke off, when it breaks off without an error", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    world.twilio.openMedia = breakingDownload("reset");
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ failed: 1, deleted: 0, archived: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual(["source-failed: media download broke off"]);
  });

  it("cancels the download when the archive refuses the upload before reading it", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    world.archive.upload = async () => {
      throw new Error("bucket refuses");
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.cancelledMedia).toEqual([recording.sid]);
    expect(summary).toMatchObject({ failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => [entry.step, entry.detail])).toEqual([["archive", "Error: bucket refuses"]]);
  });

  it("leaves a download read to the end alone", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100), size: 4_000 });
    // Act
    await world.run();
    // Assess
    expect(world.twilio.cancelledMedia).toEqual([]);
  });

  it("fails the recording, naming Twilio's answer, when Twilio refuses the media link", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.failOpen.set(recording.sid, { kind: "rate-limited", retryAfterMs: 0, message: "20429" });
    // Act
    const summary = await world.run();
    // Assess
    expect(summary).toMatchObject({ failed: 1, twilio: "available" });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual(["rate-limited: 20429"]);
  });

  it("fails the recording while Twilio has no media for a completed recording", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.failOpen.set(recording.sid, { kind: "not-found", message: "20404" });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(summary).toMatchObject({ failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual(["media not available (yet)"]);
  });

  it("indexes the recording as deleted when Twilio deleted it while it waited its turn", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    const atTwilio = world.twilio.recordings.get(recording.sid) ?? expect.fail("not at Twilio");
    world.twilio.listRecordings = () => ({ async *[Symbol.asyncIterator]() {} });
    atTwilio.status = "deleted";
    // Act
    const summary = await world.run();
    // Assess
    expect(world.indexed(recording.sid)?.status).toBe("deleted");
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(summary).toMatchObject({ failed: 0, skipped: 1, deleted: 0, reconciled: 1 });
  });

  it("fails the recording when neither the index nor Twilio knows its size", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: null });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "open" || call.method === "delete")).toEqual(
      [],
    );
    expect(summary).toMatchObject({ failed: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.detail)).toEqual(["size unknown: a copy could not be verified"]);
  });

  it("asks Twilio for the size before copying a recording indexed without one", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100), size: null });
    world.twilio.recordings.set(recording.sid, { ...recording, size: 4_000 });
    world.twilio.listRecordings = () => ({ async *[Symbol.asyncIterator]() {} });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.callsAbout("recording")).toEqual(["fetch", "open", "delete"]);
    expect(world.indexed(recording.sid)?.archive?.size).toBe(4_000);
    expect(summary).toMatchObject({ reconciled: 1, archived: 1, deleted: 1 });
  });

  it("queues the rendition of each recording it archives with PLAYABLE=on-archive, and none of a composition", async () => {
    // Prepare
    const world = aWorld({ playable: "on-archive" });
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    await world.seedComposition({ dateCreated: daysAgo(100) });
    // Act
    const summary = await world.run();
    // Assess
    expect(world.jobs.jobs).toEqual([{ kind: "rendition", recordingSid: recording.sid }]);
    expect(summary).toMatchObject({ archived: 2, deleted: 2 });
  });

  it("queues no rendition with PLAYABLE=off", async () => {
    // Prepare
    const world = aWorld({ playable: "off" });
    await world.seed({ dateCreated: daysAgo(100) });
    // Act
    await world.run({ mode: "export" });
    // Assess
    expect(world.jobs.jobs).toEqual([]);
  });

  it("deletes an archived recording even when its rendition cannot be queued", async () => {
    // Prepare
    const world = aWorld({ playable: "on-archive" });
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.jobs.failing = true;
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([recording.sid]);
    expect(summary).toMatchObject({ archived: 1, deleted: 1, failed: 0 });
  });
});

/** Twilio's media download of 4,000 bytes that breaks off at its first read with `reason`. */
const breakingDownload = (reason: unknown) => async () => ({
  ok: true as const,
  value: {
    body: new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(reason);
      },
    }),
    size: 4_000,
    contentType: "audio/webm",
  },
});
