import {
  DURATION_TOLERANCE_SECONDS,
  type KeyedRecording,
  PlayableSchema,
  participantRendition,
  participantRenditionKey,
  playableOf,
  type RenditionReadBack,
  renditionKey,
  trackRendition,
  verifyRendition,
} from "@video-recordings/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";

const ROOM = `RM${"a".repeat(32)}`;
const RECORDING = `RT${"b".repeat(32)}`;
const PARTICIPANT = `PA${"c".repeat(32)}`;

describe("trackRendition", () => {
  it.each([
    { codec: "VP8", container: "webm", contentType: "video/webm" },
    { codec: "opus", container: "webm", contentType: "audio/webm" },
    { codec: "H264", container: "mp4", contentType: "video/mp4" },
    { codec: "PCMU", container: "wav", contentType: "audio/wav" },
  ])("puts $codec into $container, served as $contentType", ({ codec, container, contentType }) => {
    // Act
    const rendition = trackRendition(codec);
    // Assess
    expect(rendition).toMatchObject({ ok: true, value: { container, contentType } });
  });

  it.each([
    { case: "a codec Twilio does not record in", codec: "G722", detail: /G722/ },
    { case: "no codec known yet", codec: null, detail: /not known/ },
  ])("answers unsupported-media (unknown-codec) for $case", ({ codec, detail }) => {
    // Act
    const rendition = trackRendition(codec);
    // Assess
    expect(rendition).toMatchObject({
      ok: false,
      error: { kind: "unsupported-media", reason: "unknown-codec", detail: expect.stringMatching(detail) },
    });
  });
});

describe("participantRendition", () => {
  it.each([
    { case: "VP8 + Opus", audio: "opus", video: "vp8", container: "webm", contentType: "video/webm" },
    { case: "H264 + Opus", audio: "OPUS", video: "H264", container: "mp4", contentType: "video/mp4" },
    { case: "Opus alone", audio: "opus", video: null, container: "webm", contentType: "audio/webm" },
    { case: "PCMU alone", audio: "pcmu", video: null, container: "wav", contentType: "audio/wav" },
    { case: "H264 alone", audio: null, video: "h264", container: "mp4", contentType: "video/mp4" },
  ])("puts $case into $container", ({ audio, video, container, contentType }) => {
    // Act
    const rendition = participantRendition({ audio, video });
    // Assess
    expect(rendition).toMatchObject({ ok: true, value: { container, contentType } });
  });

  it.each([
    {
      case: "PCMU beside VP8",
      audio: "pcmu",
      video: "vp8",
      reason: "incompatible-codecs",
      detail: /pcmu.*vp8/,
    },
    {
      case: "PCMU beside H264",
      audio: "pcmu",
      video: "h264",
      reason: "incompatible-codecs",
      detail: /pcmu.*h264/,
    },
    {
      case: "video codec as audio",
      audio: "vp8",
      video: "vp8",
      reason: "incompatible-codecs",
      detail: /vp8/,
    },
    {
      case: "audio codec as video",
      audio: "opus",
      video: "opus",
      reason: "incompatible-codecs",
      detail: /opus/,
    },
    { case: "an unknown codec", audio: "opus", video: "VP9", reason: "unknown-codec", detail: /VP9/ },
    { case: "no tracks", audio: null, video: null, reason: "no-media", detail: /no audio and no video/ },
  ])("answers unsupported-media ($reason) for $case", ({ audio, video, reason, detail }) => {
    // Act
    const rendition = participantRendition({ audio, video });
    // Assess
    expect(rendition).toMatchObject({
      ok: false,
      error: { kind: "unsupported-media", reason, detail: expect.stringMatching(detail) },
    });
  });
});

describe("renditionKey", () => {
  const recording: KeyedRecording & { archive: { key: string } | null } = {
    sid: RECORDING,
    roomSid: ROOM,
    containerFormat: "mkv",
    type: "video",
    archive: null,
  };

  it("puts a rendition beside the copy the recording would get, under its room", () => {
    // Act
    const key = renditionKey(recording, "webm");
    // Assess
    expect(key).toBe(`recordings/${ROOM}/${RECORDING}.playable.webm`);
  });

  it("puts a rendition beside the archived copy's own key, which may predate the room", () => {
    // Prepare
    const archived = { ...recording, archive: { key: `recordings/unknown-room/${RECORDING}.mka` } };
    // Act
    const key = renditionKey(archived, "wav");
    // Assess
    expect(key).toBe(`recordings/unknown-room/${RECORDING}.playable.wav`);
  });

  it("refuses a SID that is not a recording's", () => {
    // Act
    const keying = () => renditionKey({ ...recording, sid: "RT../../x" }, "mp4");
    // Assess
    expect(keying).toThrow(RangeError);
  });
});

describe("participantRenditionKey", () => {
  it("puts a participant's file beside the room's recordings", () => {
    // Act
    const key = participantRenditionKey(ROOM, PARTICIPANT, "mp4");
    // Assess
    expect(key).toBe(`recordings/${ROOM}/${PARTICIPANT}.playable.mp4`);
  });

  it.each([
    { case: "room", room: "RM123", participant: PARTICIPANT },
    { case: "participant", room: ROOM, participant: RECORDING },
  ])("refuses a $case SID that is not one", ({ room, participant }) => {
    // Act
    const keying = () => participantRenditionKey(room, participant, "webm");
    // Assess
    expect(keying).toThrow(RangeError);
  });
});

describe("verifyRendition", () => {
  const webm: RenditionReadBack = { container: "webm", durationSeconds: 60.4, cuePoints: 12, size: 1_000 };

  it("passes a WebM within a second of its source's span, with Cues and bytes", () => {
    // Act
    const verified = verifyRendition(60, webm);
    // Assess
    expect(verified).toEqual({ ok: true, value: { ...webm, sourceSpanSeconds: 60 } });
  });

  it("passes an MP4 or a WAV without Cues, which they do not have", () => {
    // Act
    const verified = verifyRendition(60, { ...webm, container: "mp4", cuePoints: 0 });
    // Assess
    expect(verified.ok).toBe(true);
  });

  it.each([
    { case: "no duration stated", readBack: { durationSeconds: null }, reason: "duration" },
    {
      case: "an endless duration",
      readBack: { durationSeconds: Number.POSITIVE_INFINITY },
      reason: "duration",
    },
    {
      case: "a duration more than a second off",
      readBack: { durationSeconds: 60 + DURATION_TOLERANCE_SECONDS + 0.01 },
      reason: "duration",
    },
    { case: "a WebM without Cues", readBack: { cuePoints: 0 }, reason: "cues" },
    { case: "an empty file", readBack: { size: 0 }, reason: "size" },
  ])("fails $case", ({ readBack, reason }) => {
    // Act
    const verified = verifyRendition(60, { ...webm, ...readBack });
    // Assess
    expect(verified).toMatchObject({ ok: false, error: { kind: "rendition-unverified", reason } });
  });
});

describe("playableOf", () => {
  it("records the stored rendition as a recording keeps it", () => {
    // Act
    const playable = playableOf(
      "recordings/x.playable.webm",
      { size: 1234, contentType: "video/webm" },
      new Date("2026-11-20T10:00:00.123Z"),
    );
    // Assess
    expect(playable).toEqual({
      key: "recordings/x.playable.webm",
      size: 1234,
      contentType: "video/webm",
      createdAt: "2026-11-20T10:00:00.123000Z",
    });
    expect(v.is(PlayableSchema, playable)).toBe(true);
  });
});
