import * as v from "valibot";

/**
 * Why a recording has no rendition. Each reason is about the media itself, so trying again
 * gives the same answer: a job that meets one stops, and the raw media stays as it is.
 */
export const UNSUPPORTED_REASONS = [
  /** The bytes are not readable Matroska: truncated, damaged, or another format. */
  "corrupt",
  /** A codec no rendition carries as it is (or none is named). */
  "unknown-codec",
  /** The media holds another codec than the recording says. */
  "codec-mismatch",
  /** A participant's codecs cannot share one container without re-encoding. */
  "incompatible-codecs",
  /** A packet is timed before the one decoded ahead of it: no player could place it. */
  "timestamps-backwards",
  /** Nothing to play: no track of the kind expected, or no packets. */
  "no-media",
] as const;
export type UnsupportedReason = (typeof UNSUPPORTED_REASONS)[number];

/** `detail` says, for people, what was found (which codec, at which timestamp). */
export const UnsupportedMediaSchema = v.object({
  kind: v.literal("unsupported-media"),
  reason: v.picklist(UNSUPPORTED_REASONS),
  detail: v.string(),
});
export type UnsupportedMedia = v.InferOutput<typeof UnsupportedMediaSchema>;

export const unsupportedMedia = (reason: UnsupportedReason, detail: string): UnsupportedMedia => ({
  kind: "unsupported-media",
  reason,
  detail,
});
