import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ParticipantFileSchema, type ParticipantFileStore } from "../../renditions/participant-file";
import { dynamoRecordItemStore } from "./record-item-store";

/** Participants' files, one item each (`PART#<participant sid>`/`PART`), in no index. */
export const dynamoParticipantFileStore = (table: string, db: DynamoDBClient): ParticipantFileStore =>
  dynamoRecordItemStore(
    { prefix: "PART", schema: ParticipantFileSchema, keyOf: (file) => file.participantSid },
    table,
    db,
  );
