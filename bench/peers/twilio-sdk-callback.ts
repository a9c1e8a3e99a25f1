// Peer for cold-start figures: the status-callback handler a user would write with the official
// `twilio` helper library (`validateRequest`) and the DynamoDB DocumentClient. Not deployed;
// bench/cold-start.ts bundles it as the functions are bundled.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import twilio from "twilio";

const docs = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const table = process.env.TABLE_NAME ?? "recordings";
const authToken = process.env.TWILIO_AUTH_TOKEN ?? "";
const publicUrl = process.env.PUBLIC_URL ?? "";

export const handler = async (event: { body?: string; headers?: Record<string, string | undefined> }) => {
  const params = Object.fromEntries(new URLSearchParams(event.body ?? ""));
  const signature = event.headers?.["x-twilio-signature"] ?? "";
  if (!twilio.validateRequest(authToken, signature, publicUrl, params)) return { statusCode: 403 };
  await docs.send(
    new UpdateCommand({
      TableName: table,
      Key: { pk: `REC#${params.RecordingSid ?? ""}`, sk: "REC" },
      UpdateExpression: "SET #status = :status, #size = :size, #room = :room",
      ExpressionAttributeNames: { "#status": "status", "#size": "size", "#room": "roomSid" },
      ExpressionAttributeValues: {
        ":status": params.StatusCallbackEvent ?? "",
        ":size": Number(params.Size ?? 0),
        ":room": params.RoomSid ?? "",
      },
    }),
  );
  return { statusCode: 204 };
};
