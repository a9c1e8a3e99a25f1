import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { ArchiveStore } from "../archive/ports";
import { updateState } from "../indexing/update-state";
import type { RecordingStore } from "../recordings/ports";
import type { RecordingState } from "../recordings/recording";
import type { TwilioFailure } from "../twilio/failures";
import type { TwilioVideo } from "../twilio/ports";
import { type Playable, playableOf } from "./playable";
import type { MediaInput, Remuxer } from "./ports";
import { trackRendition } from "./rendition";
import { renditionKey } from "./rendition-key";
import type { UnsupportedMedia } from "./unsupported-media";
import { unsupportedMedia } from "./unsupported-media";

export type RenditionDeps = {
  recordings: RecordingStore;
  archive: ArchiveStore;
  twilio: Pick<TwilioVideo, "openMedia">;
  remuxer: Remuxer;
  /** A folder on local disk (Lambda's `/tmp`) where the file is made before it is uploaded. */
  workDir: string;
  clock: () => Date;
  /** Epoch ms by which Twilio must have answered. */
  deadline: number;
};

/** How a rendition job ended. Anything else (an outage, a download broken off) throws, to be tried again. */
export type RenditionOutcome =
  | { kind: "made"; playable: Playable }
  | { kind: "exists"; playable: Playable }
  /** The media cannot be made playable without re-encoding, or is damaged: recorded, not tried again. */
  | { kind: "unsupported"; unsupported: UnsupportedMedia }
  /** Not indexed, or deleted from Twilio without an archived copy: no media exists anywhere. */
  | { kind: "gone" }
  /** Still processing or failed at Twilio: no media to read yet, or ever. */
  | { kind: "not-ready"; status: string };

/** Thrown when Twilio could not serve the media it holds; the job is tried again later. */
export class MediaUnavailableError extends Error {
  constructor(sid: string, failure: TwilioFailure) {
    super(`media of ${sid} unavailable: ${failure.kind}: ${failure.message}`);
    this.name = "MediaUnavailableError";
  }
}

/**
 * Makes a recording's playable rendition and records it: reads the media once (the archived copy
 * when there is one, Twilio's otherwise), remuxes it into a local file, reads that back to verify
 * it, uploads it beside the archived copy, and only then records `playable` on the recording.
 *
 * Idempotent: a rendition already recorded and still stored is answered as it is; two jobs at
 * once write the same bytes to the same key, and the first to record it wins. A job cut short
 * leaves at most an object nobody points at, which the next attempt replaces: nothing is served
 * before it is recorded.
 */
export const makeRendition = async (deps: RenditionDeps, sid: string): Promise<RenditionOutcome> => {
  const stored = await deps.recordings.get(sid);
  if (stored === undefined) return { kind: "gone" };
  const recording = stored.state;
  const { playable } = recording;
  if (playable !== null && (await deps.archive.stat(playable.key))?.size === playable.size)
    return { kind: "exists", playable };
  if (recording.unplayable !== null) return { kind: "unsupported", unsupported: recording.unplayable };
  const rendition = trackRendition(recording.codec);
  if (!rendition.ok) return unplayable(deps, sid, rendition.error);
  const source = await openSource(deps, recording);
  if (source.kind !== "media") return source;

  const key = renditionKey(recording, rendition.value.container);
  // A file of its own per attempt: two jobs for one recording may run in one process (local mode).
  const path = join(deps.workDir, `${sid}.${randomUUID()}.${rendition.value.container}`);
  try {
    const remuxed = await deps.remuxer.track({ media: source.media, rendition: rendition.value }, path);
    if (!remuxed.ok)
      return unplayable(
        deps,
        sid,
        remuxed.error.kind === "unsupported-media"
          ? remuxed.error
          : unsupportedMedia("corrupt", `the rendition failed its check: ${remuxed.error.detail}`),
      );
    const file = remuxed.value;
    const uploaded = await deps.archive.upload(
      key,
      Readable.toWeb(createReadStream(path)) as ReadableStream,
      {
        contentType: file.contentType,
        expectedSize: file.size,
      },
    );
    if (!uploaded.ok) throw new Error(`rendition of ${sid} not stored: ${uploaded.error.kind}`);
    return recordPlayable(deps, sid, playableOf(key, file, deps.clock()));
  } finally {
    await rm(path, { force: true });
  }
};

type Source = { kind: "media"; media: MediaInput } | Exclude<RenditionOutcome, { kind: "made" | "exists" }>;

/** The archived copy is read first: it needs nothing from Twilio, and outlives Twilio's media. */
const openSource = async (deps: RenditionDeps, recording: RecordingState): Promise<Source> => {
  const size = recording.size ?? undefined;
  if (recording.archive !== null) {
    const stream = await deps.archive.open(recording.archive.key);
    if (stream !== undefined) return { kind: "media", media: { stream, size: recording.archive.size } };
  }
  if (recording.status === "deleted") return { kind: "gone" };
  if (recording.status !== "completed") return { kind: "not-ready", status: recording.status };
  const media = await deps.twilio.openMedia(recording.sid, { deadline: deps.deadline });
  if (media.ok)
    return { kind: "media", media: { stream: media.value.body, ...(size !== undefined && { size }) } };
  if (media.error.kind === "not-found") return { kind: "gone" };
  throw new MediaUnavailableError(recording.sid, media.error);
};

const recordPlayable = (deps: RenditionDeps, sid: string, made: Playable): Promise<RenditionOutcome> =>
  updateState<RecordingState, RenditionOutcome>(deps.recordings, sid, (stored) => {
    if (stored === undefined) return { answer: { kind: "gone" } };
    const { playable } = stored.state;
    if (playable !== null) return { answer: { kind: "exists", playable } };
    return { write: { ...stored.state, playable: made }, answer: { kind: "made", playable: made } };
  });

const unplayable = (
  deps: RenditionDeps,
  sid: string,
  unsupported: UnsupportedMedia,
): Promise<RenditionOutcome> =>
  updateState<RecordingState, RenditionOutcome>(deps.recordings, sid, (stored) =>
    stored === undefined
      ? { answer: { kind: "gone" } }
      : {
          write: { ...stored.state, unplayable: unsupported },
          answer: { kind: "unsupported", unsupported },
        },
  );
