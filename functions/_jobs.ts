import type { JobQueue } from "@video-recordings/core";
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
