import type { PutEventsCommand, PutEventsResultEntry } from "@aws-sdk/client-eventbridge";
import type { LifecycleEvent, RecordingDetail } from "@video-recordings/core";
import { eventBridgeBus, PUT_EVENTS_LIMIT } from "@video-recordings/core/eventbridge";
import { describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";

const BUS = "video-recordings-dev-EventsBus";

const anEvent = (): LifecycleEvent => ({
  name: "recording.completed",
  detail: { sid: aSid("RT"), status: "completed", held: false } as RecordingDetail,
});

/**
 * EventBridge's side of PutEvents, without AWS: keeps each call's entries and answers each entry
 * as `answer` says (an event id, an error code), or fails the whole call when `answer` throws.
 */
const eventBridge = (
  answer: (entry: number, call: number) => PutEventsResultEntry = () => ({ EventId: "e" }),
) => {
  const calls: NonNullable<PutEventsCommand["input"]["Entries"]>[] = [];
  return {
    calls,
    client: {
      send: async (command: PutEventsCommand) => {
        const entries = command.input.Entries ?? [];
        calls.push(entries);
        const results = entries.map((_, index) => answer(index, calls.length - 1));
        return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
      },
    } as never,
  };
};

describe("eventBridgeBus", () => {
  it("puts events on the bus in calls of ten, each with its source, detail-type and JSON detail", async () => {
    // Prepare
    const { calls, client } = eventBridge();
    const events = Array.from({ length: 23 }, anEvent);
    // Act
    const refused = await eventBridgeBus(BUS, client).publish(events);
    // Assess
    expect(refused).toEqual([]);
    expect(calls.map((entries) => entries.length)).toEqual([PUT_EVENTS_LIMIT, PUT_EVENTS_LIMIT, 3]);
    expect(calls.flat()).toEqual(
      events.map((event) => ({
        EventBusName: BUS,
        Source: "video-recordings",
        DetailType: "recording.completed",
        Detail: JSON.stringify(event.detail),
      })),
    );
  });

  it("answers the entries EventBridge refused, and only those", async () => {
    // Prepare
    const { client } = eventBridge((entry, call) =>
      (call === 0 && entry === 4) || (call === 1 && entry === 1)
        ? { ErrorCode: "InternalFailure", ErrorMessage: "try again" }
        : { EventId: "e" },
    );
    const events = Array.from({ length: 12 }, anEvent);
    // Act
    const refused = await eventBridgeBus(BUS, client).publish(events);
    // Assess
    expect(refused).toEqual([events[4], events[PUT_EVENTS_LIMIT + 1]]);
  });

  it("answers every entry of a call that failed whole, and goes on with the next call", async () => {
    // Prepare
    const { client } = eventBridge((_, call) => {
      if (call === 0) throw new Error("throttled");
      return { EventId: "e" };
    });
    const events = Array.from({ length: 11 }, anEvent);
    // Act
    const refused = await eventBridgeBus(BUS, client).publish(events);
    // Assess
    expect(refused).toEqual(events.slice(0, PUT_EVENTS_LIMIT));
  });

  it("makes no call when there is nothing to publish", async () => {
    // Prepare
    const { calls, client } = eventBridge();
    // Act
    const refused = await eventBridgeBus(BUS, client).publish([]);
    // Assess
    expect(refused).toEqual([]);
    expect(calls).toEqual([]);
  });
});
