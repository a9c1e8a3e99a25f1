import * as v from "valibot";
import type { Stored } from "../indexing/ports";
import { updateState } from "../indexing/update-state";
import { RoomSidSchema, sidSchema } from "../sids";
import { StoredTimestampSchema } from "../timestamps";
import { PlayableSchema } from "./playable";
import { UnsupportedMediaSchema } from "./unsupported-media";

/**
 * What is known of a participant's one playable file: which recordings it is made of, where it
 * is once made (or why it cannot be), and when a request last queued the job that makes it.
 * Keyed by participant SID: a participant belongs to one room.
 */
export const ParticipantFileSchema = v.object({
  participantSid: sidSchema("participant"),
  roomSid: RoomSidSchema,
  /** The recordings the file holds (or would hold), audio first: a file of other sources is stale. */
  sources: v.array(v.string()),
  playable: v.nullable(PlayableSchema),
  unplayable: v.nullable(UnsupportedMediaSchema),
  queuedAt: v.nullable(StoredTimestampSchema),
});
export type ParticipantFile = v.InferOutput<typeof ParticipantFileSchema>;

/** A participant before anything was asked of its file. */
export const noParticipantFile = (roomSid: string, participantSid: string): ParticipantFile => ({
  participantSid,
  roomSid,
  sources: [],
  playable: null,
  unplayable: null,
  queuedAt: null,
});

/** Where participants' files are recorded, by participant SID. */
export interface ParticipantFileStore {
  get(participantSid: string): Promise<Stored<ParticipantFile> | undefined>;
  /** Writes only if the stored version is still `expectedVersion` (undefined: nothing stored yet). */
  put(file: ParticipantFile, expectedVersion: number | undefined): Promise<"written" | "conflict">;
}

/**
 * Forgets the participant's file once it was removed (with the archive copy of a track it held):
 * the next request has it made again from what remains.
 */
export const forgetParticipantFile = (store: ParticipantFileStore, participantSid: string): Promise<void> =>
  updateState<ParticipantFile, void>(store, participantSid, (stored) =>
    stored === undefined || (stored.state.playable === null && stored.state.sources.length === 0)
      ? { answer: undefined }
      : { write: noParticipantFile(stored.state.roomSid, participantSid), answer: undefined },
  );
