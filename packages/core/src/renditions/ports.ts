import type { Result } from "../result";
import type { ParticipantRendition, TrackRendition } from "./rendition";
import type { UnsupportedMedia } from "./unsupported-media";
import type { Unverified, VerifiedRendition } from "./verification";

/**
 * Media to read once, start to end: a file on this machine, or bytes as they arrive (Twilio's
 * media download, the archived copy). With `size`, a stream that ends short is a failed
 * download (thrown, worth another try), not media cut short.
 */
export type MediaInput = { path: string } | { stream: ReadableStream<Uint8Array>; size?: number };

/** One recording's media and the rendition its codec calls for (`trackRendition`). */
export type TrackMedia = { media: MediaInput; rendition: TrackRendition };

/**
 * One of a participant's recordings: its media and its `offset` (ms), which with the media's own
 * first timestamp places it on the room's timeline.
 */
export type AlignedMedia = { media: MediaInput; offsetMs: number };

/** A participant's recordings, each absent when `rendition` says the participant has none of that kind. */
export type ParticipantMedia = {
  rendition: ParticipantRendition;
  audio: AlignedMedia | null;
  video: AlignedMedia | null;
};

/** A rendition written to a local file, read back and verified. */
export type RemuxedFile = VerifiedRendition & {
  path: string;
  contentType: string;
  /**
   * Where the file's time 0 lies in the source: its first timestamp (plus `offset` for a
   * participant's, in seconds). Renditions start at 0; this keeps what syncing with other
   * tracks of the room needs.
   */
  sourceStartSeconds: number;
};

export type RemuxRejection = UnsupportedMedia | Unverified;

/**
 * Makes renditions without re-encoding. Each call writes one file at `path` (on local disk, so
 * memory stays flat however long the media); when it answers a rejection nothing is left there.
 * A source that fails throws `MediaSourceError`; other unexpected failures (the disk) throw too.
 */
export interface Remuxer {
  track(input: TrackMedia, path: string): Promise<Result<RemuxedFile, RemuxRejection>>;
  participant(input: ParticipantMedia, path: string): Promise<Result<RemuxedFile, RemuxRejection>>;
}
