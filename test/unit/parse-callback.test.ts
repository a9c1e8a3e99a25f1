import { parseCallback } from "@video-recordings/core";
import { describe, expect, it } from "vitest";
import { aRecordingCallback } from "../fixtures/callbacks";

describe("parseCallback", () => {
  it("reads Twilio's documented recording-completed body into a report", () => {
    // Act
    const parsed = parseCallback(aRecordingCallback());
    // Assess
    expect(parsed).toEqual({
      ok: true,
      value: {
        kind: "recording",
        accountSid: "AC88c0e76737ac477de3a4700666b63186",
        roomSid: "RM5b9970c25fb6f31a7da94fe683be0957",
        report: {
          sid: "RT2c3f5a84328cb488376b45c221f27998",
          status: "completed",
          at: "2020-08-20T01:42:05.839174Z",
          facts: {
            accountSid: "AC88c0e76737ac477de3a4700666b63186",
            roomSid: "RM5b9970c25fb6f31a7da94fe683be0957",
            roomName: "1f03d8d2-2a1e-4a52-8b55-8a7b5b2f1c40",
            participantSid: "PAec462533b0a659b7eb122a7ff9e2312e",
            participantIdentity: "ad9d1899-5a2b-4f39-a1b4-0c0d7a6f4b11",
            sourceSid: "MT863e43b23ad81723cc410f548045c6e3",
            trackName: "6ec82db2-0a4c-4d3e-9a43-0b8f6a1f7f28",
            type: "video",
            codec: "VP8",
            containerFormat: "mkv",
            size: 105956,
            duration: 3,
            offset: 155137307765,
            mediaExternalLocation: null,
            failedOperation: null,
          },
          dateCreated: { value: "2020-08-20T01:42:02.839174Z", basis: "estimated" },
        },
      },
    });
  });

  it.each([
    { case: "room-created", event: "room-created" },
    { case: "participant-connected", event: "participant-connected" },
    { case: "an event Twilio adds later", event: "room-paused" },
  ])("acknowledges $case as a room event", ({ event }) => {
    // Act
    const parsed = parseCallback({
      AccountSid: "AC88c0e76737ac477de3a4700666b63186",
      StatusCallbackEvent: event,
    });
    // Assess
    expect(parsed).toEqual({ ok: true, value: { kind: "room-event", event } });
  });

  it("ignores parameters it does not know and empty values", () => {
    // Act
    const parsed = parseCallback(
      aRecordingCallback({ SomethingNew: "x", MediaExternalLocation: "", TrackName: "" }),
    );
    // Assess
    expect(parsed.ok && parsed.value.kind === "recording" && parsed.value.report.facts.trackName).toBeNull();
  });

  it("accepts a Duration of exactly seven days", () => {
    // Act
    const parsed = parseCallback(aRecordingCallback({ Duration: "604800" }));
    // Assess
    expect(parsed).toMatchObject({ ok: true, value: { report: { facts: { duration: 604_800 } } } });
  });

  it("takes a failed recording's Timestamp as its estimated creation, even with a Duration", () => {
    // Act
    const parsed = parseCallback(
      aRecordingCallback({ StatusCallbackEvent: "recording-failed", Duration: "3" }),
    );
    // Assess
    expect(parsed).toMatchObject({
      ok: true,
      value: { report: { dateCreated: { value: "2020-08-20T01:42:05.839174Z", basis: "estimated" } } },
    });
  });

  it.each([
    { case: "no event", overrides: { StatusCallbackEvent: "" }, field: "StatusCallbackEvent" },
    {
      case: "an unknown recording event",
      overrides: { StatusCallbackEvent: "recording-paused" },
      field: "StatusCallbackEvent",
    },
    { case: "no RecordingSid", overrides: { RecordingSid: "" }, field: "RecordingSid" },
    { case: "a malformed RecordingSid", overrides: { RecordingSid: "RT123" }, field: "RecordingSid" },
    {
      case: "a room SID as RecordingSid",
      overrides: { RecordingSid: "RM5b9970c25fb6f31a7da94fe683be0957" },
      field: "RecordingSid",
    },
    {
      case: "a malformed RoomSid",
      overrides: { RoomSid: "RMzz9970c25fb6f31a7da94fe683be0957" },
      field: "RoomSid",
    },
    { case: "no Timestamp", overrides: { Timestamp: "" }, field: "Timestamp" },
    { case: "a local-time Timestamp", overrides: { Timestamp: "2020-08-20T01:42:05" }, field: "Timestamp" },
    { case: "an impossible date", overrides: { Timestamp: "2020-13-45T01:42:05Z" }, field: "Timestamp" },
    { case: "a date before 1970", overrides: { Timestamp: "0001-01-01T00:00:00Z" }, field: "Timestamp" },
    { case: "a negative Size", overrides: { Size: "-1" }, field: "Size" },
    { case: "a fractional Duration", overrides: { Duration: "1.5" }, field: "Duration" },
    { case: "a Duration of seven days and a second", overrides: { Duration: "604801" }, field: "Duration" },
    { case: "a seven-digit Duration", overrides: { Duration: "9999999" }, field: "Duration" },
    { case: "a Duration past any room's life", overrides: { Duration: "99999999999" }, field: "Duration" },
    {
      case: "a Duration beyond date arithmetic",
      overrides: { Duration: "999999999999999" },
      field: "Duration",
    },
    { case: "an unknown Type", overrides: { Type: "hologram" }, field: "Type" },
    { case: "an unknown Container", overrides: { Container: "mp4" }, field: "Container" },
    { case: "a Size with text after it", overrides: { Size: "12abc" }, field: "Size" },
    { case: "a Codec with a symbol after it", overrides: { Codec: "vp8!" }, field: "Codec" },
    { case: "a Codec with a symbol before it", overrides: { Codec: "!vp8" }, field: "Codec" },
    { case: "no AccountSid", overrides: { AccountSid: "" }, field: "AccountSid" },
  ])("rejects $case naming the field", ({ overrides, field }) => {
    // Act
    const parsed = parseCallback(aRecordingCallback(overrides));
    // Assess
    expect(parsed).toMatchObject({ ok: false, error: { kind: "malformed", field } });
  });

  it.each([
    { case: "no event", overrides: { StatusCallbackEvent: "" }, message: "is missing" },
    {
      case: "an unknown recording event",
      overrides: { StatusCallbackEvent: "recording-paused" },
      message: "is not a known recording event: recording-paused",
    },
    {
      case: "a long TrackName",
      overrides: { TrackName: "t".repeat(2049) },
      message: "is longer than 2048 characters",
    },
    { case: "a negative Size", overrides: { Size: "-1" }, message: "is not a whole number" },
    { case: "a fractional Duration", overrides: { Duration: "1.5" }, message: "is not a whole number" },
    { case: "a long Duration", overrides: { Duration: "604801" }, message: "is more than 604800 seconds" },
    { case: "a Codec with a dash", overrides: { Codec: "vp-8" }, message: "is not a codec name" },
    {
      case: "a local-time Timestamp",
      overrides: { Timestamp: "2020-08-20T01:42:05" },
      message: "is not an ISO 8601 UTC timestamp",
    },
    { case: "a SourceSid that is no SID", overrides: { SourceSid: "MT123" }, message: "is not a SID" },
    { case: "an unknown Type", overrides: { Type: "hologram" }, message: "is not audio, video or data" },
    { case: "an unknown Container", overrides: { Container: "mp4" }, message: "is not mka or mkv" },
  ])("says what is wrong with $case", ({ overrides, message }) => {
    // Act
    const parsed = parseCallback(aRecordingCallback(overrides));
    // Assess
    expect(parsed).toMatchObject({ ok: false, error: { message } });
  });
});
