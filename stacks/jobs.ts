import { MAX_RECEIVES } from "@video-recordings/core";
import { NODEJS } from "./bundling";
import { twilioLinks } from "./secrets";
import { retention, settings } from "./settings";
import { archive, recordings } from "./storage";

// A job runs for at most the worker's timeout; SQS hides a message this long while it runs, a
// minute more, so that a job still running is never delivered to a second worker.
const WORKER_TIMEOUT_MINUTES = 15;
const VISIBILITY_MINUTES = WORKER_TIMEOUT_MINUTES + 1;

/** Jobs that failed every delivery wait here for a person to look at (14 days, SQS's longest). */
export const jobDeadLetters = new sst.aws.Queue("JobDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 86_400 } },
});

/** Work off the request path (renditions, erasures, runs' archive work), one message a job. */
export const jobs = new sst.aws.Queue("Jobs", {
  visibilityTimeout: `${VISIBILITY_MINUTES} minutes`,
  dlq: { queue: jobDeadLetters.arn, retry: MAX_RECEIVES },
});

/** Runs whose passes failed every delivery wait here for a person to look at (14 days, SQS's longest). */
export const runDeadLetters = new sst.aws.Queue("RunDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 86_400 } },
});

/**
 * Runs waiting for their coordinator (the sweeper function, which subscribes in `sweeper.ts`): an
 * export asked for, or the continuation of a run that left work behind. Hidden, as jobs are,
 * longer than a pass may run.
 */
export const runs = new sst.aws.Queue("Runs", {
  visibilityTimeout: `${VISIBILITY_MINUTES} minutes`,
  dlq: { queue: runDeadLetters.arn, retry: MAX_RECEIVES },
});

export const worker = jobs.subscribe(
  {
    handler: "functions/worker.handler",
    timeout: `${WORKER_TIMEOUT_MINUTES} minutes`,
    // Memory buys CPU on Lambda, and remuxing is CPU-bound; the media itself stays on disk.
    memory: "3008 MB",
    // Room for the largest track's rendition while it is written and uploaded.
    storage: "10 GB",
    nodejs: NODEJS,
    link: [
      recordings,
      archive,
      retention,
      // An erasure that runs out of time queues its own continuation.
      jobs,
      ...Object.values(twilioLinks),
    ],
  },
  {
    batch: { size: 1, partialResponses: true },
    transform: {
      eventSourceMapping: (args) => {
        // Workers running at once (`WORKERS`): the event source mapping's ceiling.
        args.scalingConfig = { maximumConcurrency: settings.workers };
      },
    },
  },
);
