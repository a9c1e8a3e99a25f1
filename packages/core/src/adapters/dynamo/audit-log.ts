import {
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { AuditEntry, AuditLog } from "../../retention/audit";
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

export const dynamoAuditLog = (table: string, db: DynamoDBClient): AuditLog => ({
  async record(entry) {
    const item = { pk: auditPartition(entry.sid), sk: auditSortKey(entry), ...entry };
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
});

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
