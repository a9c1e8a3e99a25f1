import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { StoreUnavailableError } from "../../recordings/errors";

/**
 * Writes `item` (which carries `version: expectedVersion + 1`) only if the stored item is still at
 * `expectedVersion`, or absent when that is undefined: optimistic concurrency for read-modify-write.
 */
export const versionedPut = async (
  db: DynamoDBClient,
  table: string,
  item: Record<string, unknown>,
  expectedVersion: number | undefined,
): Promise<"written" | "conflict"> => {
  const unchangedSinceRead =
    expectedVersion === undefined
      ? { ConditionExpression: "attribute_not_exists(#pk)", ExpressionAttributeNames: { "#pk": "pk" } }
      : {
          ConditionExpression: "#version = :expected",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: marshall({ ":expected": expectedVersion }),
        };
  try {
    await db.send(new PutItemCommand({ TableName: table, Item: marshall(item), ...unchangedSinceRead }));
    return "written";
  } catch (cause) {
    if (cause instanceof ConditionalCheckFailedException) return "conflict";
    throw new StoreUnavailableError("put", { cause });
  }
};
