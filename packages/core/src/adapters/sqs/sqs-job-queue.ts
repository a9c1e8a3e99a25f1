import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { QueueUnavailableError } from "../../jobs/errors";
import type { JobQueue } from "../../jobs/ports";
import type { RunQueue } from "../../retention/run-pass";

/** Messages to one queue, each its JSON as the body. */
const sqsSender =
  <Message>(queueUrl: string, sqs: SQSClient) =>
  async (message: Message): Promise<void> => {
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    } catch (cause) {
      throw new QueueUnavailableError({ cause });
    }
  };

/** Jobs as SQS messages, one each, the job's JSON as the body. */
export const sqsJobQueue = (queueUrl: string, sqs: SQSClient): JobQueue => ({
  enqueue: sqsSender(queueUrl, sqs),
});

/** The queue at `queueUrl` with an SQS client configured from the environment (Lambda's, or local mode's endpoint). */
export const sqsJobQueueFromEnvironment = (queueUrl: string): JobQueue =>
  sqsJobQueue(queueUrl, new SQSClient({}));

/** Runs waiting for a coordinator, one message each: `{"runId"}`. */
export const sqsRunQueueFromEnvironment = (queueUrl: string): RunQueue => ({
  enqueue: sqsSender(queueUrl, new SQSClient({})),
});
