import type { CompositionState } from "../compositions/composition";
import { compositionMediaFile } from "../compositions/composition-media-file";
import type { ContainerFormat, RecordingState } from "../recordings/recording";
import { isSid } from "../sids";

export type KeyedRecording = Pick<RecordingState, "sid" | "roomSid" | "containerFormat" | "type">;

/** Folder for recordings whose room is not known (yet): a report without `RoomSid`. */
const UNKNOWN_ROOM = "unknown-room";

/**
 * Where a recording's media lives in the archive: `recordings/<roomSid>/<recordingSid>.<mka|mkv>`.
 *
 * Grouping by room keeps a room's tracks together for export and lifecycle rules. Fallbacks, so
 * that every recording gets a key and the same facts always give the same key:
 * - room unknown, or not a room SID: `recordings/unknown-room/<recordingSid>.<ext>`;
 * - container unknown: `mka` for an audio track, otherwise `mkv` (Matroska is Matroska; `.mkv`
 *   is the generic name, `.mka` the audio-only one).
 *
 * Facts only ever get filled in, so a key computed before the room was known can differ from
 * one computed later: whoever archives stores the key it used (`ArchiveCopy.key`) and never
 * recomputes it to find an existing copy.
 *
 * Throws a `RangeError` when `sid` is not a recording SID: it becomes part of an object key.
 */
export const archiveKey = (recording: KeyedRecording): string => {
  if (!isSid("recording", recording.sid)) throw new RangeError(`not a recording SID: ${recording.sid}`);
  return `${roomFolder(recording.roomSid)}/${recording.sid}.${containerOf(recording)}`;
};

/**
 * Where a composition's media lives in the archive: beside its room's tracks,
 * `recordings/<roomSid>/<compositionSid>.<mp4|webm>`, so a room's media is one prefix. Same
 * fallbacks and the same `RangeError` as `archiveKey`.
 */
export const compositionArchiveKey = (
  composition: Pick<CompositionState, "sid" | "roomSid" | "format">,
): string => {
  if (!isSid("composition", composition.sid))
    throw new RangeError(`not a composition SID: ${composition.sid}`);
  return `${roomFolder(composition.roomSid)}/${compositionMediaFile(composition).filename}`;
};

const roomFolder = (roomSid: string | null): string =>
  `recordings/${roomSid !== null && isSid("room", roomSid) ? roomSid : UNKNOWN_ROOM}`;

/** The file name a download offers: `<recordingSid>.<mka|mkv>`, as Twilio names it. */
export const mediaFilename = (recording: Pick<KeyedRecording, "sid" | "containerFormat" | "type">): string =>
  `${recording.sid}.${containerOf(recording)}`;

const containerOf = (recording: Pick<KeyedRecording, "containerFormat" | "type">): ContainerFormat =>
  recording.containerFormat ?? (recording.type === "audio" ? "mka" : "mkv");
