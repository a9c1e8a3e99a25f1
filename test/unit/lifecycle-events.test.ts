import {
  type CompositionState,
  lifecycleEvents,
  mergeCompositionReport,
  mergeReport,
  PERSONAL_FACTS,
  type RecordingReport,
  type RecordingState,
  type StoredChange,
  toCompositionView,
} from "@video-recordings/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aRecordingCallback, aRecordingLifecycle } from "../fixtures/callbacks";
import { EVENTS_OF_ONE_COMPOSITION } from "../fixtures/compositions";
import { recordingReportOf } from "../fixtures/reports";

const [STARTED, COMPLETED] = aRecordingLifecycle().map(recordingReportOf) as [
  RecordingReport,
  RecordingReport,
];
const processing = mergeReport(undefined, STARTED);
const completed = mergeReport(processing, COMPLETED);
const ARCHIVE = { bucket: "b", key: "k", size: 52_428_800, archivedAt: "2026-01-06T00:00:00.000000Z" };
const PLAYABLE = {
  key: "k.playable.webm",
  size: 4096,
  contentType: "video/webm",
  createdAt: "2026-01-06T00:00:01.000000Z",
};
const deleted: RecordingState = {
  ...completed,
  status: "deleted",
  deletedAt: "2026-01-06T00:00:02.000000Z",
  statusAt: "2026-01-06T00:00:02.000000Z",
};

const recording = (before: RecordingState | null, after: RecordingState | null): StoredChange => ({
  kind: "recording",
  before,
  after,
});
const composition = (before: CompositionState | null, after: CompositionState | null): StoredChange => ({
  kind: "composition",
  before,
  after,
});
const namesOf = (change: StoredChange) => lifecycleEvents(change)?.names ?? [];

describe("lifecycleEvents of a recording", () => {
  it.each([
    {
      case: "its status becomes completed",
      change: recording(processing, completed),
      names: ["recording.completed"],
    },
    {
      case: "it is first stored completed",
      change: recording(null, completed),
      names: ["recording.completed"],
    },
    {
      case: "its archive copy appears",
      change: recording(completed, { ...completed, archive: ARCHIVE }),
      names: ["recording.archived"],
    },
    {
      case: "its rendition appears",
      change: recording(completed, { ...completed, playable: PLAYABLE }),
      names: ["rendition.ready"],
    },
    {
      case: "its status becomes deleted",
      change: recording(completed, deleted),
      names: ["recording.deleted"],
    },
    {
      case: "one write archives and deletes it",
      change: recording(completed, { ...deleted, archive: ARCHIVE }),
      names: ["recording.archived", "recording.deleted"],
    },
  ])("tells $names when $case", ({ change, names }) => {
    // Act
    const told = namesOf(change);
    // Assess
    expect(told).toEqual(names);
  });

  it.each([
    { case: "a write is replayed unchanged", change: recording(completed, structuredClone(completed)) },
    { case: "it starts processing", change: recording(null, processing) },
    {
      case: "a later write keeps its archive copy and rendition",
      change: recording(
        { ...deleted, archive: ARCHIVE, playable: PLAYABLE },
        {
          ...deleted,
          archive: ARCHIVE,
          playable: PLAYABLE,
          personalDataErasedAt: "2026-02-01T00:00:00.000000Z",
        },
      ),
    },
    { case: "its item expires", change: recording(deleted, null) },
  ])("tells nothing when $case", ({ change }) => {
    // Act
    const told = namesOf(change);
    // Assess
    expect(told).toEqual([]);
  });

  it("tells each transition once however its reports arrive", () => {
    // Prepare: every report of one recording, its copy and its rendition, as writes in any order.
    const writes: ((state: RecordingState | null) => RecordingState)[] = [
      ...[
        STARTED,
        COMPLETED,
        recordingReportOf(aRecordingCallback({ StatusCallbackEvent: "recording-completed" })),
      ].map((report) => (state: RecordingState | null) => mergeReport(state ?? undefined, report)),
      (state) => ({ ...(state ?? completed), archive: ARCHIVE }),
      (state) => ({ ...(state ?? completed), playable: PLAYABLE }),
      (state) => ({ ...(state ?? completed), status: "deleted" }),
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...writes), { maxLength: 12 }), (sequence) => {
        // Act
        const told: string[] = [];
        sequence.reduce<RecordingState | null>((before, write) => {
          const after = write(before);
          told.push(...namesOf(recording(before, after)));
          return after;
        }, null);
        // Assess
        expect(new Set(told).size).toBe(told.length);
      }),
    );
  });

  it("details the recording as the API shows it, held as told, without personal facts", () => {
    // Act
    const detail = lifecycleEvents(recording(processing, completed))?.detail(true);
    // Assess
    expect(detail).toMatchObject({
      sid: completed.sid,
      roomSid: completed.roomSid,
      participantSid: completed.participantSid,
      status: "completed",
      held: true,
    });
    for (const fact of PERSONAL_FACTS) expect(detail).not.toHaveProperty(fact);
    expect(completed.participantIdentity).not.toBeNull();
  });
});

describe("lifecycleEvents of a composition", () => {
  const states: CompositionState[] = [];
  for (const report of EVENTS_OF_ONE_COMPOSITION) states.push(mergeCompositionReport(states.at(-1), report));
  const available = states.at(-1) as CompositionState;

  it("tells composition.available once, when its status becomes completed, and nothing on progress", () => {
    // Act
    const told = states.flatMap((after, index) => namesOf(composition(states[index - 1] ?? null, after)));
    // Assess
    expect(told).toEqual(["composition.available"]);
  });

  it("tells composition.deleted when its status becomes deleted", () => {
    // Act
    const told = namesOf(composition(available, { ...available, status: "deleted" }));
    // Assess
    expect(told).toEqual(["composition.deleted"]);
  });

  it("details the composition as the API shows it", () => {
    // Prepare
    const at = states.findIndex((state) => state.status === "completed");
    const [before, after] = [states[at - 1] ?? null, states[at] as CompositionState];
    // Act
    const detail = lifecycleEvents(composition(before, after))?.detail(false);
    // Assess
    expect(detail).toEqual(toCompositionView(after, false));
  });
});
