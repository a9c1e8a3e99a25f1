import type { TwilioFailureKind } from "../twilio/failures";

/** Where every metric goes (CloudWatch, embedded metric format). */
export const METRICS_NAMESPACE = "VideoRecordings";

/** The `service` dimension Powertools puts on every metric, and the name the logs carry. */
export const SERVICE_NAME = "video-recordings";

/**
 * Every metric, its unit and the one dimension it is broken down by (null: none). Besides it,
 * each carries `service` and `stage`, so that stages sharing an account keep apart.
 */
export const METRICS = {
  /** Callbacks accepted, by what indexing did: `created`, `updated`, `duplicate`; `ignored` room events. */
  Callbacks: { unit: "Count", dimension: "Outcome" },
  /** Callbacks refused: `bad-signature`, `foreign-account`, `malformed`. */
  CallbackRejections: { unit: "Count", dimension: "Reason" },
  /** A sweep run's counts, by `recording` or `composition`. */
  SweepExamined: { unit: "Count", dimension: "Kind" },
  SweepReconciled: { unit: "Count", dimension: "Kind" },
  SweepArchived: { unit: "Count", dimension: "Kind" },
  SweepDeleted: { unit: "Count", dimension: "Kind" },
  SweepHeld: { unit: "Count", dimension: "Kind" },
  SweepSkipped: { unit: "Count", dimension: "Kind" },
  SweepFailed: { unit: "Count", dimension: "Kind" },
  SweepRemaining: { unit: "Count", dimension: "Kind" },
  SweepArchiveExpired: { unit: "Count", dimension: "Kind" },
  SweepPersonalDataErased: { unit: "Count", dimension: "Kind" },
  SweepPersonalDataHeld: { unit: "Count", dimension: "Kind" },
  /** Bytes copied to the archive by a sweep or an export. */
  ArchivedBytes: { unit: "Bytes", dimension: "Kind" },
  /** One a scheduled sweep run: 1 when anything in it failed, else 0. */
  SweepsWithFailures: { unit: "Count", dimension: null },
  /** Every 429 Twilio answered, the ones retried included. */
  TwilioRateLimited: { unit: "Count", dimension: null },
  /** Twilio calls that ended in a failure, retries spent, by kind (`unavailable`, `rate-limited`, …). */
  TwilioFailures: { unit: "Count", dimension: "Kind" },
  /** Media links issued, by where they point: `twilio` or `archive`. */
  MediaLinks: { unit: "Count", dimension: "Source" },
  /** Jobs the workers ran, by outcome (`made`, `exists`, `unsupported`, …, `retried`, `dropped`). */
  Jobs: { unit: "Count", dimension: "Outcome" },
} as const satisfies Record<string, { unit: "Count" | "Bytes"; dimension: string | null }>;

export type MetricName = keyof typeof METRICS;

/** One value to add to a metric; `of` is the value of the metric's dimension, when it has one. */
export type MetricPoint = { name: MetricName; value: number; of?: string };

/** Twilio failure kinds that mean Twilio is not serving this account: what the alarm watches. */
export const TWILIO_OUTAGE_KINDS = [
  "unavailable",
  "account-unavailable",
  "unauthorized",
] as const satisfies readonly TwilioFailureKind[];

/** The dimensions a point is published under, in a stage. */
export const metricDimensions = (stage: string, point: Pick<MetricPoint, "name" | "of">) => {
  const { dimension } = METRICS[point.name];
  return {
    service: SERVICE_NAME,
    stage,
    ...(dimension !== null && point.of !== undefined && { [dimension]: point.of }),
  };
};
