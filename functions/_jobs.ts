import type { JobQueue } from "@video-recordings/core";
import type { RunQueue } from "@video-recordings/core/retention";
import { Resource } from "sst/resource";

/**
 * The stage's job queue. The SQS client is loaded by the first job queued, not by every cold start
 * of a function that mostly queues none.
 */
export const jobQueue = (): JobQueue => {
  let queue: Promise<JobQueue> | undefined;
  return {
    enqueue: async (job) => {
      queue ??= import("@video-recordings/core/sqs").then(({ sqsJobQueueFromEnvironment }) =>
        sqsJobQueueFromEnvironment(Resource.Jobs.url),
      );
      return (await queue).enqueue(job);
    },
  };
};

/** The stage's Runs queue, which the sweeper consumes; its SQS client loaded as the job queue's is. */
export const runQueue = (): RunQueue => {
  let queue: Promise<RunQueue> | undefined;
  return {
    enqueue: async (run) => {
      queue ??= import("@video-recordings/core/sqs").then(({ sqsRunQueueFromEnvironment }) =>
        sqsRunQueueFromEnvironment(Resource.Runs.url),
      );
      return (await queue).enqueue(run);
    },
  };
};
