// Peer for cold-start figures: the least a callback handler can be, one DynamoDB UpdateItem with
// `@aws-sdk/client-dynamodb` and nothing else. Not deployed; bench/cold-start.ts bundles it as the
// functions are bundled (and, for comparison, with SST's defaults).
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";

const db = new DynamoDBClient({});
const table = process.env.TABLE_NAME ?? "recordings";

export const handler = async (event: { body?: string }) => {
  const form = new URLSearchParams(event.body ?? "");
  await db.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { pk: { S: `REC#${form.get("RecordingSid") ?? ""}` }, sk: { S: "REC" } },
      UpdateExpression: "SET #status = :status",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":status": { S: form.get("StatusCallbackEvent") ?? "" } },
    }),
  );
  return { statusCode: 204 };
};
