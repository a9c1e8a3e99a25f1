import type * as v from "valibot";
import { type RecordingState, RecordingStateSchema } from "../../recordings/recording";
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

export const fromItem = (item: Record<string, unknown>): { state: RecordingState; version: number } => ({
  state: readFields(RecordingStateSchema, item),
  version: item.version as number,
});

/**
 * The fields a resource's schema names, read from its item: each is stored under its own name,
 * and those left out (null ones) come back as null. Anything stored otherwise is read apart.
 */
export const readFields = <Schema extends v.ObjectSchema<v.ObjectEntries, undefined>>(
  schema: Schema,
  item: Record<string, unknown>,
): v.InferOutput<Schema> =>
  Object.fromEntries(
    Object.keys(schema.entries).map((name) => [name, item[name] ?? null]),
  ) as v.InferOutput<Schema>;

// The last hex digit of a SID is uniformly spread, which is all a shard needs.
const shardOf = (sid: string, shards: number): number => Number.parseInt(sid.slice(-1), 16) % shards;
