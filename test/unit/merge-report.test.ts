import {
  erasePersonalData,
  holdsPersonalData,
  mergeReport,
  type RecordingReport,
  type RecordingState,
  sameState,
} from "@video-recordings/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aRecordingCallback, aRecordingLifecycle } from "../fixtures/callbacks";
import { recordingReportOf } from "../fixtures/reports";

const fold = (reports: RecordingReport[]): RecordingState | undefined =>
  reports.reduce<RecordingState | undefined>((state, report) => mergeReport(state, report), undefined);

// Every event one recording can have: its lifecycle, a failure, a late deletion, and a REST
// answer that knows the exact creation date, each at its own moment.
const EVENTS_OF_ONE_RECORDING: RecordingReport[] = [
  ...aRecordingLifecycle("RT2c3f5a84328cb488376b45c221f27998", "RM5b9970c25fb6f31a7da94fe683be0957").map(
    recordingReportOf,
  ),
  recordingReportOf(
    aRecordingCallback({
      StatusCallbackEvent: "recording-failed",
      Timestamp: "2026-01-05T10:30:01.000000Z",
      FailedOperation: "RecordingComplete",
      RoomSid: "RM5b9970c25fb6f31a7da94fe683be0957",
    }),
  ),
  {
    sid: "RT2c3f5a84328cb488376b45c221f27998",
    status: "deleted",
    at: "2026-04-05T00:00:00.000000Z",
    facts: { roomSid: "RM5b9970c25fb6f31a7da94fe683be0957", size: 52428800 },
    dateCreated: { value: "2026-01-05T10:00:00.000000Z", basis: "twilio" },
  },
];

