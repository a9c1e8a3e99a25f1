import type { StateOf } from "./model";
import type { ReportPatch } from "./patch";

export type Stored<State> = { state: State; version: number };

export type PatchOutcome<State> = { written: "created" | "updated" } | { refused: Stored<State> };

/** Where a room listing resumes: after this resource in (dateCreated, sid) order. */
export type RoomPosition = { dateCreated: string; sid: string };

export type RoomQuery<State extends StateOf<string, object>> = {
  limit: number;
  after?: RoomPosition;
  status?: State["status"];
  /** Recordings only: `audio`, `video` or `data`. */
  type?: string;
  /** Recordings only: one participant's. */
  participantSid?: string;
};

/** Where one kind of resource is indexed. */
export interface IndexStore<State extends StateOf<string, object>> {
  get(sid: string): Promise<Stored<State> | undefined>;
  /** Writes only if the stored version is still `expectedVersion` (undefined: nothing stored yet). */
  put(state: State, expectedVersion: number | undefined): Promise<"written" | "conflict">;
  /**
   * One conditional write: `patch.created` if nothing is stored, the patched record if the stored
   * one meets `patch.requires`. Otherwise nothing is written and the stored record comes back, to
   * be merged. A store may refuse more often than the condition says, never less.
   */
  patch(patch: ReportPatch<State>): Promise<PatchOutcome<State>>;
  /** A room's resources of this kind in (dateCreated, sid) order, at most `limit` of them. */
  listByRoom(roomSid: string, query: RoomQuery<State>): Promise<State[]>;
  /**
   * Resources not yet deleted whose `dateCreated` is strictly before `cutoff` (normalized), in
   * pages, in no particular order. Read through a sparse index, so the cost grows with what is
   * found, not with the table; pages may lag a write by a moment (read each one again before
   * acting on it).
   */
  listLiveCreatedBefore(cutoff: string): AsyncIterable<State[]>;
  /** Resources with an archive copy whose `archivedAt` is strictly before `cutoff`, as above. */
  listArchivedBefore(cutoff: string): AsyncIterable<State[]>;
}
