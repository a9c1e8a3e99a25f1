import type { ArchiveStore } from "../archive/ports";
import { updateState } from "../indexing/update-state";
import type { RecordingStore } from "../recordings/ports";
import type { RecordingState } from "../recordings/recording";
import type { TwilioVideo } from "../twilio/ports";
import { openMediaSource } from "./media-source";
import { type Playable, type PlayableSpan, playableOf } from "./playable";
import type { Remuxer } from "./ports";
import { trackRendition } from "./rendition";
import { renditionKey } from "./rendition-key";
import { storeRemuxed } from "./store-remuxed";
import type { UnsupportedMedia } from "./unsupported-media";

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
  const source = await openMediaSource(deps, recording);
  if (source.kind !== "media") return source;

  const { container } = rendition.value;
  const made = await storeRemuxed(
    deps,
    { name: sid, key: renditionKey(recording, container), container },
    (path) => deps.remuxer.track({ media: source.media, rendition: rendition.value }, path),
  );
  if (!made.ok) return unplayable(deps, sid, made.error);
  return recordPlayable(deps, sid, playableOf(made.value.key, made.value, deps.clock()), made.value.span);
};

const recordPlayable = (
  deps: RenditionDeps,
  sid: string,
  made: Playable,
  span: PlayableSpan,
): Promise<RenditionOutcome> =>
  updateState<RecordingState, RenditionOutcome>(deps.recordings, sid, (stored) => {
    if (stored === undefined) return { answer: { kind: "gone" } };
    const { playable } = stored.state;
    if (playable !== null) return { answer: { kind: "exists", playable } };
    return {
      write: { ...stored.state, playable: made, playableSpan: span },
      answer: { kind: "made", playable: made },
    };
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