describe("mergeReport", () => {
  it("yields the same record for any permutation and duplication of a recording's events", () => {
    const inOrder = fold(EVENTS_OF_ONE_RECORDING);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(EVENTS_OF_ONE_RECORDING, { minLength: EVENTS_OF_ONE_RECORDING.length }),
        fc.array(fc.nat(EVENTS_OF_ONE_RECORDING.length - 1), { maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (shuffled, duplicates, positions) => {
          // Prepare
          const delivered = [...shuffled];
          duplicates.forEach((which, i) => {
            const duplicate = EVENTS_OF_ONE_RECORDING[which];
            if (duplicate) delivered.splice((positions[i] ?? 0) % (delivered.length + 1), 0, duplicate);
          });
          // Act
          const merged = fold(delivered);
          // Assess
          expect(merged).toEqual(inOrder);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("converges for any subset of events, whatever their order", () => {
    fc.assert(
      fc.property(fc.subarray(EVENTS_OF_ONE_RECORDING, { minLength: 1 }), fc.nat(), (subset, seed) => {
        const rotated = [...subset.slice(seed % subset.length), ...subset.slice(0, seed % subset.length)];
        expect(fold(rotated)).toEqual(fold(subset));
        expect(fold([...subset].reverse())).toEqual(fold(subset));
      }),
    );
  });

  it("keeps completed when recording-started arrives after recording-completed", () => {
    // Prepare
    const [started, completed] = aRecordingLifecycle().map(recordingReportOf) as [
      RecordingReport,
      RecordingReport,
    ];
    // Act
    const merged = fold([completed, started]);
    // Assess
    expect(merged).toMatchObject({
      status: "completed",
      size: 52428800,
      duration: 1800,
      completedAt: "2026-01-05T10:30:02.500000Z",
      dateCreated: "2026-01-05T10:00:00.120000Z",
      dateCreatedBasis: "started",
    });
  });

  it("keeps completed when a processing report carries a later timestamp", () => {
    // Prepare
    const [, completed] = aRecordingLifecycle().map(recordingReportOf) as [RecordingReport, RecordingReport];
    const laterProcessing: RecordingReport = {
      ...completed,
      status: "processing",
      at: "2026-01-05T11:00:00.000000Z",
      facts: {},
    };
    // Act
    const merged = fold([completed, laterProcessing]);
    // Assess
    expect(merged).toMatchObject({
      status: "completed",
      statusAt: "2026-01-05T10:30:02.500000Z",
      completedAt: "2026-01-05T10:30:02.500000Z",
    });
  });

  it("keeps every fact an earlier event carried when a later one lacks it", () => {
    // Prepare
    const [started, completed] = aRecordingLifecycle().map(recordingReportOf) as [
      RecordingReport,
      RecordingReport,
    ];
    const sparseCompletion = { ...completed, facts: { size: 10, duration: 2 } };
    // Act
    const merged = fold([started, sparseCompletion]);
    // Assess
    expect(merged).toMatchObject({
      status: "completed",
      roomName: "1f03d8d2-2a1e-4a52-8b55-8a7b5b2f1c40",
      participantIdentity: "ad9d1899-5a2b-4f39-a1b4-0c0d7a6f4b11",
      trackName: "6ec82db2-0a4c-4d3e-9a43-0b8f6a1f7f28",
      codec: "VP8",
      size: 10,
    });
  });

  it("estimates dateCreated from completion minus duration when recording-started was lost", () => {
    // Prepare
    const [, completed] = aRecordingLifecycle().map(recordingReportOf) as [RecordingReport, RecordingReport];
    // Act
    const merged = fold([completed]);
    // Assess
    expect(merged).toMatchObject({
      dateCreated: "2026-01-05T10:00:02.500000Z",
      dateCreatedBasis: "estimated",
    });
  });

  it("lets the later of completed and failed win, and deleted win over both", () => {
    // Prepare
    const failed = EVENTS_OF_ONE_RECORDING[2] as RecordingReport;
    const completed = EVENTS_OF_ONE_RECORDING[1] as RecordingReport;
    const deleted = EVENTS_OF_ONE_RECORDING[3] as RecordingReport;
    // Act
    const completedLater = fold([completed, failed]);
    const afterDeletion = fold([deleted, completed]);
    // Assess
    expect(completedLater?.status).toBe("completed");
    expect(afterDeletion).toMatchObject({
      status: "deleted",
      deletedAt: "2026-04-05T00:00:00.000000Z",
      completedAt: "2026-01-05T10:30:02.500000Z",
    });
  });
});

describe("mergeReport, whatever the order", () => {
  const [, completed] = aRecordingLifecycle("RT00000000000000000000000000000009").map(recordingReportOf) as [
    RecordingReport,
    RecordingReport,
  ];
  const failedAtOnce: RecordingReport = { ...completed, status: "failed", facts: {} };
  const completedLater: RecordingReport = { ...completed, at: "2026-01-05T10:40:00.000000Z" };
  const largerSize: RecordingReport = { ...completed, facts: { size: 99_999_999 } };

  it.each([
    {
      case: "failed wins over completed at the same timestamp",
      reports: [completed, failedAtOnce],
      expected: { status: "failed" },
    },
    {
      case: "completedAt is the earliest completion",
      reports: [completed, completedLater],
      expected: { completedAt: "2026-01-05T10:30:02.500000Z", statusAt: "2026-01-05T10:40:00.000000Z" },
    },
    {
      case: "the larger of two sizes wins",
      reports: [completed, largerSize],
      expected: { size: 99_999_999 },
    },
  ])("$case", ({ reports, expected }) => {
    // Act
    const forward = fold(reports);
    const backward = fold([...reports].reverse());
    // Assess
    expect(forward).toMatchObject(expected);
    expect(backward).toEqual(forward);
  });
});

describe("sameState", () => {
  const state = mergeReport(undefined, recordingReportOf(aRecordingCallback()));
  const archived: RecordingState = {
    ...state,
    archive: { bucket: "b", key: "k", size: 105_956, archivedAt: "2026-01-06T00:00:00.000000Z" },
  };

  it("holds for equal records with archive copies of their own", () => {
    // Act
    const same = sameState(archived, structuredClone(archived));
    // Assess
    expect(same).toBe(true);
  });

  it.each([
    {
      case: "their archive copies differ",
      other: { ...archived, archive: { ...archived.archive, key: "other" } },
    },
    { case: "one has no copy", other: state },
    { case: "a fact differs", other: { ...archived, size: 1 } },
  ])("fails when $case", ({ other }) => {
    // Act
    const same = sameState(archived, other as RecordingState);
    // Assess
    expect(same).toBe(false);
  });
});

describe("erased personal data", () => {
  const ERASED_AT = "2026-06-01T00:00:00.000000Z";

  it("stays erased whatever reports come after, in any order", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(EVENTS_OF_ONE_RECORDING, { minLength: 1 }), (later) => {
        // Prepare
        const stored = erasePersonalData(fold(EVENTS_OF_ONE_RECORDING) as RecordingState, ERASED_AT);
        // Act
        const merged = later.reduce(mergeReport, stored);
        // Assess
        expect(merged).toMatchObject({
          participantIdentity: null,
          trackName: null,
          roomName: null,
          personalDataErasedAt: ERASED_AT,
        });
        expect(holdsPersonalData(merged)).toBe(false);
      }),
    );
  });

  it("keeps every other fact, and the first erasure's moment", () => {
    // Prepare
    const indexed = fold(EVENTS_OF_ONE_RECORDING) as RecordingState;
    // Act
    const erased = erasePersonalData(erasePersonalData(indexed, ERASED_AT), "2026-07-01T00:00:00.000000Z");
    // Assess
    expect(holdsPersonalData(indexed)).toBe(true);
    expect(holdsPersonalData({ ...erased, trackName: "microphone" })).toBe(true);
    expect(erased).toEqual({
      ...indexed,
      participantIdentity: null,
      trackName: null,
      roomName: null,
      personalDataErasedAt: ERASED_AT,
    });
  });
});
