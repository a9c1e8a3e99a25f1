import {
  mergeReport,
  publishLifecycleEvents,
  type RecordingReport,
  type RecordingState,
  type StreamedChange,
} from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { InMemoryEventBus, InMemoryHoldStore } from "../fakes/in-memory-stores";
import { aRecordingLifecycle, aSid } from "../fixtures/callbacks";
import { recordingReportOf } from "../fixtures/reports";

/** A recording of `roomSid` becoming completed, as the stream record `id` tells it. */
const completion = (id: string, roomSid = aSid("RM")): StreamedChange & { after: RecordingState } => {
  const [started, completed] = aRecordingLifecycle(aSid("RT"), roomSid).map(recordingReportOf) as [
    RecordingReport,
    RecordingReport,
  ];
  const before = mergeReport(undefined, started);
  const after = mergeReport(before, completed);
  return { id, change: { kind: "recording", before, after }, after };
};

const world = () => {
  const holds = new InMemoryHoldStore();
  const bus = new InMemoryEventBus();
  let reads = 0;
  const counted = {
    isHeld: (roomSid: string) => {
      reads++;
      return holds.isHeld(roomSid);
    },
  };
  return { holds, bus, deps: { holds: counted, bus }, reads: () => reads };
};

describe("publishLifecycleEvents", () => {
  it("publishes each change's events, held as the room's hold stands, and leaves other items alone", async () => {
    // Prepare
    const { holds, bus, deps } = world();
    const held = completion("1");
    const free = completion("2");
    await holds.hold(held.after.roomSid ?? "");
    // Act
    const unpublished = await publishLifecycleEvents(deps, [held, { id: "3", change: null }, free]);
    // Assess
    expect(unpublished).toEqual([]);
    expect(bus.published.map(({ name, detail }) => [name, detail.sid, detail.held])).toEqual([
      ["recording.completed", held.after.sid, true],
      ["recording.completed", free.after.sid, false],
    ]);
  });

  it("answers only the changes whose events the bus refused, to be delivered again", async () => {
    // Prepare
    const { bus, deps } = world();
    const changes = [completion("1"), completion("2"), completion("3")];
    bus.refuses = (event) => event.detail.sid === changes[1]?.after.sid;
    // Act
    const unpublished = await publishLifecycleEvents(deps, changes);
    // Assess
    expect(unpublished).toEqual(["2"]);
    expect(bus.published.map(({ detail }) => detail.sid)).toEqual([
      changes[0]?.after.sid,
      changes[2]?.after.sid,
    ]);
  });

  it("answers a change whose room's hold cannot be read, and publishes the rest", async () => {
    // Prepare
    const { bus } = world();
    const unreadable = completion("1");
    const readable = completion("2");
    const holds = {
      isHeld: async (roomSid: string) => {
        if (roomSid === unreadable.after.roomSid) throw new Error("store unavailable");
        return false;
      },
    };
    // Act
    const unpublished = await publishLifecycleEvents({ holds, bus }, [unreadable, readable]);
    // Assess
    expect(unpublished).toEqual(["1"]);
    expect(bus.published.map(({ detail }) => detail.sid)).toEqual([readable.after.sid]);
  });

  it("reads a room's hold once for a batch, and none for changes that mean no event", async () => {
    // Prepare
    const { deps, reads } = world();
    const roomSid = aSid("RM");
    const first = completion("1", roomSid);
    const elsewhere = completion("3").after;
    const replay: StreamedChange = {
      id: "3",
      change: { kind: "recording", before: elsewhere, after: elsewhere },
    };
    // Act
    await publishLifecycleEvents(deps, [first, completion("2", roomSid), replay]);
    // Assess
    expect(reads()).toBe(1);
  });

  it("tells a resource of no known room unheld, without reading a hold", async () => {
    // Prepare
    const { bus, deps, reads } = world();
    const roomless = completion("1");
    const change: StreamedChange = {
      id: "1",
      change: { kind: "recording", before: null, after: { ...roomless.after, roomSid: null } },
    };
    // Act
    await publishLifecycleEvents(deps, [change]);
    // Assess
    expect(bus.published.map(({ detail }) => detail.held)).toEqual([false]);
    expect(reads()).toBe(0);
  });
});
