import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoClient, ensureRecordingsTable } from "@video-recordings/local";
import { inject } from "vitest";

/** A new, empty recordings table in the run's DynamoDB Local. */
export const freshRecordingsTable = async (): Promise<{ db: DynamoDBClient; tableName: string }> => {
  const db = dynamoClient(inject("dynamoEndpoint"));
  const tableName = `recordings-${randomUUID()}`;
  await ensureRecordingsTable(db, tableName);
  return { db, tableName };
};
