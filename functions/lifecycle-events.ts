import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { publishLifecycleEvents } from "@video-recordings/core";
import { dynamoHoldStore, storedChangeOf } from "@video-recordings/core/dynamo";
import { eventBridgeBus } from "@video-recordings/core/eventbridge";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { Resource } from "sst/resource";

const deps = {
  holds: dynamoHoldStore(Resource.Recordings.name, new DynamoDBClient({})),
  bus: eventBridgeBus(Resource.Events.name),
};

/**
 * The table stream's consumer: publishes the lifecycle events each recording's or composition's
 * write means, and reports the records whose events were not all published, so that the stream
 * delivers them again.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const changes = event.Records.map((record) => ({
    id: record.dynamodb?.SequenceNumber ?? "",
    change: storedChangeOf(record.dynamodb ?? {}),
  }));
  const unpublished = await publishLifecycleEvents(deps, changes);
  return { batchItemFailures: unpublished.map((id) => ({ itemIdentifier: id })) };
};
