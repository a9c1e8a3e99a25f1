import { NODEJS } from "./bundling";
import {
  twilioAccountSid,
  twilioAccounts,
  twilioApi,
  twilioApiKeySecret,
  twilioApiKeySid,
  twilioAuthToken,
} from "./secrets";
import { retention } from "./settings";
import { archive, recordings } from "./storage";

// A job runs for at most the worker's timeout; SQS hides a message this long while it runs, a
// minute more, so that a job still running is never delivered to a second worker.
const WORKER_TIMEOUT_MINUTES = 15;
const VISIBILITY_MINUTES = WORKER_TIMEOUT_MINUTES + 1;
/** Workers running at once: the event source mapping's ceiling (at least 2, SQS's floor). */
const WORKERS = 5;
/** Deliveries before a job is set aside: a job that fails three times will not pass on a fourth. */
const MAX_RECEIVES = 3;

/** Jobs that failed every delivery wait here for a person to look at (14 days, SQS's longest). */
export const jobDeadLetters = new sst.aws.Queue("JobDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 86_400 } },
});

/** Work off the request path (renditions, erasures), one message a job. */
export const jobs = new sst.aws.Queue("Jobs", {
  visibilityTimeout: `${VISIBILITY_MINUTES} minutes`,
  dlq: { queue: jobDeadLetters.arn, retry: MAX_RECEIVES },
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
      twilioApi,
      twilioAccounts,
      twilioAccountSid,
      twilioAuthToken,
      twilioApiKeySid,
      twilioApiKeySecret,
    ],
  },
  {
    batch: { size: 1, partialResponses: true },
    transform: {
      eventSourceMapping: (args) => {
        args.scalingConfig = { maximumConcurrency: WORKERS };
      },
    },
  },
);
