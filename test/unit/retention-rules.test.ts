import { indexReport, mergeReport, type RecordingState, toRecordingReport } from "@video-recordings/core";
import {
  cutoffBefore,
  deletedReport,
  isArchiveExpired,
  needsReconcile,
  type PlanInput,
  planAction,
  tombstoneExpiresAt,
} from "@video-recordings/core/retention";
import { describe, expect, it } from "vitest";

const RECORDINGS = { merge: mergeReport };

import { InMemoryRecordingStore } from "../fakes/in-memory-stores";
import { aTwilioRecording, daysAgo, NOW, POLICY } from "../fakes/retention-fakes";

const indexed = async (overrides: Parameters<typeof aTwilioRecording>[0] = {}): Promise<RecordingState> => {
  const store = new InMemoryRecordingStore();
  const recording = aTwilioRecording(overrides);
  await indexReport(store, toRecordingReport(recording, daysAgo(99)));
  return (await store.get(recording.sid))?.state ?? expect.fail("not indexed");
};

const CUTOFF = cutoffBefore(NOW, 90);
const sweep: PlanInput = { mode: "sweep", policy: POLICY, cutoff: CUTOFF, held: false };

describe("cutoffBefore", () => {
  it("answers the normalized instant the given days before now", () => {
    // Act & Assess
    expect(cutoffBefore(new Date("2026-06-01T12:00:00.250Z"), 90)).toBe("2026-03-03T12:00:00.250000Z");
  });
});

describe("planAction", () => {
  it.each([
    { case: "an expired recording", days: 91, over: {}, input: sweep, action: "archive-and-delete" },
    { case: "a young recording", days: 89, over: {}, input: sweep, action: null },
    {
      case: "a held expired recording",
      days: 200,
      over: {},
      input: { ...sweep, held: true },
      action: "skip-held",
    },
    { case: "a deleted recording", days: 200, over: { status: "deleted" }, input: sweep, action: null },
    {
      case: "a failed recording",
      days: 200,
      over: { status: "failed", size: 0 },
      input: sweep,
      action: "delete",
    },
    {
      case: "a recording without archiving",
      days: 200,
      over: {},
      input: { ...sweep, policy: { ...POLICY, archive: false } },
      action: "delete",
    },
    {
      case: "a recording of unknown room",
      days: 200,
      over: { roomSid: null },
      input: sweep,
      action: "check",
    },
    {
      case: "a processing recording",
      days: 200,
      over: { status: "processing" },
      input: sweep,
      action: "check",
    },
    {
      case: "a young recording in an export",
      days: 1,
      over: {},
      input: { ...sweep, mode: "export", cutoff: daysAgo(0) },
      action: "archive",
    },
    {
      case: "a held recording in an export",
      days: 1,
      over: {},
      input: { ...sweep, mode: "export", cutoff: daysAgo(0), held: true },
      action: "archive",
    },
    {
      case: "a failed recording in an export",
      days: 1,
      over: { status: "failed", size: 0 },
      input: { ...sweep, mode: "export", cutoff: daysAgo(0) },
      action: null,
    },
    {
      case: "a failed recording of unknown room in an export",
      days: 1,
      over: { status: "failed", size: 0, roomSid: null },
      input: { ...sweep, mode: "export", cutoff: daysAgo(0) },
      action: null,
    },
  ] as const)("plans $action for $case", async ({ days, over, input, action }) => {
    // Prepare
    const state = await indexed({ dateCreated: daysAgo(days), ...over });
    // Act & Assess
    expect(planAction(state, input)).toBe(action);
  });

  it("keeps a recording created exactly at the cutoff, and takes one a microsecond older", async () => {
    // Prepare
    const atCutoff = await indexed({ dateCreated: CUTOFF });
    const older = {
      ...atCutoff,
      dateCreated: CUTOFF.replace(
        /\d{6}Z$/,
        (us) => `${String(Number(us.slice(0, 6)) - 1).padStart(6, "0")}Z`,
      ),
    };
    // Act & Assess
    expect(planAction(atCutoff, sweep)).toBeNull();
    expect(planAction(older, sweep)).toBe("archive-and-delete");
  });
});

describe("isArchiveExpired", () => {
  const archivedAt = (at: string) => ({ archive: { bucket: "b", key: "k", size: 1, archivedAt: at } });

  it.each([
    { case: "a copy made before the cutoff", state: archivedAt(daysAgo(91)), expired: true },
    { case: "a copy made exactly at the cutoff", state: archivedAt(CUTOFF), expired: false },
    { case: "a copy made after the cutoff", state: archivedAt(daysAgo(89)), expired: false },
    { case: "no copy", state: { archive: null }, expired: false },
  ])("answers $expired for $case", ({ state, expired }) => {
    // Act & Assess
    expect(isArchiveExpired(state, CUTOFF)).toBe(expired);
  });
});

describe("needsReconcile", () => {
  it("ignores a listing that only observes the same status again", async () => {
    // Prepare
    const recording = aTwilioRecording();
    const state = await indexed(recording);
    // Act & Assess
    expect(needsReconcile(RECORDINGS, state, toRecordingReport(recording, daysAgo(0)))).toBe(false);
    expect(needsReconcile(RECORDINGS, undefined, toRecordingReport(recording, daysAgo(0)))).toBe(true);
    expect(
      needsReconcile(
        RECORDINGS,
        { ...state, status: "processing", size: null },
        toRecordingReport(recording, daysAgo(0)),
      ),
    ).toBe(true);
  });
});

describe("tombstoneExpiresAt", () => {
  it("keeps a deleted recording 30 days after its deletion when it has no archive copy", async () => {
    // Prepare
    const live = await indexed();
    const deleted = { ...live, status: "deleted", deletedAt: "2026-06-01T00:00:00.000000Z" } as const;
    const expected = Date.parse("2026-07-01T00:00:00Z") / 1000;
    // Act & Assess
    expect(tombstoneExpiresAt(deleted)).toBe(expected);
  });

  it("sets no expiry on a live recording or one whose archive copy still exists", async () => {
    // Prepare
    const live = await indexed();
    const archive = { bucket: "b", key: "k", size: 1, archivedAt: "2026-05-01T00:00:00.000000Z" };
    const archived = {
      ...live,
      status: "deleted",
      deletedAt: "2026-06-01T00:00:00.000000Z",
      archive,
    } as const;
    // Act & Assess
    expect(tombstoneExpiresAt(live)).toBeNull();
    expect(tombstoneExpiresAt(archived)).toBeNull();
  });

  it("records deletion at the given moment, keeping how dateCreated was learnt", async () => {
    // Prepare
    const live = await indexed();
    // Act & Assess
    expect(deletedReport(live, "2026-06-01T00:00:00.000000Z")).toEqual({
      sid: live.sid,
      status: "deleted",
      at: "2026-06-01T00:00:00.000000Z",
      facts: {},
      dateCreated: { value: live.dateCreated, basis: "twilio" },
    });
  });
});
