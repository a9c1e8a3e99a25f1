import {
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { AuditEntry, AuditLog, AuditPosition, AuditSelector } from "../../retention/audit";
import { storeCall } from "./store-call";

/** A recording's or composition's audit trail lives in its own partition of the table: `AUDIT#<sid>`. */
export const auditPartition = (sid: string): string => `AUDIT#${sid}`;

/**
 * Sort key `<at>#<action>#<runId>`: a trail reads in time order, and writing one entry twice
 * (a retried write) stores it once. No `expiresAt`: the trail is the evidence of what retention
 * did, and outlives the recording's own entry.
 */
export const auditSortKey = (entry: Pick<AuditEntry, "at" | "action" | "runId">): string =>
  `${entry.at}#${entry.action}#${entry.runId}`;

/** Where an entry sorts among a room's or a run's: by time, then SID, action and run. */
const auditPosition = (entry: AuditPosition): string =>
  `${entry.at}#${entry.sid}#${entry.action}#${entry.runId}`;

/** The index and partition a selection reads, and the index keys of an entry in it. */
const selection = (selector: AuditSelector) => {
  switch (selector.by) {
    case "resource":
      return { partition: { name: "pk", value: auditPartition(selector.sid) } };
    case "room":
      return {
        index: "byAuditRoom",
        partition: { name: "auditRoom", value: `AUDITROOM#${selector.roomSid}` },
        sortName: "auditAt",
      };
    case "run":
      return {
        index: "byAuditRun",
        partition: { name: "auditRun", value: `AUDITRUN#${selector.runId}` },
        sortName: "auditAt",
      };
  }
};

export const dynamoAuditLog = (table: string, db: DynamoDBClient): AuditLog => ({
  async record(entry) {
    const item = {
      pk: auditPartition(entry.sid),
      sk: auditSortKey(entry),
      auditRun: `AUDITRUN#${entry.runId}`,
      auditAt: auditPosition(entry),
      ...(entry.roomSid !== null && { auditRoom: `AUDITROOM#${entry.roomSid}` }),
      ...entry,
    };
    await storeCall("recordAudit", () =>
      db.send(
        new PutItemCommand({ TableName: table, Item: marshall(item, { removeUndefinedValues: true }) }),
      ),
    );
  },

  async listFor(sid) {
    const entries: AuditEntry[] = [];
    let startKey: QueryCommandInput["ExclusiveStartKey"];
    do {
      const answer = await storeCall("listAudit", () =>
        db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "#pk = :pk",
            ExpressionAttributeNames: { "#pk": "pk" },
            ExpressionAttributeValues: marshall({ ":pk": auditPartition(sid) }),
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of answer.Items ?? []) entries.push(toEntry(unmarshall(item)));
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
    return entries;
  },

  async list(selector, page) {
    const { index, partition, sortName } = selection(selector);
    const startKey = (after: AuditPosition) => ({
      pk: auditPartition(after.sid),
      sk: auditSortKey(after),
      ...(sortName && { [partition.name]: partition.value, [sortName]: auditPosition(after) }),
    });
    const found: AuditEntry[] = [];
    let exclusiveStart: QueryCommandInput["ExclusiveStartKey"] = page.after && marshall(startKey(page.after));
    // One more than asked, to know whether another page follows.
    do {
      const answer = await storeCall("listAudit", () =>
        db.send(
          new QueryCommand({
            TableName: table,
            ...(index && { IndexName: index }),
            KeyConditionExpression: "#partition = :partition",
            ExpressionAttributeNames: { "#partition": partition.name },
            ExpressionAttributeValues: marshall({ ":partition": partition.value }),
            Limit: page.limit + 1 - found.length,
            ExclusiveStartKey: exclusiveStart,
          }),
        ),
      );
      for (const item of answer.Items ?? []) found.push(toEntry(unmarshall(item)));
      exclusiveStart = answer.LastEvaluatedKey;
    } while (exclusiveStart && found.length <= page.limit);
    const entries = found.slice(0, page.limit);
    const last = entries.at(-1);
    return { entries, next: found.length > page.limit && last ? positionOf(last) : null };
  },
});

const positionOf = ({ sid, at, action, runId }: AuditEntry): AuditPosition => ({ sid, at, action, runId });

const toEntry = (item: Record<string, unknown>): AuditEntry => ({
  resource: item.resource as AuditEntry["resource"],
  sid: item.sid as string,
  roomSid: (item.roomSid ?? null) as string | null,
  runId: item.runId as string,
  policy: item.policy as AuditEntry["policy"],
  action: item.action as AuditEntry["action"],
  step: item.step as AuditEntry["step"],
  detail: (item.detail ?? null) as string | null,
  archiveKey: (item.archiveKey ?? null) as string | null,
  at: item.at as string,
});
