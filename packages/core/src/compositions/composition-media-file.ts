import type { CompositionState } from "./composition";
import type { CompositionFormat } from "./composition-values";

const CONTENT_TYPES: Readonly<Record<CompositionFormat, string>> = { mp4: "video/mp4", webm: "video/webm" };

// Twilio composes to MP4 unless asked otherwise.
const DEFAULT_FORMAT: CompositionFormat = "mp4";

/** A composition's media as a file: `<compositionSid>.<mp4|webm>` and its content type. */
export const compositionMediaFile = (
  composition: Pick<CompositionState, "sid" | "format">,
): { filename: string; contentType: string } => {
  const format = composition.format ?? DEFAULT_FORMAT;
  return { filename: `${composition.sid}.${format}`, contentType: CONTENT_TYPES[format] };
};
