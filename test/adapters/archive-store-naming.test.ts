import type { KeyedRecording } from "@video-recordings/core";
import { archiveKey, contentDisposition, mediaContentType, mediaFilename } from "@video-recordings/core";
import { describe, expect, it } from "vitest";

const RT = "RT2c3f5a84328cb488376b45c221f27998";
const RM = "RM5b9970c25fb6f31a7da94fe683be0957";

const aRecording = (overrides: Partial<KeyedRecording> = {}): KeyedRecording => ({
  sid: RT,
  roomSid: RM,
  containerFormat: "mkv",
  type: "video",
  ...overrides,
});

describe("archiveKey", () => {
  it.each([
    { case: "room and container known", overrides: {}, key: `recordings/${RM}/${RT}.mkv` },
    { case: "an audio container", overrides: { containerFormat: "mka" }, key: `recordings/${RM}/${RT}.mka` },
    { case: "room unknown", overrides: { roomSid: null }, key: `recordings/unknown-room/${RT}.mkv` },
    {
      case: "room not a room SID",
      overrides: { roomSid: "../../etc" },
      key: `recordings/unknown-room/${RT}.mkv`,
    },
    {
      case: "container unknown, audio track",
      overrides: { containerFormat: null, type: "audio" },
      key: `recordings/${RM}/${RT}.mka`,
    },
    {
      case: "container and type unknown",
      overrides: { containerFormat: null, type: null },
      key: `recordings/${RM}/${RT}.mkv`,
    },
  ] as const)("files the media by room and recording when $case", ({ overrides, key }) => {
    // Act & Assess
    expect(archiveKey(aRecording(overrides))).toBe(key);
  });

  it("throws when the recording SID is not one", () => {
    // Act & Assess
    expect(() => archiveKey(aRecording({ sid: "RT/../x" }))).toThrow(RangeError);
  });
});

describe("mediaFilename", () => {
  it("names the file after the recording and its container, as Twilio does", () => {
    // Act & Assess
    expect(mediaFilename(aRecording({ containerFormat: "mka" }))).toBe(`${RT}.mka`);
  });
});

describe("mediaContentType", () => {
  it.each([
    { codec: "VP8", container: "mkv", type: "video/webm" },
    { codec: "vp8", container: "mkv", type: "video/webm" },
    { codec: "OPUS", container: "mka", type: "audio/webm" },
    { codec: "opus", container: null, type: "audio/webm" },
    { codec: "PCMU", container: "mka", type: "audio/x-matroska" },
    { codec: "H264", container: "mkv", type: "video/x-matroska" },
    { codec: "AV1", container: "mka", type: "audio/x-matroska" },
    { codec: null, container: "mkv", type: "video/x-matroska" },
    { codec: null, container: null, type: "video/x-matroska" },
  ] as const)("answers $type for codec $codec in $container", ({ codec, container, type }) => {
    // Act & Assess
    expect(mediaContentType(codec, container)).toBe(type);
  });
});

describe("contentDisposition", () => {
  it.each([
    { disposition: "attachment", filename: `${RT}.mka`, header: `attachment; filename="${RT}.mka"` },
    { disposition: "attachment", filename: 'a"b\\c d.mkv', header: 'attachment; filename="a_b_c_d.mkv"' },
    { disposition: "inline", filename: `${RT}.mka`, header: "inline" },
  ] as const)("answers $header for $disposition of $filename", ({ disposition, filename, header }) => {
    // Act & Assess
    expect(contentDisposition(disposition, filename)).toBe(header);
  });
});
