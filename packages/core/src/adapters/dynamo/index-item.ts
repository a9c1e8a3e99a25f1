import type * as v from "valibot";
import { type CompositionState, CompositionStateSchema } from "../../compositions/composition";
import type { StateOf } from "../../indexing/model";
import { holdsPersonalData } from "../../privacy/personal-data";
import { type RecordingState, RecordingStateSchema } from "../../recordings/recording";
import { tombstoneExpiresAt } from "../../retention/tombstone";
import { AGE_SHARDS, ARCHIVE_SHARDS, PERSONAL_SHARDS } from "./table-schema";

type StateSchema = v.ObjectSchema<v.ObjectEntries, undefined>;

/**
 * How one kind of resource is stored in the table: its item key and the partitions of the
 * indexes it appears in. Each kind has partitions of its own, so a query reads only its kind.
 */
export type ItemModel<State extends StateOf<string, object>> = {
  /** `REC`: items `REC#<sid>`/`REC`. */
  prefix: string;
  /** Partition of a room's resources in `byRoom`. */
  room: string;
  /** Partitions of the sparse `byAge` (not yet deleted) and `byArchive` (with a copy) indexes. */
  live: string;
  archived: string;
  /** Kinds that hold personal data: the partition of the sparse `byPersonal` index, and who is in it. */
  personal?: { partition: string; holds(state: State): boolean };
  schema: StateSchema & { "~types"?: { output: State } | undefined };
};

export const RECORDING_ITEMS = {
  prefix: "REC",
  room: "ROOM",
  live: "LIVE",
  archived: "ARCHIVED",
  personal: { partition: "PERSONAL", holds: holdsPersonalData },
  schema: RecordingStateSchema,
} satisfies ItemModel<RecordingState>;

export const COMPOSITION_ITEMS: ItemModel<CompositionState> = {
  prefix: "COMP",
  room: "COMPROOM",
  live: "LIVECOMP",
  archived: "ARCHIVEDCOMP",
  schema: CompositionStateSchema,
};

export const itemKey = (model: Pick<ItemModel<never>, "prefix">, sid: string) => ({
  pk: `${model.prefix}#${sid}`,
  sk: model.prefix,
});
export const holdKey = (roomSid: string) => ({ pk: `HOLD#${roomSid}`, sk: "HOLD" });

export const positionKey = (dateCreated: string, sid: string): string => `${dateCreated}#${sid}`;
export const identityPosition = (roomSid: string | null, sid: string): string => `${roomSid ?? ""}#${sid}`;
export const shardPartition = (prefix: string, shard: number): string => `${prefix}#${shard}`;

export type StoredItem = Record<string, unknown> & { version: number };

/** Null facts are left out of the item; reading puts them back as null. */
export const toItem = <State extends StateOf<string, object>>(
  model: ItemModel<State>,
  state: State,
  version: number,
): StoredItem => {
  const item: StoredItem = { ...itemKey(model, state.sid), version };
  for (const [name, value] of Object.entries(state)) if (value !== null) item[name] = value;
  if (state.roomSid !== null) {
    item.byRoomPk = `${model.room}#${state.roomSid}`;
    item.byRoomSk = positionKey(state.dateCreated, state.sid);
  }
  if (state.status !== "deleted") {
    item.byAgePk = shardPartition(model.live, shardOf(state.sid, AGE_SHARDS));
    item.byAgeSk = positionKey(state.dateCreated, state.sid);
  }
  if (state.archive !== null) {
    item.byArchivePk = shardPartition(model.archived, shardOf(state.sid, ARCHIVE_SHARDS));
    item.byArchiveSk = positionKey(state.archive.archivedAt, state.sid);
  }
  if (model.personal?.holds(state)) {
    item.byPersonalPk = shardPartition(model.personal.partition, shardOf(state.sid, PERSONAL_SHARDS));
    item.byPersonalSk = positionKey(state.dateCreated, state.sid);
  }
  // `identityHash` is itself the partition key: recordings of a known identity are in `byIdentity`.
  if ("identityHash" in state && state.identityHash !== null)
    item.byIdentitySk = identityPosition(state.roomSid, state.sid);
  const expiresAt = tombstoneExpiresAt(state);
  if (expiresAt !== null) item.expiresAt = expiresAt;
  return item;
};

export const fromItem = <State extends StateOf<string, object>>(
  model: ItemModel<State>,
  item: Record<string, unknown>,
): { state: State; version: number } => ({
  state: readFields(model.schema, item) as State,
  version: item.version as number,
});

/**
 * The fields a resource's schema names, read from its item: each is stored under its own name,
 * and those left out (null ones) come back as null. Anything stored otherwise is read apart.
 */
export const readFields = <Schema extends StateSchema>(
  schema: Schema,
  item: Record<string, unknown>,
): v.InferOutput<Schema> =>
  Object.fromEntries(
    Object.keys(schema.entries).map((name) => [name, item[name] ?? null]),
  ) as v.InferOutput<Schema>;

// The last hex digit of a SID is uniformly spread, which is all a shard needs.
const shardOf = (sid: string, shards: number): number => Number.parseInt(sid.slice(-1), 16) % shards;
