import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type ShardIteratorType,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { dynamoClient, LOCAL_AWS } from "./dynamodb-local";

/** The lifecycle events function's entry, as the table stream's event source mapping calls it. */
export type StreamReaderEntry = {
  handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
};

export type TableStreamOptions = {
  dynamoEndpoint: string;
  tableName: string;
  loadReader(): Promise<StreamReaderEntry>;
  /** Deliveries of a batch after its first before it is set aside (the mapping's maximum retry attempts). */
  maxRetries: number;
  /** How often the stream is read between catch-ups. */
  pollMs: number;
};

export type TableStream = {
  /** Resolves once every record written before the call has been handed to the reader. */
  caughtUp(): Promise<void>;
  /** Batches set aside after every retry, as their sequence numbers. */
  deadLetters(): string[][];
  stop(): Promise<void>;
};

type Shard = { id: string; iterator: string | undefined; lastSequence: string | undefined };

/**
 * Local mode's event source mapping on the table's stream (DynamoDB Local serves DynamoDB
 * Streams): reads each shard from where it stood when local mode started, hands the records to
 * the lifecycle events function in order, and delivers again from the first record it reports
 * failed, as Lambda does, setting a batch aside after `maxRetries` more deliveries.
 */
export const startTableStream = async (options: TableStreamOptions): Promise<TableStream> => {
  const streams = new DynamoDBStreamsClient({ endpoint: options.dynamoEndpoint, ...LOCAL_AWS });
  const db = dynamoClient(options.dynamoEndpoint);
  const described = await db.send(new DescribeTableCommand({ TableName: options.tableName }));
  db.destroy();
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`the table ${options.tableName} has no stream`);
  const shards: Shard[] = [];
  const deadLetters: string[][] = [];

  const iteratorOf = async (shardId: string, type: ShardIteratorType, after?: string) =>
    (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(after && { SequenceNumber: after }),
        }),
      )
    ).ShardIterator;

  /** Shards not seen before: from where they stand at start, and from their beginning after. */
  const discover = async (from: ShardIteratorType) => {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(exclusiveStartShardId && { ExclusiveStartShardId: exclusiveStartShardId }),
        }),
      );
      for (const { ShardId } of StreamDescription?.Shards ?? []) {
        if (!ShardId || shards.some((shard) => shard.id === ShardId)) continue;
        shards.push({ id: ShardId, iterator: await iteratorOf(ShardId, from), lastSequence: undefined });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  };

  const deliver = async (records: StreamRecord[]): Promise<void> => {
    let pending = records;
    for (let delivery = 0; pending.length > 0; delivery++) {
      const { handler } = await options.loadReader();
      const answer = await handler({
        Records: pending.map((record) => ({ ...record, eventSourceARN: streamArn })),
      } as unknown as DynamoDBStreamEvent);
      const failed = new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
      const first = pending.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ""));
      if (first === -1) return;
      pending = pending.slice(first);
      if (delivery === options.maxRetries) {
        deadLetters.push(pending.map((record) => record.dynamodb?.SequenceNumber ?? ""));
        process.stderr.write(
          `lifecycle events: set aside after every retry: ${pending.length} stream record(s)\n`,
        );
        return;
      }
    }
  };

  const readShard = async (shard: Shard): Promise<void> => {
    while (shard.iterator) {
      let answer: GetRecordsCommandOutput;
      try {
        answer = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator }));
      } catch (error) {
        if (!(error instanceof ExpiredIteratorException)) throw error;
        shard.iterator = shard.lastSequence
          ? await iteratorOf(shard.id, "AFTER_SEQUENCE_NUMBER", shard.lastSequence)
          : await iteratorOf(shard.id, "LATEST");
        continue;
      }
      const records = answer.Records ?? [];
      if (records.length > 0) {
        await deliver(records);
        shard.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber;
      }
      shard.iterator = answer.NextShardIterator;
      if (records.length === 0) return;
    }
  };

  // One read at a time: a shard's iterator moves on with each.
  let reading: Promise<void> = discover("LATEST");
  let queued = 0;
  const read = (): Promise<void> => {
    queued++;
    reading = reading
      .catch(() => {})
      .then(async () => {
        queued--;
        await discover("TRIM_HORIZON");
        for (const shard of shards) await readShard(shard);
      });
    return reading;
  };
  await reading;

  let stopped = false;
  const timer = setInterval(() => {
    if (queued > 0) return;
    read().catch((error: unknown) => {
      if (!stopped) process.stderr.write(`reading the table stream failed: ${String(error)}\n`);
    });
  }, options.pollMs);
  timer.unref();

  return {
    caughtUp: read,
    deadLetters: () => deadLetters.map((batch) => [...batch]),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await reading.catch(() => {});
      streams.destroy();
    },
  };
};
