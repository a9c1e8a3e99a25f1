import type { Metrics } from "@aws-lambda-powertools/metrics";
import type {
  CallbackAccepted,
  CallbackRejection,
  JobOutcome,
  MediaLinkAnswer,
  MediaLinkRejection,
  Result,
  TwilioFailureKind,
} from "@video-recordings/core";
import {
  METRICS,
  METRICS_NAMESPACE,
  type MetricName,
  type MetricPoint,
  SERVICE_NAME,
} from "@video-recordings/core/metrics";
import type { SweepSummary } from "@video-recordings/core/retention";
import type { TwilioObserver } from "@video-recordings/core/twilio";
import { Resource } from "sst/resource";

// What each result counts as. The mapping lives here, at the edge, from what the core returns.

export const callbackMetrics = (result: Result<CallbackAccepted, CallbackRejection>): MetricPoint[] => {
  if (!result.ok) return [{ name: "CallbackRejections", value: 1, of: result.error.kind }];
  const accepted = result.value;
  return [{ name: "Callbacks", value: 1, of: accepted.kind === "indexed" ? accepted.outcome : "ignored" }];
};

type SweepCount = Exclude<keyof SweepSummary["byKind"]["recording"], "eligible">;

/** A run's counts, each under its metric; `eligible` is what the others add up to, left out. */
const SWEEP_METRICS = {
  examined: "SweepExamined",
  reconciled: "SweepReconciled",
  archived: "SweepArchived",
  deleted: "SweepDeleted",
  held: "SweepHeld",
  skipped: "SweepSkipped",
  failed: "SweepFailed",
  remaining: "SweepRemaining",
  archiveExpired: "SweepArchiveExpired",
  personalDataErased: "SweepPersonalDataErased",
  personalDataHeld: "SweepPersonalDataHeld",
  archivedBytes: "ArchivedBytes",
} as const satisfies Record<SweepCount, MetricName>;

/**
 * A run's counts kind by kind, and for a scheduled sweep whether anything in it failed (the
 * alarm counts those runs). A dry run changed nothing and counts nothing.
 */
export const sweepMetrics = (summary: SweepSummary): MetricPoint[] => {
  if (summary.dryRun) return [];
  const counts = Object.entries(summary.byKind).flatMap(([kind, byKind]) =>
    Object.entries(SWEEP_METRICS).map(([count, name]) => ({
      name,
      value: byKind[count as SweepCount],
      of: kind,
    })),
  );
  if (summary.mode !== "sweep") return counts;
  return [...counts, { name: "SweepsWithFailures", value: summary.failed > 0 ? 1 : 0 }];
};

export const linkMetrics = (result: Result<MediaLinkAnswer, MediaLinkRejection>): MetricPoint[] =>
  result.ok && "source" in result.value ? [{ name: "MediaLinks", value: 1, of: result.value.source }] : [];

/** A job's outcome; `retried` when it threw (another delivery comes), `dropped` when it was no job. */
export const jobMetrics = (outcome: JobOutcome["kind"] | "retried" | "dropped"): MetricPoint[] => [
  { name: "Jobs", value: 1, of: outcome },
];

/** A 404 is Twilio's answer about one resource, not a failure of Twilio: it is not counted. */
export const twilioFailureMetrics = (kind: TwilioFailureKind): MetricPoint[] =>
  kind === "not-found" ? [] : [{ name: "TwilioFailures", value: 1, of: kind }];

// Points wait here, summed, until the invocation ends.
const pending = new Map<string, MetricPoint>();

export const record = (points: readonly MetricPoint[]): void => {
  for (const point of points) {
    const key = `${point.name}\u0000${point.of ?? ""}`;
    const seen = pending.get(key);
    pending.set(key, seen ? { ...seen, value: seen.value + point.value } : point);
  }
};

/** Counts the Twilio client's 429s and failed calls. */
export const twilioObserver: TwilioObserver = {
  rateLimited: () => record([{ name: "TwilioRateLimited", value: 1 }]),
  failed: (kind) => record(twilioFailureMetrics(kind)),
};

// Loaded and made on first flush: a function's start-up goes without the library (what a cold
// start imports is guarded), and the settings it reads (POWERTOOLS_METRICS_DISABLED, the stage's
// link) are those of the process running, whatever was imported first.
let metrics: Promise<Metrics> | undefined;

const publisher = async (): Promise<Metrics> => {
  const { Metrics } = await import("@aws-lambda-powertools/metrics");
  return new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: SERVICE_NAME,
    defaultDimensions: { stage: Resource.App.stage },
  });
};

/**
 * Writes what this invocation recorded as embedded-metric-format documents on stdout, where
 * Lambda's log delivery turns them into CloudWatch metrics: one document for each dimension
 * value, since a document's dimensions hold for every metric in it. Every entry calls this
 * before it returns; nothing recorded, nothing written. The values are stamped `at` (epoch ms)
 * when given, else when they are written.
 */
export const flushMetrics = async (at?: number): Promise<void> => {
  if (pending.size === 0) return;
  const groups = new Map<string, MetricPoint[]>();
  for (const point of pending.values()) {
    const key = dimensionOf(point).join("=");
    groups.set(key, [...(groups.get(key) ?? []), point]);
  }
  pending.clear();
  metrics ??= publisher();
  const emf = await metrics;
  for (const points of groups.values()) {
    const [dimension, dimensionValue] = dimensionOf(points[0] as MetricPoint);
    if (dimension !== undefined && dimensionValue !== undefined) emf.addDimension(dimension, dimensionValue);
    if (at !== undefined) emf.setTimestamp(at);
    for (const { name, value } of points) emf.addMetric(name, METRICS[name].unit, value);
    emf.publishStoredMetrics();
  }
};

/** The point's own dimension and its value; none for a metric without one. */
const dimensionOf = ({ name, of }: MetricPoint): [] | [string, string] => {
  const { dimension } = METRICS[name];
  return dimension === null || of === undefined ? [] : [dimension, of];
};
