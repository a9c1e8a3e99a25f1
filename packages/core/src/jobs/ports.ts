import type { Job } from "./job";

/**
 * Where jobs wait for a worker: SQS once deployed (`adapters/sqs`), an in-process queue in local
 * mode. Delivery is at least once; a job that fails is delivered again, and after a few failures
 * it is set aside as a dead letter.
 */
export interface JobQueue {
  enqueue(job: Job): Promise<void>;
}

/** Deliveries before a job is set aside as a dead letter: a job that fails three times will not pass on a fourth. */
export const MAX_RECEIVES = 3;
