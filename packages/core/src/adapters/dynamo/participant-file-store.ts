import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import {
  type ParticipantFile,
  ParticipantFileSchema,
  type ParticipantFileStore,
} from "../../renditions/participant-file";
import { readFields } from "./index-item";
import { storeCall } from "./store-call";
import { versionedPut } from "./versioned-put";

const participantKey = (participantSid: string) => ({ pk: `PART#${participantSid}`, sk: "PART" });

/** Participants' files, one item each (`PART#<participant sid>`/`PART`), in no index. */
export const dynamoParticipantFileStore = (table: string, db: DynamoDBClient): ParticipantFileStore => ({
  async get(participantSid) {
    const answer = await storeCall("getParticipantFile", () =>
      db.send(
        new GetItemCommand({
          TableName: table,
          Key: marshall(participantKey(participantSid)),
          ConsistentRead: true,
        }),
      ),
    );
    if (!answer.Item) return undefined;
    const item = unmarshall(answer.Item);
    return {
      state: readFields(ParticipantFileSchema, item) as ParticipantFile,
      version: item.version as number,
    };
  },

  put: (file, expectedVersion) => {
    const facts = Object.fromEntries(Object.entries(file).filter(([, value]) => value !== null));
    const item = { ...participantKey(file.participantSid), ...facts, version: (expectedVersion ?? 0) + 1 };
    return versionedPut(db, table, item, expectedVersion);
  },
});
