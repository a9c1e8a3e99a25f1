// The event bus on EventBridge (`@video-recordings/core/eventbridge`), apart from the main entry:
// only the function that publishes lifecycle events loads the EventBridge client.
export { eventBridgeBus, PUT_EVENTS_LIMIT } from "./event-bridge-bus";
