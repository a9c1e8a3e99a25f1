import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { mergeReport } from "../src/recordings/merge-report";
import {
  FACT_NAMES,
  type RecordingState,
  RecordingStateSchema,
  RecordingViewSchema,
  toRecordingView,
} from "../src/recordings/recording";

const SID = `RT${"c".repeat(32)}`;

const aNewRecording = (): RecordingState =>
  mergeReport(undefined, {
    sid: SID,
    status: "processing",
    at: "2026-05-01T00:00:01.123456Z",
    facts: {},
    dateCreated: { value: "2026-05-01T00:00:00.000000Z", basis: "started" },
  });

const aKnownRecording = (): RecordingState => ({
  ...aNewRecording(),
  roomSid: `RM${"d".repeat(32)}`,
  roomName: "standup",
  participantSid: `PA${"e".repeat(32)}`,
  participantIdentity: "alice",
  sourceSid: `MT${"f".repeat(32)}`,
  trackName: "mic",
  type: "audio",
  codec: "OPUS",
  containerFormat: "mka",
  size: 4096,
  duration: 60,
  offset: 155137307765,
  mediaExternalLocation: "https://bucket.example/path/",
  failedOperation: null,
  status: "deleted",
  completedAt: "2026-05-01T00:01:01.123456Z",
  deletedAt: "2026-06-01T00:00:00.000000Z",
  archive: { bucket: "b", key: "k", size: 4096, archivedAt: "2026-05-02T00:00:00.654321Z" },
});

describe("the recording schema", () => {
  it("makes a record from a first report that it describes, every fact null", () => {
    // Act
    const state = aNewRecording();
    // Assess
    expect(v.safeParse(RecordingStateSchema, state).issues).toBeUndefined();
    for (const name of FACT_NAMES) expect(state[name]).toBeNull();
  });

  it.each([
    { case: "a new recording", state: aNewRecording() },
    { case: "a recording every fact is known of", state: aKnownRecording() },
  ])("answers the view it describes for $case", ({ state }) => {
    // Act
    const view = toRecordingView(state, true);
    // Assess
    expect(v.safeParse(RecordingViewSchema, view).issues).toBeUndefined();
  });

  it("shows timestamps in milliseconds and leaves out the facts kept for diagnosis", () => {
    // Act
    const view = toRecordingView(aKnownRecording(), false);
    // Assess
    expect(view).toMatchObject({
      sid: SID,
      trackName: "mic",
      dateCreated: "2026-05-01T00:00:00.000Z",
      completedAt: "2026-05-01T00:01:01.123Z",
      archive: { archivedAt: "2026-05-02T00:00:00.654Z" },
      held: false,
    });
    expect(view).not.toHaveProperty("mediaExternalLocation");
    expect(view).not.toHaveProperty("statusAt");
  });
});
