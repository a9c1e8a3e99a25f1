import {
  mergeReport,
  normalizeTimestamp,
  type TwilioRecording,
  toRecordingReport,
} from "@video-recordings/core";
import { RecordingResourceSchema, toTwilioRecording } from "@video-recordings/core/twilio";
import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";

const RT = "RT2c3f5a84328cb488376b45c221f27998";
const OBSERVED_AT = "2026-02-01T12:00:00.000000Z";

/** The recording example of Twilio's OpenAPI description, with a real payload's lower-case codec. */
const aRecordingJson = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  account_sid: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  status: "completed",
  date_created: "2015-07-30T20:00:00Z",
  sid: RT,
  source_sid: "MTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  size: 23,
  url: `https://video.twilio.com/v1/Recordings/${RT}`,
  type: "audio",
  duration: 10,
  container_format: "mka",
  codec: "opus",
  track_name: "A name",
  offset: 10,
  status_callback: "https://mycallbackurl.com",
  status_callback_method: "POST",
  grouping_sids: {
    room_sid: "RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    participant_sid: "PAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  },
  media_external_location: "https://my-super-duper-bucket.s3.amazonaws.com/my/path/",
  links: { media: `https://video.twilio.com/v1/Recordings/${RT}/Media` },
  ...overrides,
});

const parse = (json: unknown): TwilioRecording => toTwilioRecording(v.parse(RecordingResourceSchema, json));

describe("RecordingResourceSchema", () => {
  it("reads every documented field into camelCase when Twilio sends a full recording", () => {
    // Prepare
    const json = aRecordingJson();
    // Act
    const recording = parse(json);
    // Assess
    expect(recording).toEqual({
      sid: RT,
      accountSid: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      status: "completed",
      dateCreated: "2015-07-30T20:00:00.000000Z",
      sourceSid: "MTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      size: 23,
      url: `https://video.twilio.com/v1/Recordings/${RT}`,
      type: "audio",
      duration: 10,
      containerFormat: "mka",
      codec: "OPUS",
      roomSid: "RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      participantSid: "PAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      trackName: "A name",
      offset: 10,
      mediaExternalLocation: "https://my-super-duper-bucket.s3.amazonaws.com/my/path/",
      statusCallback: "https://mycallbackurl.com",
      statusCallbackMethod: "POST",
      mediaUrl: `https://video.twilio.com/v1/Recordings/${RT}/Media`,
    });
  });

  it.each([
    { case: "null", value: null },
    { case: "missing", value: undefined },
  ])("reads every optional field as null when Twilio sends them $case", ({ value }) => {
    // Prepare
    const nulled = Object.fromEntries(
      Object.keys(aRecordingJson())
        .filter((name) => name !== "sid" && name !== "status")
        .map((name) => [name, value]),
    );
    // Act
    const recording = parse(aRecordingJson(nulled));
    // Assess
    expect(Object.entries(recording).filter(([, field]) => field !== null)).toEqual([
      ["sid", RT],
      ["status", "completed"],
    ]);
  });

  it("ignores fields it does not know when Twilio adds some (room-scoped items carry room_sid)", () => {
    // Prepare
    const json = aRecordingJson({ room_sid: "RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", brand_new: { x: 1 } });
    // Act
    const parsed = v.safeParse(RecordingResourceSchema, json);
    // Assess
    expect(parsed.success).toBe(true);
  });

  it.each([
    { case: "an unknown status", overrides: { status: "archived" } },
    { case: "a missing sid", overrides: { sid: null } },
    { case: "a sid of another kind", overrides: { sid: "RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" } },
    { case: "a local-time date", overrides: { date_created: "2015-07-30T20:00:00+02:00" } },
    { case: "a size in text", overrides: { size: "23" } },
    { case: "an unknown container", overrides: { container_format: "mp4" } },
  ])("rejects the resource when it carries $case", ({ overrides }) => {
    // Prepare
    const json = aRecordingJson(overrides);
    // Act
    const parsed = v.safeParse(RecordingResourceSchema, json);
    // Assess
    expect(parsed.success).toBe(false);
  });
});

describe("toRecordingReport", () => {
  it("reports Twilio's status, date and facts when the recording is completed", () => {
    // Prepare
    const recording = parse(aRecordingJson());
    // Act
    const report = toRecordingReport(recording, OBSERVED_AT);
    // Assess
    expect(report).toEqual({
      sid: RT,
      status: "completed",
      at: OBSERVED_AT,
      dateCreated: { value: normalizeTimestamp("2015-07-30T20:00:00Z"), basis: "twilio" },
      facts: {
        accountSid: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        roomSid: "RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        participantSid: "PAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        sourceSid: "MTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        trackName: "A name",
        type: "audio",
        codec: "OPUS",
        containerFormat: "mka",
        offset: 10,
        mediaExternalLocation: "https://my-super-duper-bucket.s3.amazonaws.com/my/path/",
        size: 23,
        duration: 10,
      },
    });
  });

  it.each([
    { status: "processing", size: 0, duration: 0 },
    { status: "failed", size: 0, duration: null },
  ])(
    "leaves size and duration out of the facts when the recording is $status",
    ({ status, size, duration }) => {
      // Prepare
      const recording = parse(aRecordingJson({ status, size, duration }));
      // Act
      const report = toRecordingReport(recording, OBSERVED_AT);
      // Assess
      expect(report.facts).not.toHaveProperty("size");
      expect(report.facts).not.toHaveProperty("duration");
    },
  );

  it("keeps size and duration as facts when the recording is deleted", () => {
    // Prepare
    const recording = parse(aRecordingJson({ status: "deleted" }));
    // Act
    const report = toRecordingReport(recording, OBSERVED_AT);
    // Assess
    expect(report.facts).toMatchObject({ size: 23, duration: 10 });
  });

  it("estimates the creation date as the moment of asking when Twilio sends none", () => {
    // Prepare
    const recording = parse(aRecordingJson({ date_created: null }));
    // Act
    const report = toRecordingReport(recording, OBSERVED_AT);
    // Assess
    expect(report.dateCreated).toEqual({ value: OBSERVED_AT, basis: "estimated" });
  });

  it("merges to the completed size whatever order a processing and a completed report arrive in", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000 }),
        fc.nat({ max: 5_000 }),
        fc.boolean(),
        (size, placeholder, reversed) => {
          // Prepare
          const processing = toRecordingReport(
            parse(aRecordingJson({ status: "processing", size: placeholder, duration: placeholder })),
            "2026-02-01T11:00:00.000000Z",
          );
          const completed = toRecordingReport(parse(aRecordingJson({ size, duration: 7 })), OBSERVED_AT);
          const [first, second] = reversed ? [completed, processing] : [processing, completed];
          // Act
          const state = mergeReport(mergeReport(undefined, first), second);
          // Assess
          expect(state).toMatchObject({ status: "completed", size, duration: 7 });
        },
      ),
    );
  });
});
