import type { TestProject } from "vitest/node";
import { type DynamoDbLocal, startDynamoDbLocal } from "../../packages/local/src/dynamodb-local";

let dynamo: DynamoDbLocal | undefined;

/** One DynamoDB Local for the whole run; each suite makes its own tables in it. */
export const setup = async (project: TestProject): Promise<void> => {
  dynamo = await startDynamoDbLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
};

export const teardown = async (): Promise<void> => {
  await dynamo?.stop();
};

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
