import { rm } from "node:fs/promises";
import type {
  ParticipantMedia,
  RemuxedFile,
  Remuxer,
  RemuxRejection,
  TrackMedia,
} from "../../renditions/ports";
import type { RenditionContainer } from "../../renditions/rendition";
import { verifyRendition } from "../../renditions/verification";
import { err, ok, type Result } from "../../result";
import { type PlacedTrack, type WrittenSpan, writeContainer } from "./container-writer";
import { findTrack, type OpenedMedia, openMedia, UnsupportedMediaError } from "./media-input";
import { readBack } from "./read-back";
import { writeWav } from "./wav-writer";
import { keepKeyframeCues } from "./webm-cues";

/** What a rendition is written as: its container, and what to serve it as. */
type Made = { container: RenditionContainer; contentType: string };

/**
 * Renditions with mediabunny, a pure-TypeScript media library: packets copied as they are (no
 * decoding but µ-law's, by table), written to a local file, then read back and verified.
 */
export const mediabunnyRemuxer: Remuxer = {
  track: ({ media, rendition }: TrackMedia, path: string) =>
    remux(rendition, path, [media].map(openMedia), async ([opened]) => {
      if (opened === undefined) throw new TypeError("no media to read");
      const found = await findTrack(opened, rendition.kind, rendition.codec);
      return rendition.container === "wav"
        ? writeWav(found, path)
        : writeContainer([{ found, offsetSeconds: 0 }], rendition.container, path);
    }),

  participant: ({ rendition, audio, video }: ParticipantMedia, path: string) => {
    const tracks = [
      { media: audio, track: rendition.audio },
      { media: video, track: rendition.video },
    ].flatMap(({ media, track }) => {
      if ((media === null) !== (track === null))
        throw new TypeError("the participant's media and its rendition name different tracks");
      return media === null || track === null ? [] : [{ media, track }];
    });
    return remux(
      rendition,
      path,
      tracks.map(({ media }) => openMedia(media.media)),
      async (opened) => {
        const placed: PlacedTrack[] = [];
        for (const [index, { media, track }] of tracks.entries()) {
          const input = opened[index];
          if (input === undefined) throw new TypeError("no media to read");
          const found = await findTrack(input, track.kind, track.codec);
          placed.push({ found, offsetSeconds: media.offsetMs / 1000 });
        }
        if (rendition.container === "wav") {
          const [only] = placed;
          if (only === undefined || placed.length > 1) throw new TypeError("a WAV holds one audio track");
          return writeWav(only.found, path);
        }
        return writeContainer(placed, rendition.container, path);
      },
    );
  },
};

/**
 * Writes a rendition with `write`, fixes its cues (WebM), reads it back and verifies it. Whatever
 * happens the inputs are released, and unless the answer is a verified file nothing is left at
 * `path`.
 */
const remux = async (
  made: Made,
  path: string,
  inputs: readonly OpenedMedia[],
  write: (inputs: readonly OpenedMedia[]) => Promise<WrittenSpan>,
): Promise<Result<RemuxedFile, RemuxRejection>> => {
  let kept = false;
  try {
    const { spanSeconds, sourceStartSeconds } = await write(inputs);
    if (made.container === "webm") await keepKeyframeCues(path);
    const verified = verifyRendition(spanSeconds, await readBack(path, made.container));
    if (!verified.ok) return verified;
    kept = true;
    return ok({ ...verified.value, path, contentType: made.contentType, sourceStartSeconds });
  } catch (error) {
    if (error instanceof UnsupportedMediaError) return err(error.unsupported);
    throw error;
  } finally {
    for (const { input } of inputs) input.dispose();
    if (!kept) await rm(path, { force: true });
  }
};
