import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { EVENT_SOURCE, type LifecycleEvent } from "../../events/lifecycle-events";
import type { EventBus } from "../../events/ports";
import { logger } from "../../log";

/** PutEvents takes at most this many entries a call. */
export const PUT_EVENTS_LIMIT = 10;

const entryOf = (busName: string, event: LifecycleEvent): PutEventsRequestEntry => ({
  EventBusName: busName,
  Source: EVENT_SOURCE,
  DetailType: event.name,
  Detail: JSON.stringify(event.detail),
});

/**
 * The event bus on EventBridge: PutEvents in calls of ten. EventBridge may take some entries of
 * a call and refuse others (each refused one answers an `ErrorCode`); those, and every entry of
 * a call that failed whole, are answered as not taken.
 */
export const eventBridgeBus = (
  busName: string,
  client: Pick<EventBridgeClient, "send"> = new EventBridgeClient({}),
): EventBus => ({
  async publish(events) {
    const refused: LifecycleEvent[] = [];
    for (let start = 0; start < events.length; start += PUT_EVENTS_LIMIT) {
      const batch = events.slice(start, start + PUT_EVENTS_LIMIT);
      try {
        const answer = await client.send(
          new PutEventsCommand({ Entries: batch.map((event) => entryOf(busName, event)) }),
        );
        batch.forEach((event, index) => {
          const entry = answer.Entries?.[index];
          if (entry?.EventId !== undefined && entry.ErrorCode === undefined) return;
          logger.warn("event not taken by the bus", {
            event: event.name,
            sid: event.detail.sid,
            errorCode: entry?.ErrorCode,
          });
          refused.push(event);
        });
      } catch (error) {
        logger.warn("events not published", { events: batch.length, error: String(error) });
        refused.push(...batch);
      }
    }
    return refused;
  },
});
