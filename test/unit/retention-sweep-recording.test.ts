import { describe, expect, it } from "vitest";
import { aWorld, daysAgo, type World } from "../fakes/retention-fakes";

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
    const trail = await world.audit.listByRecording(recording.sid);
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
    const trail = await world.audit.listByRecording(recording.sid);
    expect(trail.map((entry) => [entry.action, entry.detail])).toEqual([
      ["archived", "4000 bytes"],
      ["failed", "archive copy weighs 4000 bytes"],
    ]);
  });
});
