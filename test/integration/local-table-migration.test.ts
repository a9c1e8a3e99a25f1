import { randomUUID } from "node:crypto";
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createRecordingsTableInput } from "@video-recordings/core/dynamo";
import { RECORDINGS_TABLE } from "@video-recordings/core/dynamo/table";
import { dynamoClient, ensureRecordingsTable } from "@video-recordings/local";
import { describe, expect, inject, it } from "vitest";

describe("ensureRecordingsTable", () => {
  it("adds the indexes a table kept from an older version lacks", async () => {
    // Prepare: the table as it was before the byArchive and byPersonal indexes existed.
    const db = dynamoClient(inject("dynamoEndpoint"));
    const tableName = `old-${randomUUID()}`;
    const current = createRecordingsTableInput(tableName);
    const later = ["byArchive", "byPersonal"];
    await db.send(
      new CreateTableCommand({
        ...current,
        AttributeDefinitions: current.AttributeDefinitions?.filter(
          (field) => !later.some((index) => field.AttributeName?.startsWith(index)),
        ),
        GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter(
          (index) => !later.includes(index.IndexName ?? ""),
        ),
      }),
    );
    // Act
    await ensureRecordingsTable(db, tableName);
    await ensureRecordingsTable(db, tableName);
    // Assess
    const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(
      Object.keys(RECORDINGS_TABLE.globalIndexes).sort(),
    );
  });

  it("turns on the stream of a table kept from before lifecycle events", async () => {
    // Prepare
    const db = dynamoClient(inject("dynamoEndpoint"));
    const tableName = `old-${randomUUID()}`;
    const { StreamSpecification: _, ...withoutStream } = createRecordingsTableInput(tableName);
    await db.send(new CreateTableCommand(withoutStream));
    // Act
    await ensureRecordingsTable(db, tableName);
    await ensureRecordingsTable(db, tableName);
    // Assess
    const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect(Table?.LatestStreamArn).toEqual(expect.any(String));
  });
});
