import type {
  PatchOutcome as IndexPatchOutcome,
  RoomQuery as IndexRoomQuery,
  IndexStore,
  Stored,
} from "../indexing/ports";
import type { RecordingState } from "./recording";

export type { RoomPosition } from "../indexing/ports";

export type StoredRecording = Stored<RecordingState>;

export type PatchOutcome = IndexPatchOutcome<RecordingState>;

export type RoomQuery = IndexRoomQuery<RecordingState>;

/** Where recordings are indexed. */
export interface RecordingStore extends IndexStore<RecordingState> {
  /**
   * Recordings that still hold personal data and whose `dateCreated` is strictly before `cutoff`
   * (normalized), in pages, in no particular order. Read through a sparse index that a recording
   * leaves once its personal data is erased, so the cost grows with what is due, not with the
   * table; pages may lag a write by a moment (read each one again before acting on it).
   */
  listHoldingPersonalDataBefore(cutoff: string): AsyncIterable<RecordingState[]>;
}
