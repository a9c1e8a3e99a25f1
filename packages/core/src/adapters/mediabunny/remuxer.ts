import { rm } from "node:fs/promises";
import type { AlignedMedia, MediaInput, RemuxedFile, Remuxer, RemuxRejection } from "../../renditions/ports";
import type { RenditionContainer, TrackRendition } from "../../renditions/rendition";
import { verifyRendition } from "../../renditions/verification";
import { err, ok, type Result } from "../../result";
import { type PlacedTrack, type WrittenSpan, writeContainer } from "./container-writer";
import { findTrack, type OpenedMedia, openMedia, UnsupportedMediaError } from "./media-input";
import { readBack } from "./read-back";
import { writeWav } from "./wav-writer";
import { keepKeyframeCues } from "./webm-cues";

/** What a rendition is written as: its container, and what to serve it as. */
type Made = { container: RenditionContainer; contentType: string };

/** One recording to read: its media, the rendition its codec calls for, its place on the shared timeline. */
type Part = { media: MediaInput; track: TrackRendition; offsetSeconds: number };

/**
 * Renditions with mediabunny, a pure-TypeScript media library: packets copied as they are (no
 * decoding but µ-law's, by table), written to a local file, then read back and verified.
 */
export const mediabunnyRemuxer: Remuxer = {
  track: ({ media, rendition }, path) =>
    remux(rendition, [{ media, track: rendition, offsetSeconds: 0 }], path),
  participant: ({ rendition, audio, video }, path) =>
    remux(rendition, [...partOf(audio, rendition.audio), ...partOf(video, rendition.video)], path),
};

const partOf = (aligned: AlignedMedia | null, track: TrackRendition | null): Part[] => {
  if ((aligned === null) !== (track === null))
    throw new TypeError("the participant's media and its rendition name different tracks");
  return aligned === null || track === null
    ? []
    : [{ media: aligned.media, track, offsetSeconds: aligned.offsetMs / 1000 }];
};

/**
 * Writes a rendition of `parts`, fixes its cues (WebM), reads it back and verifies it. Whatever
 * happens the inputs are released, and unless the answer is a verified file nothing is left at
 * `path`.
 */
const remux = async (
  made: Made,
  parts: readonly Part[],
  path: string,
): Promise<Result<RemuxedFile, RemuxRejection>> => {
  const opened = parts.map((part) => ({ ...part, opened: openMedia(part.media) }));
  let kept = false;
  try {
    const { spanSeconds, sourceStartSeconds } = await write(made.container, opened, path);
    if (made.container === "webm") await keepKeyframeCues(path);
    const verified = verifyRendition(spanSeconds, await readBack(path, made.container));
    if (!verified.ok) return verified;
    kept = true;
    return ok({ ...verified.value, path, contentType: made.contentType, sourceStartSeconds });
  } catch (error) {
    if (error instanceof UnsupportedMediaError) return err(error.unsupported);
    throw error;
  } finally {
    for (const part of opened) part.opened.input.dispose();
    if (!kept) await rm(path, { force: true });
  }
};

const write = async (
  container: RenditionContainer,
  parts: readonly (Part & { opened: OpenedMedia })[],
  path: string,
): Promise<WrittenSpan> => {
  const placed: PlacedTrack[] = [];
  for (const { opened, track, offsetSeconds } of parts)
    placed.push({ found: await findTrack(opened, track.kind, track.codec), offsetSeconds });
  if (container !== "wav") return writeContainer(placed, container, path);
  const [only, ...more] = placed;
  if (only === undefined || more.length > 0) throw new TypeError("a WAV holds one audio track");
  return writeWav(only.found, path);
};
