import type { HoldStore } from "../holds/ports";
import { logger } from "../log";
import { type LifecycleEvent, lifecycleEvents, type StoredChange } from "./lifecycle-events";
import type { EventBus } from "./ports";

export type LifecycleDeps = { holds: Pick<HoldStore, "isHeld">; bus: EventBus };

/** A stored change as the table's stream delivers it; `change` is null for items that are no resource. */
export type StreamedChange = { id: string; change: StoredChange | null };

/**
 * Publishes the lifecycle events of each change, in order. `held` in a detail is the room's hold
 * when the event is published, as `GET` would answer then: one read a room for the whole batch,
 * and only for changes that mean an event. Answers the ids of the changes whose events were not
 * all published: the stream delivers those again, so a lost publish is retried and never holds up
 * the write that made the change.
 */
export const publishLifecycleEvents = async (
  deps: LifecycleDeps,
  changes: readonly StreamedChange[],
): Promise<string[]> => {
  const holds = new Map<string, Promise<boolean>>();
  const isHeld = (roomSid: string | null): Promise<boolean> => {
    if (roomSid === null) return Promise.resolve(false);
    const known = holds.get(roomSid) ?? deps.holds.isHeld(roomSid);
    holds.set(roomSid, known);
    return known;
  };
  const unpublished = new Set<string>();
  const outgoing: { id: string; event: LifecycleEvent }[] = [];
  for (const { id, change } of changes) {
    const told = change && lifecycleEvents(change);
    if (!told) continue;
    try {
      const detail = told.detail(await isHeld(told.roomSid));
      for (const name of told.names) outgoing.push({ id, event: { name, detail } });
    } catch (error) {
      logger.warn("hold unreadable, events to be published again", {
        sid: change?.after?.sid,
        error: String(error),
      });
      unpublished.add(id);
    }
  }
  const refused = new Set(await deps.bus.publish(outgoing.map(({ event }) => event)));
  for (const { id, event } of outgoing) if (refused.has(event)) unpublished.add(id);
  return changes.map(({ id }) => id).filter((id) => unpublished.has(id));
};
