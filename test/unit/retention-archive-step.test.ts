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
});
