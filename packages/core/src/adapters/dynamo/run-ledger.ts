import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { IndexedResource } from "../../indexing/not-found";
import { StoreUnavailableError } from "../../recordings/errors";
import type { RunItem, RunLedger } from "../../retention/run-ledger";
import { RunSchema } from "../../retention/run-ledger";
import type { SweepCounts } from "../../retention/types";
import { readFields } from "./index-item";
import { storeCall } from "./store-call";

// A settled item's marker outlives every delivery of its job: SQS keeps a message 14 days at most.
const MARKER_DAYS = 14;
// BatchGetItem's most keys a call.
const BATCH = 100;
// Contended settlements go again this many times at most.
const MAX_ATTEMPTS = 10;

const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: "RUN" });
const itemKey = (runId: string, item: RunItem) => ({
  pk: `RUN#${runId}`,
  sk: `ITEM#${item.resource}#${item.sid}`,
});

/**
 * Runs (`RUN#<run id>`/`RUN`), with the marker of each item a worker settled beside them
 * (`RUN#<run id>`/`ITEM#<kind>#<sid>`, expiring), in no index. A settlement writes its marker
 * only if absent and adds its counts in the same transaction, so a redelivered job counts once.
 */
export const dynamoRunLedger = (table: string, db: DynamoDBClient, clock: () => Date): RunLedger => ({
  async start(run) {
    try {
      await db.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall({ ...runKey(run.runId), ...run }, { removeUndefinedValues: true }),
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": "pk" },
        }),
      );
      return "started";
    } catch (cause) {
      if (cause instanceof ConditionalCheckFailedException) return "exists";
      throw new StoreUnavailableError("start run", { cause });
    }
  },

  async get(runId) {
    const answer = await storeCall("get run", () =>
      db.send(new GetItemCommand({ TableName: table, Key: marshall(runKey(runId)), ConsistentRead: true })),
    );
    return answer.Item ? readFields(RunSchema, unmarshall(answer.Item)) : undefined;
  },

  async dispatched(runId, items) {
    await storeCall("count dispatched", () =>
      db.send(
        new UpdateItemCommand({
          TableName: table,
          Key: marshall(runKey(runId)),
          UpdateExpression: "ADD #dispatched :items",
          ExpressionAttributeNames: { "#dispatched": "dispatched" },
          ExpressionAttributeValues: marshall({ ":items": items }),
        }),
      ),
    );
  },

  async settle(runId, item, counts) {
    const added = addCounts({ [item.resource]: counts });
    const expiresAt = Math.floor(clock().getTime() / 1000) + MARKER_DAYS * 86_400;
    const settlement = new TransactWriteItemsCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: marshall({ ...itemKey(runId, item), expiresAt }),
            ConditionExpression: "attribute_not_exists(#pk)",
            ExpressionAttributeNames: { "#pk": "pk" },
          },
        },
        {
          Update: {
            TableName: table,
            Key: marshall(runKey(runId)),
            UpdateExpression: `${added.set.length > 0 ? `SET ${added.set.join(", ")} ` : ""}ADD #settled :one`,
            ConditionExpression: "attribute_exists(#pk)",
            ExpressionAttributeNames: { ...added.names, "#settled": "settled", "#pk": "pk" },
            ExpressionAttributeValues: marshall({ ...added.values, ":one": 1 }),
          },
        },
      ],
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await db.send(settlement);
        return "settled";
      } catch (cause) {
        const reasons =
          cause instanceof TransactionCanceledException ? (cause.CancellationReasons ?? []) : [];
        if (reasons[0]?.Code === "ConditionalCheckFailed") return "duplicate";
        // Workers settling items of one run at once contend for its record: DynamoDB cancels one
        // of two overlapping transactions, which goes again.
        const contended = reasons.some((reason) => reason.Code === "TransactionConflict");
        if (!contended || attempt === MAX_ATTEMPTS)
          throw new StoreUnavailableError("settle run item", { cause });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  },

  async giveBack(runId) {
    await storeCall("give back run item", () =>
      db.send(
        new UpdateItemCommand({
          TableName: table,
          Key: marshall(runKey(runId)),
          UpdateExpression: "ADD #settled :one",
          ExpressionAttributeNames: { "#settled": "settled" },
          ExpressionAttributeValues: marshall({ ":one": 1 }),
        }),
      ),
    );
  },

  async settledOf(runId, items) {
    const settled: RunItem[] = [];
    for (let start = 0; start < items.length; start += BATCH) {
      let keys = items.slice(start, start + BATCH).map((item) => marshall(itemKey(runId, item)));
      while (keys.length > 0) {
        const answer = await storeCall("read settled items", () =>
          db.send(
            new BatchGetItemCommand({
              RequestItems: { [table]: { Keys: keys, ProjectionExpression: "sk", ConsistentRead: true } },
            }),
          ),
        );
        for (const found of answer.Responses?.[table] ?? []) settled.push(fromMarker(unmarshall(found).sk));
        keys = answer.UnprocessedKeys?.[table]?.Keys ?? [];
      }
    }
    return settled;
  },

  async endPass(runId, counts) {
    const added = addCounts(counts);
    const remaining = Object.entries(counts).map(([resource, kindCounts]) => {
      added.names[`#${resource}`] = resource;
      added.values[`:${resource}_remaining`] = kindCounts.remaining;
      return `#byKind.#${resource}.#remaining = :${resource}_remaining`;
    });
    await storeCall("end run pass", () =>
      db.send(
        new UpdateItemCommand({
          TableName: table,
          Key: marshall(runKey(runId)),
          UpdateExpression: `SET ${[...added.set, ...remaining].join(", ")}`,
          ExpressionAttributeNames: { ...added.names, "#byKind": "byKind", "#remaining": "remaining" },
          ExpressionAttributeValues: marshall(added.values),
        }),
      ),
    );
  },

  async finish(runId, end) {
    await storeCall("finish run", () =>
      db.send(
        new UpdateItemCommand({
          TableName: table,
          Key: marshall(runKey(runId)),
          UpdateExpression: "SET #status = :status, #finishedAt = :finishedAt",
          ExpressionAttributeNames: { "#status": "status", "#finishedAt": "finishedAt" },
          ExpressionAttributeValues: marshall({ ":status": end.status, ":finishedAt": end.finishedAt }),
        }),
      ),
    );
  },
});

/** `SET` clauses adding each kind's counts to the run's, `remaining` aside (a pass sets its own). */
const addCounts = (byKind: Partial<Record<IndexedResource, SweepCounts>>) => {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const set: string[] = [];
  for (const [resource, counts] of Object.entries(byKind)) {
    for (const [name, value] of Object.entries(counts)) {
      if (name === "remaining" || value === 0) continue;
      Object.assign(names, { "#byKind": "byKind", [`#${resource}`]: resource, [`#${name}`]: name });
      values[`:${resource}_${name}`] = value;
      set.push(`#byKind.#${resource}.#${name} = #byKind.#${resource}.#${name} + :${resource}_${name}`);
    }
  }
  return { names, values, set };
};

const fromMarker = (sk: string): RunItem => {
  const [, resource, sid] = sk.split("#");
  return { resource: resource as IndexedResource, sid: sid ?? "" };
};
