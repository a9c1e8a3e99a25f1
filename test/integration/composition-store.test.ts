import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  indexCompositionReport,
  indexReport,
  mergeCompositionReport,
  parseCallback,
  type RecordingReport,
} from "@video-recordings/core";
import { dynamoCompositionStore, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aRecordingLifecycle } from "../fixtures/callbacks";
import { CJ, EVENTS_OF_ONE_COMPOSITION, RM } from "../fixtures/compositions";
import { freshRecordingsTable } from "../support/dynamo";

let db: DynamoDBClient;
let tableName: string;
beforeAll(async () => {
  ({ db, tableName } = await freshRecordingsTable());
});
afterAll(() => db.destroy());

const recordingReport = (params: Record<string, string>): RecordingReport => {
  const parsed = parseCallback(params);
  if (!parsed.ok || parsed.value.kind !== "recording") throw new Error("not a recording callback");
  return parsed.value.report;
};

describe("dynamoCompositionStore on DynamoDB Local", () => {
  it("stores what merging predicts from callbacks delivered backwards and twice", async () => {
    // Prepare
    const store = dynamoCompositionStore(tableName, db);
    const delivered = [...EVENTS_OF_ONE_COMPOSITION].reverse().flatMap((report) => [report, report]);
    const predicted = EVENTS_OF_ONE_COMPOSITION.reduce(
      (state: ReturnType<typeof mergeCompositionReport> | undefined, report) =>
        mergeCompositionReport(state, report),
      undefined,
    );
    // Act
    for (const report of delivered) await indexCompositionReport(store, report);
    // Assess
    expect((await store.get(CJ))?.state).toEqual(predicted);
  });

  it("lists a room's compositions apart from its recordings, in the same table", async () => {
    // Prepare
    const compositions = dynamoCompositionStore(tableName, db);
    const recordings = dynamoRecordingStore(tableName, db);
    for (const report of aRecordingLifecycle("RT2c3f5a84328cb488376b45c221f27998", RM).map(recordingReport))
      await indexReport(recordings, report);
    for (const report of EVENTS_OF_ONE_COMPOSITION) await indexCompositionReport(compositions, report);
    // Act
    const listedCompositions = await compositions.listByRoom(RM, { limit: 10 });
    const listedRecordings = await recordings.listByRoom(RM, { limit: 10 });
    // Assess
    expect(listedCompositions.map((state) => state.sid)).toEqual([CJ]);
    expect(listedRecordings.map((state) => state.sid)).toEqual(["RT2c3f5a84328cb488376b45c221f27998"]);
  });

  it("lists live and archived compositions apart from recordings, and expires a deleted one's tombstone", async () => {
    // Prepare
    const { db: own, tableName: table } = await freshRecordingsTable();
    const compositions = dynamoCompositionStore(table, own);
    const recordings = dynamoRecordingStore(table, own);
    for (const report of aRecordingLifecycle("RT2c3f5a84328cb488376b45c221f27998", RM).map(recordingReport))
      await indexReport(recordings, report);
    for (const report of EVENTS_OF_ONE_COMPOSITION) await indexCompositionReport(compositions, report);
    const live = await collect(compositions.listLiveCreatedBefore("2027-01-01T00:00:00.000000Z"));
    const stored = (await compositions.get(CJ)) ?? expect.fail("not stored");
    const archive = {
      bucket: "b",
      key: `recordings/${RM}/${CJ}.mp4`,
      size: 47_893,
      archivedAt: "2026-02-01T00:00:00.000000Z",
    };
    await compositions.put({ ...stored.state, archive }, stored.version);
    const archived = await collect(compositions.listArchivedBefore("2026-03-01T00:00:00.000000Z"));
    const recordingsArchived = await collect(recordings.listArchivedBefore("2026-03-01T00:00:00.000000Z"));
    // Act
    await indexCompositionReport(compositions, {
      sid: CJ,
      status: "deleted",
      at: "2026-04-01T00:00:00.000000Z",
      facts: {},
      dateCreated: { value: stored.state.dateCreated, basis: "twilio" },
    });
    const deleted = (await compositions.get(CJ)) ?? expect.fail("not stored");
    await compositions.put({ ...deleted.state, archive: null }, deleted.version);
    const item = await own.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: `COMP#${CJ}` }, sk: { S: "COMP" } } }),
    );
    const stillLive = await collect(compositions.listLiveCreatedBefore("2027-01-01T00:00:00.000000Z"));
    // Assess
    expect(live.map((state) => state.sid)).toEqual([CJ]);
    expect(archived.map((state) => state.sid)).toEqual([CJ]);
    expect(recordingsArchived).toEqual([]);
    expect(stillLive).toEqual([]);
    expect(item.Item?.expiresAt).toEqual({ N: String(Date.parse("2026-05-01T00:00:00Z") / 1000) });
    own.destroy();
  });
});

const collect = async <T>(pages: AsyncIterable<T[]>): Promise<T[]> => {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
};
