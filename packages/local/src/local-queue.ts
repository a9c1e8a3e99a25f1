import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

/** The worker function's entry, as the queue's event source mapping calls it. */
export type WorkerEntry = {
  handler(
    event: SQSEvent,
    context: { awsRequestId: string; getRemainingTimeInMillis(): number },
  ): Promise<SQSBatchResponse>;
};

export type LocalQueueOptions = {
  loadWorker(): Promise<WorkerEntry>;
  /** Messages worked at once (a deployed stage's `WORKERS`). */
  workers: number;
  /** How long a failed message waits before it is delivered again (SQS: the visibility timeout). */
  retryDelayMs: number;
  /** Deliveries before a message is set aside as a dead letter (SQS: the redrive policy's maxReceiveCount). */
  maxReceives: number;
};

export type QueueState = { waiting: number; running: number; deadLetters: string[] };

export type LocalQueue = {
  /** The queue's URL, which the SQS client also sends to (`AWS_ENDPOINT_URL_SQS`). */
  url: string;
  endpoint: string;
  state(): QueueState;
  /** Resolves once nothing waits, runs or is due for another try. */
  settled(): Promise<QueueState>;
  stop(): Promise<void>;
};

type Message = { id: string; body: string; receives: number };

// What a worker is told it has left, as a deployed worker's 15 minutes.
const WORKER_RUN_MS = 15 * 60_000;

/**
 * Local mode's SQS, in this process: an HTTP endpoint that takes what the SQS client sends
 * (`SendMessage`, AWS JSON 1.0), and a pool of workers that hand each message to the worker
 * function as a one-record SQS event, as Lambda's event source mapping does. A message the
 * worker reports failed (`batchItemFailures`) or that throws comes back after `retryDelayMs`,
 * and is set aside as a dead letter after `maxReceives` deliveries.
 */
export const startLocalQueue = async (options: LocalQueueOptions): Promise<LocalQueue> => {
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
      const { handler } = await options.loadWorker();
      const answer = await handler(event, context);
      failed = answer.batchItemFailures.some((failure) => failure.itemIdentifier === message.id);
    } catch (error) {
      process.stderr.write(`worker failed on ${message.id}: ${String(error)}\n`);
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

  const server = createServer((request, response) => {
    void receive(request, response, (body) => {
      const message = { id: randomUUID(), body, receives: 0 };
      ready.push(message);
      queueMicrotask(pump);
      return message.id;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${endpoint}/000000000000/jobs`,
    endpoint,
    state,
    settled: () =>
      new Promise<QueueState>((resolve) => {
        waiters.push(() => resolve(state()));
        settle();
      }),
    stop: async () => {
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
      ready.length = 0;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** Answers `SendMessage` as SQS does, with the body's MD5 that the SQS client checks. */
const receive = async (
  request: IncomingMessage,
  response: ServerResponse,
  enqueue: (body: string) => string,
): Promise<void> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const answer = (status: number, body: Record<string, unknown>) => {
    response.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
    response.end(JSON.stringify(body));
  };
  const target = request.headers["x-amz-target"];
  let input: { MessageBody?: unknown };
  try {
    input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { MessageBody?: unknown };
  } catch {
    input = {};
  }
  if (target !== "AmazonSQS.SendMessage" || typeof input.MessageBody !== "string")
    return answer(400, {
      __type: "com.amazonaws.sqs#InvalidAction",
      message: `${target} is not served here`,
    });
  const messageId = enqueue(input.MessageBody);
  answer(200, {
    MessageId: messageId,
    MD5OfMessageBody: createHash("md5").update(input.MessageBody).digest("hex"),
  });
};
