// Metrics (`@video-recordings/core/metrics`): the names, units and dimensions the functions
// publish and the stacks' alarms and dashboard read, in one place. Nothing here publishes.
export {
  METRICS,
  METRICS_NAMESPACE,
  type MetricName,
  type MetricPoint,
  metricDimensions,
  SERVICE_NAME,
  TWILIO_OUTAGE_KINDS,
} from "./metrics";
