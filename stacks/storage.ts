import { RECORDINGS_TABLE } from "../packages/core/src/adapters/dynamo/table-schema";

/**
 * The recordings index. Its keys and indexes are declared once, beside the adapter that uses
 * them (`table-schema.ts`), so local mode and tests create exactly this table.
 */
export const recordings = new sst.aws.Dynamo("Recordings", {
  ...RECORDINGS_TABLE,
  deletionProtection: $app.stage === "production",
});
