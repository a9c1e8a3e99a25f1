import type { ArchiveStore } from "../archive/ports";
import type { RecordingState } from "../recordings/recording";
import type { TwilioFailure } from "../twilio/failures";
import type { TwilioVideo } from "../twilio/ports";
import type { MediaInput } from "./ports";

/** Thrown when Twilio could not serve the media it holds; the job is tried again later. */
export class MediaUnavailableError extends Error {
  constructor(sid: string, failure: TwilioFailure) {
    super(`media of ${sid} unavailable: ${failure.kind}: ${failure.message}`);
    this.name = "MediaUnavailableError";
  }
}

export type MediaSourceDeps = {
  archive: Pick<ArchiveStore, "open">;
  twilio: Pick<TwilioVideo, "openMedia">;
  /** Epoch ms by which Twilio must have answered. */
  deadline: number;
};

/** Where a recording's media is read from, or why there is none to read. */
export type MediaSource =
  | { kind: "media"; media: MediaInput }
  /** Deleted from Twilio without an archived copy: no media exists anywhere. */
  | { kind: "gone" }
  /** Still processing or failed at Twilio: no media to read yet, or ever. */
  | { kind: "not-ready"; status: string };

/**
 * Opens a recording's media to read once. The archived copy is read first: it needs nothing from
 * Twilio, and outlives Twilio's media. Twilio failing to serve media it holds throws
 * `MediaUnavailableError`.
 */
export const openMediaSource = async (
  deps: MediaSourceDeps,
  recording: RecordingState,
): Promise<MediaSource> => {
  if (recording.archive !== null) {
    const stream = await deps.archive.open(recording.archive.key);
    if (stream !== undefined) return { kind: "media", media: { stream, size: recording.archive.size } };
  }
  if (recording.status === "deleted") return { kind: "gone" };
  if (recording.status !== "completed") return { kind: "not-ready", status: recording.status };
  const media = await deps.twilio.openMedia(recording.sid, {
    deadline: deps.deadline,
    accountSid: recording.accountSid,
  });
  const size = recording.size ?? undefined;
  if (media.ok)
    return { kind: "media", media: { stream: media.value.body, ...(size !== undefined && { size }) } };
  if (media.error.kind === "not-found") return { kind: "gone" };
  throw new MediaUnavailableError(recording.sid, media.error);
};

/** Lets go of media opened but not read (a stream left open holds its connection). */
export const closeMediaSource = async (source: MediaSource): Promise<void> => {
  if (source.kind === "media" && "stream" in source.media)
    await source.media.stream.cancel().catch(() => undefined);
};
