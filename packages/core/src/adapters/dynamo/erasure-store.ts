import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ErasureSchema, type ErasureStore } from "../../privacy/erasure";
import { dynamoRecordItemStore } from "./record-item-store";

/** Erasure requests, one item each (`ERASURE#<id>`/`ERASURE`), in no index. */
export const dynamoErasureStore = (table: string, db: DynamoDBClient): ErasureStore =>
  dynamoRecordItemStore(
    { prefix: "ERASURE", schema: ErasureSchema, keyOf: (erasure) => erasure.erasureId },
    table,
    db,
  );
