import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { CompositionStore } from "../../compositions/ports";
import type { StateOf } from "../../indexing/model";
import type { IndexStore, RoomQuery, Stored } from "../../indexing/ports";
import { StoreUnavailableError } from "../../recordings/errors";
import type { RecordingStore } from "../../recordings/ports";
import {
  COMPOSITION_ITEMS,
  fromItem,
  type ItemModel,
  itemKey,
  positionKey,
  RECORDING_ITEMS,
  shardPartition,
  toItem,
} from "./index-item";
import { createInput, updateInput } from "./patch-update";
import { storeCall } from "./store-call";
import { AGE_SHARDS, ARCHIVE_SHARDS, PERSONAL_SHARDS } from "./table-schema";
import { versionedPut } from "./versioned-put";

export const dynamoRecordingStore = (table: string, db: DynamoDBClient): RecordingStore => ({
  ...dynamoIndexStore(RECORDING_ITEMS, table, db),
  listHoldingPersonalDataBefore: (cutoff) =>
    sparseIndexBefore(RECORDING_ITEMS, db, table, {
      index: "byPersonal",
      shards: PERSONAL_SHARDS,
      prefix: RECORDING_ITEMS.personal.partition,
      cutoff,
    }),
});

export const dynamoCompositionStore = (table: string, db: DynamoDBClient): CompositionStore =>
  dynamoIndexStore(COMPOSITION_ITEMS, table, db);

/** One kind of resource in the table, as its `IndexStore`. */
export const dynamoIndexStore = <State extends StateOf<string, object>>(
  model: ItemModel<State>,
  table: string,
  db: DynamoDBClient,
): IndexStore<State> => ({
  async get(sid) {
    const answer = await storeCall("get", () =>
      db.send(
        new GetItemCommand({ TableName: table, Key: marshall(itemKey(model, sid)), ConsistentRead: true }),
      ),
    );
    return answer.Item ? fromItem(model, unmarshall(answer.Item)) : undefined;
  },

  put: (state, expectedVersion) =>
    versionedPut(db, table, toItem(model, state, (expectedVersion ?? 0) + 1), expectedVersion),

  async patch(patch) {
    if (!patch.likelyFirst) {
      const updated = await conditionalWrite(model, () =>
        db.send(new UpdateItemCommand(updateInput(model, table, patch))),
      );
      // Refused with nothing stored: the report is the first after all.
      if (updated !== "absent") return updated === "written" ? { written: "updated" } : { refused: updated };
    }
    const created = await conditionalWrite(model, () =>
      db.send(new PutItemCommand(createInput(model, table, patch))),
    );
    if (created === "absent") throw new StoreUnavailableError("patch: a refused create answered no item");
    return created === "written" ? { written: "created" } : { refused: created };
  },

  async listByRoom(roomSid, query) {
    const found: State[] = [];
    let startKey: QueryCommandInput["ExclusiveStartKey"];
    // A filter can leave a page short: keep reading until the page is full or the room ends.
    do {
      const answer = await storeCall("listByRoom", () =>
        db.send(
          new QueryCommand({
            ...roomQueryInput(table, `${model.room}#${roomSid}`, query),
            Limit: query.limit - found.length,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of answer.Items ?? []) found.push(fromItem(model, unmarshall(item)).state);
      startKey = answer.LastEvaluatedKey;
    } while (startKey && found.length < query.limit);
    return found;
  },

  listLiveCreatedBefore: (cutoff) =>
    sparseIndexBefore(model, db, table, { index: "byAge", shards: AGE_SHARDS, prefix: model.live, cutoff }),

  listArchivedBefore: (cutoff) =>
    sparseIndexBefore(model, db, table, {
      index: "byArchive",
      shards: ARCHIVE_SHARDS,
      prefix: model.archived,
      cutoff,
    }),
});

type SparseQuery = {
  index: "byAge" | "byArchive" | "byPersonal";
  shards: number;
  /** Partitions are `<prefix>#<shard>`. */
  prefix: string;
  /** Sort keys are `<timestamp>#<sid>`: every key below the bare cutoff has an earlier timestamp. */
  cutoff: string;
};

/** Queries every shard of a sparse index for sort keys before the cutoff: reads what it finds, never the table. */
async function* sparseIndexBefore<State extends StateOf<string, object>>(
  model: ItemModel<State>,
  db: DynamoDBClient,
  table: string,
  query: SparseQuery,
): AsyncGenerator<State[]> {
  for (let shard = 0; shard < query.shards; shard++) {
    let startKey: QueryCommandInput["ExclusiveStartKey"];
    do {
      const answer = await storeCall(`query ${query.index}`, () =>
        db.send(
          new QueryCommand({
            TableName: table,
            IndexName: query.index,
            KeyConditionExpression: "#shard = :shard AND #position < :cutoff",
            ExpressionAttributeNames: { "#shard": `${query.index}Pk`, "#position": `${query.index}Sk` },
            ExpressionAttributeValues: marshall({
              ":shard": shardPartition(query.prefix, shard),
              ":cutoff": query.cutoff,
            }),
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      const page = (answer.Items ?? []).map((item) => fromItem(model, unmarshall(item)).state);
      if (page.length > 0) yield page;
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
  }
}

const roomQueryInput = <State extends StateOf<string, object>>(
  table: string,
  partition: string,
  query: RoomQuery<State>,
): QueryCommandInput => {
  const names: Record<string, string> = { "#room": "byRoomPk" };
  const values: Record<string, unknown> = { ":room": partition };
  let keyCondition = "#room = :room";
  if (query.after) {
    names["#position"] = "byRoomSk";
    values[":after"] = positionKey(query.after.dateCreated, query.after.sid);
    keyCondition += " AND #position > :after";
  }
  const filters: string[] = [];
  if (query.status) {
    names["#status"] = "status";
    values[":status"] = query.status;
    filters.push("#status = :status");
  }
  if (query.type) {
    names["#type"] = "type";
    values[":type"] = query.type;
    filters.push("#type = :type");
  }
  if (query.participantSid) {
    names["#participant"] = "participantSid";
    values[":participant"] = query.participantSid;
    filters.push("#participant = :participant");
  }
  return {
    TableName: table,
    IndexName: "byRoom",
    KeyConditionExpression: keyCondition,
    ...(filters.length > 0 && { FilterExpression: filters.join(" AND ") }),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
  };
};

/**
 * One conditional write that asked for the stored item on refusal: "written", the stored record
 * that refused it, or "absent" when the condition failed on no item at all.
 */
const conditionalWrite = async <State extends StateOf<string, object>>(
  model: ItemModel<State>,
  write: () => Promise<unknown>,
): Promise<"written" | "absent" | Stored<State>> => {
  try {
    await write();
    return "written";
  } catch (cause) {
    if (!(cause instanceof ConditionalCheckFailedException))
      throw new StoreUnavailableError("patch", { cause });
    return cause.Item ? fromItem(model, unmarshall(cause.Item)) : "absent";
  }
};
