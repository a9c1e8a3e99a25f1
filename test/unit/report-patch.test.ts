import {
  applyPatch,
  erasePersonalData,
  mergeReport,
  type RecordingReport,
  type RecordingState,
  reportPatch,
} from "@video-recordings/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aRecordingLifecycle } from "../fixtures/callbacks";
import { aReportAbout, recordingReportOf } from "../fixtures/reports";

const SID = "RT00000000000000000000000000000001";

const fold = (reports: RecordingReport[]): RecordingState | undefined =>
  reports.reduce<RecordingState | undefined>((state, report) => mergeReport(state, report), undefined);

describe("reportPatch", () => {
  it("equals the full merge wherever it applies, and creates what merging into nothing creates", () => {
    let applied = 0;
    fc.assert(
      fc.property(
        fc.array(aReportAbout(SID), { minLength: 1, maxLength: 4 }),
        aReportAbout(SID),
        // A quarter of the stored records have had their personal facts erased.
        fc.nat(3).map((draw) => draw === 0),
        (earlier, report, erased) => {
          // Prepare
          const folded = fold(earlier) as RecordingState;
          const stored = erased ? erasePersonalData(folded, "2026-06-01T00:00:00.000000Z") : folded;
          // Act
          const patch = reportPatch(report);
          const patched = patch && applyPatch(stored, patch);
          // Assess
          if (patch) expect(patch.created).toEqual(mergeReport(undefined, report));
          if (patched) {
            applied++;
            expect(patched).toEqual(mergeReport(stored, report));
          }
        },
      ),
      { numRuns: 10_000 },
    );
    // The property says nothing unless patches often apply.
    expect(applied).toBeGreaterThan(100);
  });

  it("leaves a report naming personal facts to the full merge once they were erased", () => {
    // Prepare
    const [started, completed] = aRecordingLifecycle().map(recordingReportOf) as [
      RecordingReport,
      RecordingReport,
    ];
    const stored = erasePersonalData(mergeReport(undefined, started), "2026-06-01T00:00:00.000000Z");
    const patch = reportPatch(completed);
    // Act
    const patched = patch && applyPatch(stored, patch);
    // Assess
    expect(patch?.requires.absent).toContain("personalDataErasedAt");
    expect(patched).toBeUndefined();
  });

  it("applies to Twilio's callbacks delivered once and in order", () => {
    // Prepare
    const [started, completed] = aRecordingLifecycle().map(recordingReportOf) as [
      RecordingReport,
      RecordingReport,
    ];
    const stored = mergeReport(undefined, started);
    const patch = reportPatch(completed);
    // Act
    const patched = patch && applyPatch(stored, patch);
    // Assess
    expect(patched).toEqual(mergeReport(stored, completed));
  });

  it("leaves duplicates, late starts, disagreeing facts and deletions to the full merge", () => {
    // Prepare
    const [started, completed] = aRecordingLifecycle().map(recordingReportOf) as [
      RecordingReport,
      RecordingReport,
    ];
    const afterCompletion = mergeReport(mergeReport(undefined, started), completed);
    const disagreeing = { ...completed, facts: { ...completed.facts, size: 1 } };
    const deleted: RecordingReport = { ...completed, status: "deleted", at: "2026-04-05T00:00:00.000000Z" };
    // Act & Assess
    expect(applyPatch(afterCompletion, reportPatch(completed) ?? fail())).toBeUndefined();
    expect(applyPatch(afterCompletion, reportPatch(started) ?? fail())).toBeUndefined();
    expect(applyPatch(mergeReport(undefined, started), reportPatch(disagreeing) ?? fail())).toEqual(
      mergeReport(mergeReport(undefined, started), disagreeing),
    );
    expect(applyPatch(afterCompletion, reportPatch(disagreeing) ?? fail())).toBeUndefined();
    expect(reportPatch(deleted)).toBeUndefined();
  });

  it("marks a patch of the first callback's status as likely the first write, and no other", () => {
    // Prepare
    const [started, completed] = aRecordingLifecycle().map(recordingReportOf) as [
      RecordingReport,
      RecordingReport,
    ];
    // Act
    const likelyFirst = [started, completed].map((report) => reportPatch(report)?.likelyFirst);
    // Assess
    expect(likelyFirst).toEqual([true, false]);
  });
});

const fail = (): never => {
  throw new Error("expected a patch");
};

describe("applyPatch", () => {
  const started: RecordingReport = {
    sid: SID,
    status: "processing",
    at: "2026-01-05T10:00:00.000000Z",
    facts: { size: null },
    dateCreated: { value: "2026-01-05T10:00:00.000000Z", basis: "twilio" },
  };
  const completed: RecordingReport = {
    ...started,
    status: "completed",
    at: "2026-01-05T10:30:00.000000Z",
    facts: { size: 2_000 },
  };

  it.each([
    {
      case: "a later report of the same rank",
      stored: [started, completed],
      report: { ...completed, status: "failed" as const, at: "2026-01-05T10:31:00.000000Z", facts: {} },
    },
    { case: "a report with the same basis and the same dateCreated", stored: [started], report: completed },
    {
      case: "a report with the same basis and a later dateCreated",
      stored: [started],
      report: {
        ...completed,
        dateCreated: { value: "2026-01-05T10:00:01.000000Z", basis: "twilio" as const },
      },
    },
  ])("patches in one write $case", ({ stored, report }) => {
    // Prepare
    const state = fold(stored) as RecordingState;
    // Act
    const patched = applyPatch(state, reportPatch(report) ?? fail());
    // Assess
    expect(patched).toEqual(mergeReport(state, report));
  });

  it("leaves a same-basis report with an earlier dateCreated to the full merge", () => {
    // Prepare
    const state = fold([started]) as RecordingState;
    const earlier = {
      ...completed,
      dateCreated: { value: "2026-01-05T09:59:59.000000Z", basis: "twilio" as const },
    };
    // Act
    const patched = applyPatch(state, reportPatch(earlier) ?? fail());
    // Assess
    expect(patched).toBeUndefined();
  });
});
