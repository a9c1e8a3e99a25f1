import type { CreateTableCommandInput, StreamViewType } from "@aws-sdk/client-dynamodb";

/**
 * The recordings table, in the shape `sst.aws.Dynamo` takes, so the deployed table and the
 * one local mode and tests create cannot drift apart.
 * - `pk`/`sk`: `REC#<recording sid>`/`REC` for recordings, `COMP#<composition sid>`/`COMP` for
 *   compositions, `HOLD#<room sid>`/`HOLD` for holds, `PART#<participant sid>`/`PART` for
 *   participants' files.
 * - `byRoom`: a room's recordings ordered by `<dateCreated>#<sid>`.
 * - `byAge`: sparse, only recordings not yet deleted, sharded, ordered by `<dateCreated>#<sid>`:
 *   the retention sweep reads just the recordings older than its cutoff.
 * - `byArchive`: sparse, only recordings with an archive copy, sharded, ordered by
 *   `<archivedAt>#<sid>`: archive retention reads just the copies older than its cutoff.
 * - `byPersonal`: sparse, only recordings that still hold personal data, sharded, ordered by
 *   `<dateCreated>#<sid>`: PII expiry reads just the recordings whose personal data is due, and
 *   a recording leaves it once erased.
 * - `byAuditRoom`, `byAuditRun`: audit entries (`AUDIT#<sid>` partitions) by room and by sweep
 *   run, ordered by `<at>#<sid>#<action>#<runId>`.
 * - `byIdentity`: recordings by the keyed hash of their participant's identity (`identityHash`),
 *   ordered by `<roomSid>#<sid>`: erasure finds an identity's recordings a room at a time.
 * - `ERASURE#<id>`/`ERASURE`: erasure requests, in no index.
 * - `LIMIT#<account sid>#<read|write>`/`LIMIT`: the next free Twilio call slot of an account, shared
 *   by every process (`rate-limiter.ts`), in no index.
 * - `RUN#<run id>`/`RUN`: a sweep or export run and its counts; `RUN#<run id>`/`ITEM#<kind>#<sid>`:
 *   the marker of each item a worker settled in it (expiring), in no index.
 * - `expiresAt` (TTL, epoch seconds): set on deleted recordings without an archive copy.
 * - `stream`: every write's old and new item, from which lifecycle events are published.
 */
export const RECORDINGS_TABLE = {
  fields: {
    pk: "string",
    sk: "string",
    byRoomPk: "string",
    byRoomSk: "string",
    byAgePk: "string",
    byAgeSk: "string",
    byArchivePk: "string",
    byArchiveSk: "string",
    byPersonalPk: "string",
    byPersonalSk: "string",
    auditRoom: "string",
    auditRun: "string",
    auditAt: "string",
    identityHash: "string",
    byIdentitySk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    byRoom: { hashKey: "byRoomPk", rangeKey: "byRoomSk" },
    byAge: { hashKey: "byAgePk", rangeKey: "byAgeSk" },
    byArchive: { hashKey: "byArchivePk", rangeKey: "byArchiveSk" },
    byPersonal: { hashKey: "byPersonalPk", rangeKey: "byPersonalSk" },
    byAuditRoom: { hashKey: "auditRoom", rangeKey: "auditAt" },
    byAuditRun: { hashKey: "auditRun", rangeKey: "auditAt" },
    byIdentity: { hashKey: "identityHash", rangeKey: "byIdentitySk" },
  },
  ttl: "expiresAt",
  stream: "new-and-old-images",
} as const;

/** Shards of the `byAge` index, so no single partition takes every recording's writes. */
export const AGE_SHARDS = 4;

/** Shards of the `byArchive` index, for the same reason. */
export const ARCHIVE_SHARDS = 4;

/** Shards of the `byPersonal` index, for the same reason. */
export const PERSONAL_SHARDS = 4;
/** The table's stream in the API's terms, as SST spells it out (`new-and-old-images` is `NEW_AND_OLD_IMAGES`). */
export const STREAM_SPECIFICATION = {
  StreamEnabled: true,
  StreamViewType: RECORDINGS_TABLE.stream.toUpperCase().replaceAll("-", "_") as StreamViewType,
};

export const createRecordingsTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: Object.keys(RECORDINGS_TABLE.fields).map((name) => ({
    AttributeName: name,
    AttributeType: "S",
  })),
  KeySchema: keySchema(RECORDINGS_TABLE.primaryIndex),
  StreamSpecification: STREAM_SPECIFICATION,
  GlobalSecondaryIndexes: Object.entries(RECORDINGS_TABLE.globalIndexes).map(([name, keys]) => ({
    IndexName: name,
    KeySchema: keySchema(keys),
    Projection: { ProjectionType: "ALL" },
  })),
});

const keySchema = (keys: { hashKey: string; rangeKey: string }) => [
  { AttributeName: keys.hashKey, KeyType: "HASH" as const },
  { AttributeName: keys.rangeKey, KeyType: "RANGE" as const },
];
