import type { Disposition } from "../disposition";
import type { ContainerFormat } from "../recordings/recording";

/** Content types Twilio serves recording media with, by codec (compared case-insensitively). */
const BY_CODEC: Readonly<Record<string, string>> = {
  vp8: "video/webm",
  opus: "audio/webm",
  pcmu: "audio/x-matroska",
  h264: "video/x-matroska",
};

/**
 * The media's content type: Twilio's by codec; for an unknown codec, Matroska audio for an
 * `mka` container and Matroska video otherwise (every Twilio recording is Matroska).
 */
export const mediaContentType = (codec: string | null, containerFormat: ContainerFormat | null): string =>
  (codec !== null && BY_CODEC[codec.toLowerCase()]) ||
  (containerFormat === "mka" ? "audio/x-matroska" : "video/x-matroska");

/**
 * The `Content-Disposition` a download answers with, as Twilio's own media links do:
 * `attachment; filename="RT….mka"`, or bare `inline`. Characters that would need quoting or
 * encoding are replaced, so the header is always plain ASCII.
 */
export const contentDisposition = (disposition: Disposition, filename: string): string =>
  disposition === "inline" ? "inline" : `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`;
