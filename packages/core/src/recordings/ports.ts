import type { RecordingState, RecordingStatus, RecordingType } from "./recording";
import type { ReportPatch } from "./report-patch";

export type StoredRecording = { state: RecordingState; version: number };

export type PatchOutcome = { written: "created" | "updated" } | { refused: StoredRecording };

/** Where a room listing resumes: after this recording in (dateCreated, sid) order. */
export type RoomPosition = { dateCreated: string; sid: string };

export type RoomQuery = {
  limit: number;
  after?: RoomPosition;
  status?: RecordingStatus;
  type?: RecordingType;
};

export interface RecordingStore {
  get(sid: string): Promise<StoredRecording | undefined>;
  /** Writes only if the stored version is still `expectedVersion` (undefined: nothing stored yet). */
  put(state: RecordingState, expectedVersion: number | undefined): Promise<"written" | "conflict">;
  /**
   * One conditional write: `patch.created` if nothing is stored, the patched record if the stored
   * one meets `patch.requires`. Otherwise nothing is written and the stored record comes back, to
   * be merged. A store may refuse more often than the condition says, never less.
   */
  patch(patch: ReportPatch): Promise<PatchOutcome>;
  /** A room's recordings in (dateCreated, sid) order, at most `limit` of them. */
  listByRoom(roomSid: string, query: RoomQuery): Promise<RecordingState[]>;
  /**
   * Recordings not yet deleted whose `dateCreated` is strictly before `cutoff` (normalized), in
   * pages, in no particular order. Read through a sparse index, so the cost grows with the
   * recordings found, not with the table; pages may lag a write by a moment (read each one again
   * before acting on it).
   */
  listLiveCreatedBefore(cutoff: string): AsyncIterable<RecordingState[]>;
  /** Recordings with an archive copy whose `archivedAt` is strictly before `cutoff`, as above. */
  listArchivedBefore(cutoff: string): AsyncIterable<RecordingState[]>;
}
