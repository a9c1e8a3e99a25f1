import { err, ok, type Result } from "../result";
import type { RenditionContainer } from "./rendition";

/** What reading a written rendition back tells about it. */
export type RenditionReadBack = {
  container: RenditionContainer;
  /** The duration its header states; null when it states none, as a live-written file. */
  durationSeconds: number | null;
  /** Entries of its seek index (Matroska Cues); WebM needs them to seek, MP4 and WAV have none. */
  cuePoints: number;
  /** Bytes. */
  size: number;
};

/** How far a rendition's duration may stray from its source's span: a frame or packet either end, and rounding. */
export const DURATION_TOLERANCE_SECONDS = 1;

/** A rendition that passed: a duration to show, a seek index where its container needs one, bytes. */
export type VerifiedRendition = RenditionReadBack & { durationSeconds: number; sourceSpanSeconds: number };

export type Unverified = {
  kind: "rendition-unverified";
  reason: "duration" | "cues" | "size";
  detail: string;
};

/**
 * Whether a rendition is what a player needs: a duration within a second of the media's span
 * (first packet to end of last, gaps included), Cues in a WebM so that it seeks, and some bytes.
 * A rendition that fails is not to be stored: players would show the same faults as the raw file.
 */
export const verifyRendition = (
  sourceSpanSeconds: number,
  readBack: RenditionReadBack,
): Result<VerifiedRendition, Unverified> => {
  const { durationSeconds, cuePoints, size, container } = readBack;
  if (durationSeconds === null || !Number.isFinite(durationSeconds))
    return unverified("duration", "the rendition states no finite duration");
  if (Math.abs(durationSeconds - sourceSpanSeconds) > DURATION_TOLERANCE_SECONDS)
    return unverified(
      "duration",
      `the rendition lasts ${durationSeconds.toFixed(3)} s where its source spans ${sourceSpanSeconds.toFixed(3)} s`,
    );
  if (container === "webm" && cuePoints === 0) return unverified("cues", "the WebM has no Cues to seek with");
  if (size <= 0) return unverified("size", "the rendition is empty");
  return ok({ ...readBack, durationSeconds, sourceSpanSeconds });
};

const unverified = (reason: Unverified["reason"], detail: string) =>
  err<Unverified>({ kind: "rendition-unverified", reason, detail });
