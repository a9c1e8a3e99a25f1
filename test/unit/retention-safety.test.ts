import { describe, expect, it } from "vitest";
import { aWorld, daysAgo } from "../fakes/retention-fakes";

describe("runSweep never deletes what it must not", () => {
  it("leaves a recording alone when its room is put on hold after planning", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.onOpenMedia = () => world.holds.hold(recording.roomSid ?? "");
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(summary).toMatchObject({ held: 1, deleted: 0 });
    const trail = await world.audit.listFor(recording.sid);
    expect(trail.map((entry) => entry.action)).toEqual(["archived", "skipped-held"]);
    expect(trail[1]).toEqual({
      resource: "recording",
      sid: recording.sid,
      roomSid: recording.roomSid,
      runId: "run-1",
      policy: world.deps.policy,
      action: "skipped-held",
      step: "delete",
      detail: "room on hold",
      archiveKey: null,
      at: "2026-06-01T12:00:00.000000Z",
    });
  });

  it("makes no copy when the room is put on hold between planning and the recording's turn", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    const isHeld = world.holds.isHeld.bind(world.holds);
    let asked = 0;
    world.holds.isHeld = async (roomSid) => ++asked > 1 || isHeld(roomSid);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "open" || call.method === "delete")).toEqual(
      [],
    );
    expect(world.archive.objects.size).toBe(0);
    expect(summary.held).toBe(1);
  });

  it("does not delete when a fresh read finds the recording younger than planned", async () => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    world.twilio.onOpenMedia = async (sid) => {
      const stored = world.store.recordings.get(sid) ?? expect.fail("not indexed");
      stored.state.dateCreated = daysAgo(10);
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).not.toContain(recording.sid);
    expect(summary).toMatchObject({ deleted: 0, skipped: 1 });
  });

  it("never deletes when the copy is gone from the archive by the moment of deletion", async () => {
    // Prepare
    const world = aWorld();
    await world.seed({ dateCreated: daysAgo(100) });
    const upload = world.archive.upload.bind(world.archive);
    world.archive.upload = async (key, body, options) => {
      const result = await upload(key, body, options);
      world.archive.objects.delete(key);
      return result;
    };
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.deletedSids()).toEqual([]);
    expect(summary).toMatchObject({ archived: 1, failed: 1, deleted: 0 });
  });

  it.each([
    {
      case: "a truncated download",
      break: (w: ReturnType<typeof aWorld>, sid: string) => w.twilio.mediaBytes.set(sid, 10),
    },
    {
      case: "a media link Twilio refuses",
      break: (w: ReturnType<typeof aWorld>, sid: string) =>
        w.twilio.failOpen.set(sid, { kind: "rate-limited", retryAfterMs: 0, message: "20429" }),
    },
  ])("never deletes when archiving fails: $case", async ({ break: breakMedia }) => {
    // Prepare
    const world = aWorld();
    const recording = await world.seed({ dateCreated: daysAgo(100) });
    breakMedia(world, recording.sid);
    // Act
    const summary = await world.run();
    // Assess
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
    expect(world.indexed(recording.sid)?.archive).toBeNull();
    expect(world.archive.objects.size).toBe(0);
    expect(summary).toMatchObject({ failed: 1, deleted: 0 });
    expect((await world.audit.listFor(recording.sid)).map((e) => [e.action, e.step])).toEqual([
      ["failed", "archive"],
    ]);
  });
});
