import type { RecordingState, RecordingStatus, RecordingType } from "./recording";

export type StoredRecording = { state: RecordingState; version: number };

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
