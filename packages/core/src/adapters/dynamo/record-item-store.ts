import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type * as v from "valibot";
import type { VersionedStore } from "../../indexing/update-state";
import { readFields } from "./index-item";
import { storeCall } from "./store-call";
import { versionedPut } from "./versioned-put";

/** A kind of record kept one item each, in no index: `<prefix>#<key>`/`<prefix>`. */
export type RecordItems<Schema extends v.ObjectSchema<v.ObjectEntries, undefined>> = {
  prefix: string;
  schema: Schema;
  keyOf(record: v.InferOutput<Schema>): string;
};

/** Records of one kind as a `VersionedStore`: null fields left out of the item, read back as null. */
export const dynamoRecordItemStore = <Schema extends v.ObjectSchema<v.ObjectEntries, undefined>>(
  items: RecordItems<Schema>,
  table: string,
  db: DynamoDBClient,
): VersionedStore<v.InferOutput<Schema>> => {
  const itemKey = (key: string) => ({ pk: `${items.prefix}#${key}`, sk: items.prefix });
  return {
    async get(key) {
      const answer = await storeCall(`get ${items.prefix}`, () =>
        db.send(new GetItemCommand({ TableName: table, Key: marshall(itemKey(key)), ConsistentRead: true })),
      );
      if (!answer.Item) return undefined;
      const item = unmarshall(answer.Item);
      return { state: readFields(items.schema, item), version: item.version as number };
    },

    put: (record, expectedVersion) => {
      const fields = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null));
      const item = { ...itemKey(items.keyOf(record)), ...fields, version: (expectedVersion ?? 0) + 1 };
      return versionedPut(db, table, item, expectedVersion);
    },
  };
};
