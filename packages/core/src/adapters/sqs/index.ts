// The job queue on SQS (`@video-recordings/core/sqs`), apart from the main entry: only the
// functions that queue jobs load the SQS client.
export { sqsJobQueue, sqsJobQueueFromEnvironment, sqsRunQueueFromEnvironment } from "./sqs-job-queue";
