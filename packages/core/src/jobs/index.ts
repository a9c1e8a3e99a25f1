// Work off the request path: what a job is, and where it waits.

export { QueueUnavailableError } from "./errors";
export { type Job, JobSchema, readJob } from "./job";
export { type JobQueue, MAX_RECEIVES } from "./ports";
export { abandonJob, type JobDeps, type JobOutcome, runJob } from "./run-job";
