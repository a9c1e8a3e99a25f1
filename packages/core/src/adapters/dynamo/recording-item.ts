import type { RecordingState } from "../../recordings/recording";
import { tombstoneExpiresAt } from "../../retention/tombstone";
import { AGE_SHARDS, ARCHIVE_SHARDS } from "./table-schema";

export const recordingKey = (sid: string) => ({ pk: `REC#${sid}`, sk: "REC" });
export const holdKey = (roomSid: string) => ({ pk: `HOLD#${roomSid}`, sk: "HOLD" });

export const roomPartition = (roomSid: string): string => `ROOM#${roomSid}`;
export const positionKey = (dateCreated: string, sid: string): string => `${dateCreated}#${sid}`;
export const livePartition = (shard: number): string => `LIVE#${shard}`;
export const archivedPartition = (shard: number): string => `ARCHIVED#${shard}`;

export type RecordingItem = Record<string, unknown> & { version: number };

/** Null facts are left out of the item; reading puts them back as null. */
export const toItem = (state: RecordingState, version: number): RecordingItem => {
  const item: RecordingItem = { ...recordingKey(state.sid), version };
  for (const [name, value] of Object.entries(state)) if (value !== null) item[name] = value;
  if (state.roomSid !== null) {
    item.byRoomPk = roomPartition(state.roomSid);
    item.byRoomSk = positionKey(state.dateCreated, state.sid);
  }
  if (state.status !== "deleted") {
    item.byAgePk = livePartition(shardOf(state.sid, AGE_SHARDS));
    item.byAgeSk = positionKey(state.dateCreated, state.sid);
  }
  if (state.archive !== null) {
    item.byArchivePk = archivedPartition(shardOf(state.sid, ARCHIVE_SHARDS));
    item.byArchiveSk = positionKey(state.archive.archivedAt, state.sid);
  }
  const expiresAt = tombstoneExpiresAt(state);
  if (expiresAt !== null) item.expiresAt = expiresAt;
  return item;
};

export const fromItem = (item: Record<string, unknown>): { state: RecordingState; version: number } => {
  const field = <T>(name: string): T | null => (item[name] ?? null) as T | null;
  const state: RecordingState = {
    sid: item.sid as string,
    roomSid: field("roomSid"),
    roomName: field("roomName"),
    participantSid: field("participantSid"),
    participantIdentity: field("participantIdentity"),
    sourceSid: field("sourceSid"),
    trackName: field("trackName"),
    type: field("type"),
    codec: field("codec"),
    containerFormat: field("containerFormat"),
    size: field("size"),
    duration: field("duration"),
    offset: field("offset"),
    mediaExternalLocation: field("mediaExternalLocation"),
    failedOperation: field("failedOperation"),
    status: item.status as RecordingState["status"],
    statusAt: item.statusAt as string,
    dateCreated: item.dateCreated as string,
    dateCreatedBasis: item.dateCreatedBasis as RecordingState["dateCreatedBasis"],
    completedAt: field("completedAt"),
    deletedAt: field("deletedAt"),
    archive: field("archive"),
  };
  return { state, version: item.version as number };
};

// The last hex digit of a SID is uniformly spread, which is all a shard needs.
const shardOf = (sid: string, shards: number): number => Number.parseInt(sid.slice(-1), 16) % shards;
