import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { QueueUnavailableError } from "../../jobs/errors";
import type { JobQueue } from "../../jobs/ports";

/** Jobs as SQS messages, one each, the job's JSON as the body. */
export const sqsJobQueue = (queueUrl: string, sqs: SQSClient): JobQueue => ({
  async enqueue(job) {
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(job) }));
    } catch (cause) {
      throw new QueueUnavailableError({ cause });
    }
  },
});

/** The queue at `queueUrl` with an SQS client configured from the environment (Lambda's, or local mode's endpoint). */
export const sqsJobQueueFromEnvironment = (queueUrl: string): JobQueue =>
  sqsJobQueue(queueUrl, new SQSClient({}));
