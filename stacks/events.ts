import { RESOURCE_STREAM_FILTERS } from "@video-recordings/core/dynamo/stream";
import { NODEJS } from "./bundling";
import { recordings } from "./storage";

/** Deliveries of a stream batch after its first before it is set aside; the stream keeps records 24 hours. */
const MAX_RETRIES = 10;

/**
 * Lifecycle events (`recording.completed`, …, `rendition.ready`), source `video-recordings`,
 * detail-type the event's name. Subscribe with `events.subscribe(…, { pattern: { detailType: […] } })`.
 */
export const events = new sst.aws.Bus("Events");

/**
 * Stream batches whose events could not be published after every retry: Lambda sends their shard
 * and sequence numbers here (14 days, SQS's longest), never the items, so nothing is lost unseen.
 */
export const eventDeadLetters = new sst.aws.Queue("EventDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 86_400 } },
});

// The stream carries every write, by whichever function made it: the writes never wait on the bus.
export const eventPublisher = recordings.subscribe(
  "LifecycleEvents",
  {
    handler: "functions/lifecycle-events.handler",
    nodejs: NODEJS,
    link: [recordings, events],
    permissions: [{ actions: ["sqs:SendMessage"], resources: [eventDeadLetters.arn] }],
  },
  {
    filters: RESOURCE_STREAM_FILTERS,
    transform: {
      eventSourceMapping: (args) => {
        args.functionResponseTypes = ["ReportBatchItemFailures"];
        args.maximumRetryAttempts = MAX_RETRIES;
        args.bisectBatchOnFunctionError = true;
        args.destinationConfig = { onFailure: { destinationArn: eventDeadLetters.arn } };
      },
    },
  },
);
