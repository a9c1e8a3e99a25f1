import type { LifecycleEvent } from "./lifecycle-events";

/** Where lifecycle events are published (EventBridge once deployed, an in-process bus locally). */
export interface EventBus {
  /** Publishes the events; answers those the bus did not take, so that they are published again. */
  publish(events: readonly LifecycleEvent[]): Promise<readonly LifecycleEvent[]>;
}
