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
}
