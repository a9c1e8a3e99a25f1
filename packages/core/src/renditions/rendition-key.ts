import { archiveKey, type KeyedRecording } from "../archive/archive-key";
import type { ArchiveCopy } from "../recordings/recording";
import { isSid } from "../sids";
import { RENDITION_CONTAINERS, type RenditionContainer } from "./rendition";

/**
 * Where a recording's rendition lives: beside its archived copy, same name, `.playable.<container>`
 * for the extension (`recordings/RM…/RT….mkv` → `recordings/RM…/RT….playable.webm`). Under the
 * room's prefix, so whatever removes a room's archive finds the renditions there too.
 *
 * The stored copy's key is used when there is one (it may predate the room being known); without
 * a copy, the key the copy would get. Throws a `RangeError` like `archiveKey` for a bad SID.
 */
export const renditionKey = (
  recording: KeyedRecording & { archive: Pick<ArchiveCopy, "key"> | null },
  container: RenditionContainer,
): string => {
  const copy = recording.archive?.key ?? archiveKey(recording);
  return `${copy.replace(/\.mk[av]$/, "")}.playable.${container}`;
};

/**
 * Where a participant's one file lives: `recordings/<roomSid>/<participantSid>.playable.<container>`,
 * beside the room's recordings. Throws a `RangeError` when either SID is not one: both become
 * part of an object key.
 */
export const participantRenditionKey = (
  roomSid: string,
  participantSid: string,
  container: RenditionContainer,
): string => {
  if (!isSid("room", roomSid)) throw new RangeError(`not a room SID: ${roomSid}`);
  if (!isSid("participant", participantSid)) throw new RangeError(`not a participant SID: ${participantSid}`);
  return `recordings/${roomSid}/${participantSid}.playable.${container}`;
};

/**
 * Every key a participant's file may have, one per container: whatever removes one of the
 * participant's tracks from the archive removes the file holding it, without reading what it was.
 * None when the recording names no valid room and participant (no file can hold it).
 */
export const participantFileKeys = (recording: {
  roomSid: string | null;
  participantSid: string | null;
}): string[] => {
  const { roomSid, participantSid } = recording;
  if (roomSid === null || participantSid === null) return [];
  if (!isSid("room", roomSid) || !isSid("participant", participantSid)) return [];
  return RENDITION_CONTAINERS.map((container) => participantRenditionKey(roomSid, participantSid, container));
};
