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
export type RecordingStore = IndexStore<RecordingState>;
