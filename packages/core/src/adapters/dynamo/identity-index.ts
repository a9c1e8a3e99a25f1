import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { IdentityIndex } from "../../privacy/erasure";
import { fromItem, RECORDING_ITEMS } from "./index-item";
import { storeCall } from "./store-call";

/** Recordings by identity hash, through the `byIdentity` index: reads what it finds, never the table. */
export const dynamoIdentityIndex = (table: string, db: DynamoDBClient): IdentityIndex => ({
  async *recordingsOf(identityHash, afterRoom) {
    let startKey: QueryCommandInput["ExclusiveStartKey"];
    do {
      const answer = await storeCall("query byIdentity", () =>
        db.send(
          new QueryCommand({
            TableName: table,
            IndexName: "byIdentity",
            KeyConditionExpression:
              afterRoom === null ? "#hash = :hash" : "#hash = :hash AND #position > :after",
            ExpressionAttributeNames: {
              "#hash": "identityHash",
              ...(afterRoom !== null && { "#position": "byIdentitySk" }),
            },
            // `#` sorts before every SID character, `~` after them: every key of the room is below it.
            ExpressionAttributeValues: marshall({
              ":hash": identityHash,
              ...(afterRoom !== null && { ":after": `${afterRoom}#~` }),
            }),
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      const page = (answer.Items ?? []).map((item) => fromItem(RECORDING_ITEMS, unmarshall(item)).state);
      if (page.length > 0) yield page;
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
  },
});
