import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { accountSids } from "@video-recordings/core/accounts";
import { dynamoRunLedger } from "@video-recordings/core/dynamo";
import { requestExport } from "@video-recordings/core/retention";
import { Resource } from "sst/resource";
import { twilioAccounts } from "./_accounts";
import { bearerProtected } from "./_auth";
import { runQueue } from "./_jobs";
import { rejected } from "./_rejections";
import { json } from "./_responses";

const clock = () => new Date();
const deps = {
  ledger: dynamoRunLedger(Resource.Recordings.name, new DynamoDBClient({}), clock),
  runs: runQueue(),
  accounts: accountSids(twilioAccounts()),
  clock,
};

/** `POST /exports`: archives every completed recording and composition; the sweeper's runs and the workers do it. */
export const handler = bearerProtected(["POST"], async (request) => {
  const asked = await requestExport(deps, request.body);
  return asked.ok ? json(202, asked.value) : rejected(asked.error);
});
