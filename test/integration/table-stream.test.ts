import { randomUUID } from "node:crypto";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  dynamoClient,
  ensureRecordingsTable,
  type StreamReaderEntry,
  startTableStream,
} from "@video-recordings/local";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, inject, it } from "vitest";

const db = dynamoClient(inject("dynamoEndpoint"));

const aTable = async (): Promise<string> => {
  const tableName = `stream-${randomUUID()}`;
  await ensureRecordingsTable(db, tableName);
  return tableName;
};

const write = (tableName: string, sid: string) =>
  db.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: `REC#${sid}` }, sk: { S: "REC" } } }));

/** A reader that notes every delivery's items and fails, each time it sees them, the items `failing` names. */
const aReader = (failing: (sid: string, delivery: number) => boolean = () => false) => {
  const deliveries: string[][] = [];
  const entry: StreamReaderEntry = {
    handler: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      const sids = event.Records.map((record) => String(record.dynamodb?.Keys?.pk?.S).slice(4));
      deliveries.push(sids);
      return {
        batchItemFailures: event.Records.filter((_, index) =>
          failing(sids[index] ?? "", deliveries.length),
        ).map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" })),
      };
    },
  };
  return { deliveries, entry };
};

const startReading = async (tableName: string, entry: StreamReaderEntry, maxRetries = 2) =>
  startTableStream({
    dynamoEndpoint: inject("dynamoEndpoint"),
    tableName,
    loadReader: async () => entry,
    maxRetries,
    // Tests catch up when they choose; the timer never fires within one.
    pollMs: 3_600_000,
  });

describe("local mode's table stream", () => {
  it("hands the reader every write made since it started, in order, once each", async () => {
    // Prepare
    const tableName = await aTable();
    await write(tableName, "before");
    const { deliveries, entry } = aReader();
    const stream = await startReading(tableName, entry);
    // Act
    for (const sid of ["a", "b", "c"]) await write(tableName, sid);
    await stream.caughtUp();
    await stream.caughtUp();
    await stream.stop();
    // Assess
    expect(deliveries.flat()).toEqual(["a", "b", "c"]);
  });

  it("delivers again from the first record the reader reports failed", async () => {
    // Prepare
    const tableName = await aTable();
    const { deliveries, entry } = aReader((sid, delivery) => sid === "b" && delivery === 1);
    const stream = await startReading(tableName, entry);
    for (const sid of ["a", "b", "c"]) await write(tableName, sid);
    // Act
    await stream.caughtUp();
    await stream.stop();
    // Assess
    expect(deliveries).toEqual([
      ["a", "b", "c"],
      ["b", "c"],
    ]);
    expect(stream.deadLetters()).toEqual([]);
  });

  it("sets a batch aside once its retries are spent, and reads on", async () => {
    // Prepare
    const tableName = await aTable();
    const { deliveries, entry } = aReader((sid) => sid === "a");
    const stream = await startReading(tableName, entry, 2);
    await write(tableName, "a");
    await stream.caughtUp();
    // Act
    await write(tableName, "b");
    await stream.caughtUp();
    await stream.stop();
    // Assess
    expect(deliveries).toEqual([["a"], ["a"], ["a"], ["b"]]);
    expect(stream.deadLetters()).toHaveLength(1);
  });
});
