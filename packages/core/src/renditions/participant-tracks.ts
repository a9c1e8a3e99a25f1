import { everyInRoom } from "../indexing/every-in-room";
import type { RecordingStore } from "../recordings/ports";
import type { RecordingState } from "../recordings/recording";
import { err, ok, type Result } from "../result";
import { type MediaKind, type ParticipantRendition, participantRendition, trackRendition } from "./rendition";
import type { UnsupportedMedia } from "./unsupported-media";

/** The recordings a participant's one file is made of: one audio and one video track at most. */
export type ParticipantTracks = {
  audio: RecordingState | null;
  video: RecordingState | null;
  /** Their SIDs, audio first: what the file is made of. */
  sources: string[];
};

export type TracksUnavailable = { kind: "not-ready"; status: string } | { kind: "gone" };

/** Every recording of one participant in a room, oldest first. */
export const participantRecordings = (
  store: Pick<RecordingStore, "listByRoom">,
  roomSid: string,
  participantSid: string,
): Promise<RecordingState[]> => everyInRoom(store, roomSid, { participantSid });

/**
 * Which of a participant's recordings its file holds. Nothing is chosen while any of them is
 * still processing (the file would miss a track). Of the tracks whose media exists somewhere
 * (at Twilio, or archived), the longest of each kind is taken: a participant who published a
 * camera twice gets the longer recording, not two video tracks, which one file cannot play
 * side by side. Data tracks carry no media.
 */
export const participantTracks = (
  recordings: readonly RecordingState[],
): Result<ParticipantTracks, TracksUnavailable> => {
  const media = recordings.filter((recording) => mediaKindOf(recording) !== null);
  const processing = media.find((recording) => recording.status === "processing");
  if (processing) return err({ kind: "not-ready", status: processing.status });
  const available = media.filter(
    (recording) => recording.status === "completed" || recording.archive !== null,
  );
  if (available.length === 0)
    return err(
      media.some((recording) => recording.status === "failed")
        ? { kind: "not-ready", status: "failed" }
        : { kind: "gone" },
    );
  const audio = longest(available.filter((recording) => mediaKindOf(recording) === "audio"));
  const video = longest(available.filter((recording) => mediaKindOf(recording) === "video"));
  const sources = [audio, video].flatMap((recording) => (recording === null ? [] : [recording.sid]));
  return ok({ audio, video, sources });
};

/** Whether a file made of `made` is the file of these tracks. */
export const sameSources = (made: readonly string[], tracks: Pick<ParticipantTracks, "sources">): boolean =>
  made.length === tracks.sources.length && made.every((sid, index) => tracks.sources[index] === sid);

/** Whether a recording is audio or video (by its type, or its codec when the type is unknown); null for data. */
export const mediaKindOf = (recording: RecordingState): MediaKind | null => {
  if (recording.type === "audio" || recording.type === "video") return recording.type;
  if (recording.type === "data") return null;
  const rendition = trackRendition(recording.codec);
  return rendition.ok ? rendition.value.kind : null;
};

// Oldest first already; a longer one found later replaces it, an equal one does not.
const longest = (recordings: readonly RecordingState[]): RecordingState | null =>
  recordings.reduce<RecordingState | null>(
    (best, recording) =>
      best === null || (recording.duration ?? 0) > (best.duration ?? 0) ? recording : best,
    null,
  );

/** The one file these tracks make; a track of unknown codec is named so that a refusal says what could not be placed. */
export const renditionOfTracks = (
  tracks: ParticipantTracks,
): Result<ParticipantRendition, UnsupportedMedia> =>
  participantRendition({
    audio: tracks.audio && (tracks.audio.codec ?? "an unknown codec"),
    video: tracks.video && (tracks.video.codec ?? "an unknown codec"),
  });
