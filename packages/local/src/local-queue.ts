import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

type LambdaContext = { awsRequestId: string; getRemainingTimeInMillis(): number };

/** The worker function's entry, as the queue's event source mapping calls it. */
export type WorkerEntry = {
  handler(event: SQSEvent, context: LambdaContext): Promise<SQSBatchResponse>;
};

/** A queue's consumer: the worker's entry, or the sweeper's, which reports no failures (it throws). */
export type QueueConsumer = {
  handler(event: SQSEvent, context: LambdaContext): Promise<SQSBatchResponse | unknown>;
};

export type LocalQueueOptions = {
  /** The queue's name, the last part of its URL. */
  name: string;
  loadConsumer(): Promise<QueueConsumer>;
  /** Messages worked at once (a deployed stage's `WORKERS`). */
  workers: number;
  /** How long a failed message waits before it is delivered again (SQS: the visibility timeout). */
  retryDelayMs: number;
  /** Deliveries before a message is set aside as a dead letter (SQS: the redrive policy's maxReceiveCount). */
  maxReceives: number;
};

export type QueueState = { waiting: number; running: number; deadLetters: string[] };

export type LocalQueue = {
  /** The queue's URL, on the endpoint the SQS client sends to (`AWS_ENDPOINT_URL_SQS`). */
  url: string;
  state(): QueueState;
  /** Resolves once nothing waits, runs or is due for another try. */
  settled(): Promise<QueueState>;
};

/** Local mode's SQS: its queues, by name, behind one endpoint. */
export type LocalSqs = { endpoint: string; queues: Record<string, LocalQueue>; stop(): Promise<void> };

type Message = { id: string; body: string; receives: number };

// What a worker is told it has left, as a deployed worker's 15 minutes.
const WORKER_RUN_MS = 15 * 60_000;

/**
 * Local mode's SQS, in this process: an HTTP endpoint that takes what the SQS client sends
 * (`SendMessage`, AWS JSON 1.0) to any of `queues`, each with a pool of workers that hand each
 * message to its consumer as a one-record SQS event, as Lambda's event source mapping does.
 */
export const startLocalSqs = async (queues: readonly LocalQueueOptions[]): Promise<LocalSqs> => {
  const pools = new Map(queues.map((options) => [options.name, localQueue(options)]));
  const server = createServer((request, response) => {
    void receive(request, response, (queueUrl, body) =>
      pools.get(queueUrl.split("/").at(-1) ?? "")?.accept(body),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    queues: Object.fromEntries(
      [...pools].map(([name, pool]) => [
        name,
        { url: `${endpoint}/000000000000/${name}`, state: pool.state, settled: pool.settled },
      ]),
    ),
    stop: async () => {
      for (const pool of pools.values()) pool.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/**
 * One queue: a message its consumer reports failed (`batchItemFailures`) or that throws comes
 * back after `retryDelayMs`, and is set aside as a dead letter after `maxReceives` deliveries.
 */
const localQueue = (options: LocalQueueOptions) => {
  const ready: Message[] = [];
  const delayed = new Set<NodeJS.Timeout>();
  const deadLetters: string[] = [];
  let running = 0;
  let waiters: (() => void)[] = [];

  const state = (): QueueState => ({
    waiting: ready.length + delayed.size,
    running,
    deadLetters: [...deadLetters],
  });
  const settle = () => {
    if (ready.length + delayed.size + running > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };

  const deliver = async (message: Message): Promise<void> => {
    message.receives++;
    const event = {
      Records: [
        {
          messageId: message.id,
          body: message.body,
          attributes: { ApproximateReceiveCount: String(message.receives) },
        },
      ],
    } as unknown as SQSEvent;
    const deadline = Date.now() + WORKER_RUN_MS;
    const context = { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => deadline - Date.now() };
    let failed: boolean;
    try {
      const { handler } = await options.loadConsumer();
      const answer = (await handler(event, context)) as Partial<SQSBatchResponse> | undefined;
      failed = answer?.batchItemFailures?.some((failure) => failure.itemIdentifier === message.id) ?? false;
    } catch (error) {
      process.stderr.write(`${options.name} consumer failed on ${message.id}: ${String(error)}\n`);
      failed = true;
    }
    if (!failed) return;
    if (message.receives >= options.maxReceives) {
      deadLetters.push(message.body);
      return;
    }
    const timer = setTimeout(() => {
      delayed.delete(timer);
      ready.push(message);
      pump();
    }, options.retryDelayMs);
    delayed.add(timer);
  };

  const pump = () => {
    while (running < options.workers && ready.length > 0) {
      const message = ready.shift() as Message;
      running++;
      void deliver(message).finally(() => {
        running--;
        pump();
        settle();
      });
    }
    settle();
  };

  return {
    accept: (body: string): string => {
      const message = { id: randomUUID(), body, receives: 0 };
      ready.push(message);
      queueMicrotask(pump);
      return message.id;
    },
    state,
    settled: () =>
      new Promise<QueueState>((resolve) => {
        waiters.push(() => resolve(state()));
        settle();
      }),
    stop: () => {
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
      ready.length = 0;
    },
  };
};

/** Answers `SendMessage` as SQS does, with the body's MD5 that the SQS client checks. */
const receive = async (
  request: IncomingMessage,
  response: ServerResponse,
  enqueue: (queueUrl: string, body: string) => string | undefined,
): Promise<void> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const answer = (status: number, body: Record<string, unknown>) => {
    response.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
    response.end(JSON.stringify(body));
  };
  const target = request.headers["x-amz-target"];
  let input: { MessageBody?: unknown; QueueUrl?: unknown };
  try {
    input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof input;
  } catch {
    input = {};
  }
  if (target !== "AmazonSQS.SendMessage" || typeof input.MessageBody !== "string")
    return answer(400, {
      __type: "com.amazonaws.sqs#InvalidAction",
      message: `${target} is not served here`,
    });
  const messageId = enqueue(String(input.QueueUrl), input.MessageBody);
  if (messageId === undefined)
    return answer(400, {
      __type: "com.amazonaws.sqs#QueueDoesNotExist",
      message: `no queue at ${String(input.QueueUrl)}`,
    });
  answer(200, {
    MessageId: messageId,
    MD5OfMessageBody: createHash("md5").update(input.MessageBody).digest("hex"),
  });
};
