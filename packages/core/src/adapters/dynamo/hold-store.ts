import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { type Hold, HoldSchema } from "../../holds/hold";
import type { HoldStore } from "../../holds/ports";
import { holdKey, readFields } from "./index-item";
import { storeCall } from "./store-call";

export const dynamoHoldStore = (table: string, db: DynamoDBClient): HoldStore => ({
  async isHeld(roomSid) {
    const answer = await storeCall("isHeld", () =>
      db.send(
        new GetItemCommand({
          TableName: table,
          Key: marshall(holdKey(roomSid)),
          ProjectionExpression: "pk",
          // A deletion re-checks its room's hold at the last moment: it must see the latest one.
          ConsistentRead: true,
        }),
      ),
    );
    return answer.Item !== undefined;
  },

  async get(roomSid) {
    const answer = await storeCall("getHold", () =>
      db.send(
        new GetItemCommand({ TableName: table, Key: marshall(holdKey(roomSid)), ConsistentRead: true }),
      ),
    );
    if (!answer.Item) return undefined;
    return readFields(HoldSchema, unmarshall(answer.Item));
  },

  async put(hold: Hold) {
    const item = { ...holdKey(hold.roomSid), ...hold };
    await storeCall("putHold", () =>
      db.send(
        new PutItemCommand({ TableName: table, Item: marshall(item, { removeUndefinedValues: true }) }),
      ),
    );
  },

  async remove(roomSid) {
    await storeCall("removeHold", () =>
      db.send(new DeleteItemCommand({ TableName: table, Key: marshall(holdKey(roomSid)) })),
    );
  },
});
