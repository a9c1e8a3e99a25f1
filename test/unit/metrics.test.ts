import { err, ok } from "@video-recordings/core";
import { METRICS, metricDimensions } from "@video-recordings/core/metrics";
import { noCounts, type SweepSummary } from "@video-recordings/core/retention";
import { describe, expect, it } from "vitest";
import {
  callbackMetrics,
  jobMetrics,
  linkMetrics,
  sweepMetrics,
  twilioFailureMetrics,
} from "../../functions/_metrics";

const RT = "RT2c3f5a84328cb488376b45c221f27998";
const RM = "RM5b9970c25fb6f31a7da94fe683be0957";

type Counts = SweepSummary["byKind"]["recording"];

const someCounts = (overrides: Partial<Counts> = {}): Counts => ({ ...noCounts(), ...overrides });

const aSummary = (overrides: Partial<SweepSummary> = {}): SweepSummary => {
  const recording = someCounts({ examined: 3, eligible: 3, archived: 2, archivedBytes: 2_048, deleted: 2 });
  const composition = someCounts({ examined: 1, eligible: 1, failed: 1 });
  return {
    ...someCounts({ examined: 4, eligible: 4, archived: 2, archivedBytes: 2_048, deleted: 2, failed: 1 }),
    runId: "run-1",
    mode: "sweep",
    dryRun: false,
    byKind: { recording, composition },
    twilio: "available",
    byAccount: { AC00000000000000000000000000000042: { twilio: "available" } },
    durationMs: 1_000,
    ...overrides,
  };
};

describe("callbackMetrics", () => {
  it.each(["created", "updated", "duplicate"] as const)("counts an indexed callback as %s", (outcome) => {
    // Act
    const points = callbackMetrics(
      ok({
        kind: "indexed",
        resource: "recording",
        outcome,
        sid: RT,
        roomSid: RM,
        event: "recording-completed",
      }),
    );
    // Assess
    expect(points).toEqual([{ name: "Callbacks", value: 1, of: outcome }]);
  });

  it("counts a room event that is not about recordings as ignored", () => {
    // Act
    const points = callbackMetrics(ok({ kind: "ignored", event: "participant-connected" }));
    // Assess
    expect(points).toEqual([{ name: "Callbacks", value: 1, of: "ignored" }]);
  });

  it.each([
    { case: "a bad signature", error: { kind: "bad-signature" } as const },
    { case: "a foreign account", error: { kind: "foreign-account" } as const },
    { case: "a malformed callback", error: { kind: "malformed", field: "RoomSid", message: "bad" } as const },
  ])("counts $case as a rejection by its reason", ({ error }) => {
    // Act
    const points = callbackMetrics(err(error));
    // Assess
    expect(points).toEqual([{ name: "CallbackRejections", value: 1, of: error.kind }]);
  });
});

describe("sweepMetrics", () => {
  it("counts what a scheduled run did kind by kind, and that it had failures", () => {
    // Act
    const points = sweepMetrics(aSummary());
    // Assess
    expect(points).toEqual(
      expect.arrayContaining([
        { name: "SweepExamined", value: 3, of: "recording" },
        { name: "SweepDeleted", value: 2, of: "recording" },
        { name: "ArchivedBytes", value: 2_048, of: "recording" },
        { name: "SweepFailed", value: 1, of: "composition" },
        { name: "SweepFailed", value: 0, of: "recording" },
        { name: "SweepsWithFailures", value: 1 },
      ]),
    );
    // Twelve counts for each of the two kinds, and the run.
    expect(points).toHaveLength(25);
  });

  it("counts a clean run as a run without failures, so the alarm sees every run", () => {
    // Prepare
    const clean = aSummary({
      failed: 0,
      byKind: { recording: someCounts({ examined: 1 }), composition: someCounts() },
    });
    // Act
    const points = sweepMetrics(clean);
    // Assess
    expect(points).toContainEqual({ name: "SweepsWithFailures", value: 0 });
  });

  it("counts an export's work but not as a sweep run", () => {
    // Act
    const points = sweepMetrics(aSummary({ mode: "export" }));
    // Assess
    expect(points).toContainEqual({ name: "SweepArchived", value: 2, of: "recording" });
    expect(points.map((p) => p.name)).not.toContain("SweepsWithFailures");
  });

  it("counts nothing for a dry run, which changed nothing", () => {
    // Act & Assess
    expect(sweepMetrics(aSummary({ dryRun: true }))).toEqual([]);
  });
});

describe("linkMetrics", () => {
  const aLink = (source: "twilio" | "archive") =>
    ok({
      url: "https://media.example.com/x",
      expiresAt: "2026-02-01T12:10:00.000000Z",
      ttl: 600,
      source,
      contentType: "audio/webm",
      redirect: false,
    });

  it.each(["twilio", "archive"] as const)("counts a link issued from %s by its source", (source) => {
    // Act & Assess
    expect(linkMetrics(aLink(source))).toEqual([{ name: "MediaLinks", value: 1, of: source }]);
  });

  it("counts no link while its rendition is being made, nor a refusal", () => {
    // Act
    const preparing = linkMetrics(ok({ kind: "preparing", retryAfterSeconds: 5 }));
    const refused = linkMetrics(err({ kind: "gone", sid: RT }));
    // Assess
    expect([...preparing, ...refused]).toEqual([]);
  });
});

describe("jobMetrics", () => {
  it.each(["made", "unsupported", "retried", "dropped"] as const)("counts a job that ended %s", (outcome) => {
    // Act & Assess
    expect(jobMetrics(outcome)).toEqual([{ name: "Jobs", value: 1, of: outcome }]);
  });
});

describe("twilioFailureMetrics", () => {
  it("counts a failed call by its kind", () => {
    // Act
    const points = twilioFailureMetrics("unavailable");
    // Assess
    expect(points).toEqual([{ name: "TwilioFailures", value: 1, of: "unavailable" }]);
  });

  it("does not count a 404, Twilio's answer about one resource", () => {
    // Act & Assess
    expect(twilioFailureMetrics("not-found")).toEqual([]);
  });
});

describe("metricDimensions", () => {
  it("puts a metric in its stage under its own dimension, as the alarms look for it", () => {
    // Act
    const dimensions = metricDimensions("production", { name: "TwilioFailures", of: "unavailable" });
    // Assess
    expect(dimensions).toEqual({ service: "video-recordings", stage: "production", Kind: "unavailable" });
  });

  it("gives a metric without a dimension of its own only the service and the stage", () => {
    // Act & Assess
    expect(METRICS.SweepsWithFailures.dimension).toBeNull();
    expect(metricDimensions("dev", { name: "SweepsWithFailures" })).toEqual({
      service: "video-recordings",
      stage: "dev",
    });
  });
});
