// Work off the request path: what a job is, and where it waits.

export { QueueUnavailableError } from "./errors";
export { type Job, JobSchema, readJob } from "./job";
export type { JobQueue } from "./ports";
export { type JobDeps, type JobOutcome, runJob } from "./run-job";
