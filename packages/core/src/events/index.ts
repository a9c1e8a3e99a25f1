// Lifecycle events: what a stored change means, and publishing it.
export {
  type CompositionDetail,
  EVENT_SOURCE,
  LIFECYCLE_EVENT_NAMES,
  type LifecycleEvent,
  type LifecycleEventName,
  lifecycleEvents,
  type RecordingDetail,
  type StoredChange,
  type Told,
} from "./lifecycle-events";
export type { EventBus } from "./ports";
export {
  type LifecycleDeps,
  publishLifecycleEvents,
  type StreamedChange,
} from "./publish-lifecycle-events";
