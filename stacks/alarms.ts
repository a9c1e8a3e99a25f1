import {
  METRICS,
  METRICS_NAMESPACE,
  type MetricName,
  metricDimensions,
  TWILIO_OUTAGE_KINDS,
} from "@video-recordings/core/metrics";
import type { SweepSchedule } from "@video-recordings/core/settings";
import { api, routeFunctions } from "./api";
import { eventDeadLetters, eventPublisher } from "./events";
import { jobDeadLetters, runDeadLetters, worker } from "./jobs";
import { settings } from "./settings";
import { sweeper, sweeperDeadLetters } from "./sweeper";

/** Every alarm goes here, going off and coming back; `ALERT_EMAIL` subscribes an address. */
export const alerts = new sst.aws.SnsTopic("Alerts");

if (settings.alertEmail !== null) {
  // SNS mails a confirmation link first: nothing arrives until it is followed.
  new aws.sns.TopicSubscription("AlertEmail", {
    topic: alerts.arn,
    protocol: "email",
    endpoint: settings.alertEmail,
  });
}

const FIVE_MINUTES = 300;
const DAY = 86_400;
/** CloudWatch evaluates at most 7 days: two periods of at most 3.5 days. */
const LONGEST_TWO_PERIODS = 302_400;

const notify = { alarmActions: [alerts.arn], okActions: [alerts.arn] };

/** What the mail's subject names: the app, the stage and what went wrong. */
const alarmName = (name: string) => `${$app.name}-${$app.stage}-${name}`;

/** A metric of ours, in this stage. */
const ours = (name: MetricName, of?: string) => ({
  namespace: METRICS_NAMESPACE,
  metricName: name,
  dimensions: metricDimensions($app.stage, of === undefined ? { name } : { name, of }),
});

const deadLetterAlarms = [
  { name: "JobDeadLettersWaiting", queue: jobDeadLetters, what: "a job failed every delivery" },
  { name: "SweeperDeadLettersWaiting", queue: sweeperDeadLetters, what: "a sweep run failed every retry" },
  {
    name: "RunDeadLettersWaiting",
    queue: runDeadLetters,
    what: "a run's pass (an export, a continuation) failed every delivery",
  },
  {
    name: "EventDeadLettersWaiting",
    queue: eventDeadLetters,
    what: "a stream batch's lifecycle events could not be published after every retry",
  },
].map(
  ({ name, queue, what }) =>
    new aws.cloudwatch.MetricAlarm(name, {
      name: alarmName(name),
      alarmDescription: `Dead letters are waiting: ${what}. Read them, fix the cause, then redrive or delete them.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queue.nodes.queue.name },
      statistic: "Maximum",
      period: FIVE_MINUTES,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      ...notify,
    }),
);

/**
 * The sweep alarm's period: the schedule's interval, so that each period holds exactly one run.
 * The runs' metrics are stamped with their start (functions/sweeper.ts), which the scheduler puts
 * one interval apart (give or take the invocation's delay), and consecutive periods of that length
 * hold one such start each. Two breaching periods in a row are then two runs in a row. A cron
 * schedule has no one interval, and CloudWatch looks at most 7 days back: for those and for rates
 * longer than 3.5 days the period is a day, and the alarm means two days in a row with a failing run.
 */
const sweepPeriodSeconds = (schedule: SweepSchedule): number => {
  if (schedule.kind !== "rate") return DAY;
  const seconds = schedule.everyMs / 1000;
  return seconds <= LONGEST_TWO_PERIODS ? seconds : DAY;
};

const { sweepSchedule } = settings;
const sweepAlarms =
  sweepSchedule.kind === "off"
    ? []
    : [
        new aws.cloudwatch.MetricAlarm("SweepFailedTwice", {
          name: alarmName("SweepFailedTwice"),
          alarmDescription:
            "Two sweep runs in a row had failures. GET /audit?runId=<the run's ID> lists what failed.",
          ...ours("SweepsWithFailures"),
          statistic: "Maximum",
          period: sweepPeriodSeconds(sweepSchedule),
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          // A period without a run (one that crashed is the errors alarm's) breaks the sequence.
          treatMissingData: "notBreaching",
          ...notify,
        }),
      ];

// A call fails only once its retries are spent (within its deadline), so one such failure is an
// outage of at least that long, not a blip.
const twilioAlarm = new aws.cloudwatch.MetricAlarm("TwilioUnavailable", {
  name: alarmName("TwilioUnavailable"),
  alarmDescription:
    "Twilio calls failed after their retries: Twilio is down, unreachable, or refuses this account's credentials.",
  metricQueries: [
    ...TWILIO_OUTAGE_KINDS.map((kind, i) => ({
      id: `outage${i}`,
      metric: { ...ours("TwilioFailures", kind), period: FIVE_MINUTES, stat: "Sum" },
      returnData: false,
    })),
    { id: "failed", expression: "SUM(METRICS())", label: "Twilio calls failed", returnData: true },
  ],
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  treatMissingData: "notBreaching",
  ...notify,
});

/** Every function, by its entry in functions/. */
const functions = [
  ...routeFunctions,
  { entry: "sweeper", function: sweeper.nodes.function },
  { entry: "worker", function: worker.nodes.function },
  { entry: "lifecycle-events", function: eventPublisher.nodes.function },
];

const pascal = (entry: string) =>
  entry.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());

// HTTP routes turn what they throw into a 500 (functions/_http.ts): their errors are timeouts,
// crashes and failed starts. The sweeper's and worker's are also whatever they throw.
const errorAlarms = functions.map(
  ({ entry, function: fn }) =>
    new aws.cloudwatch.MetricAlarm(`${pascal(entry)}Errors`, {
      name: alarmName(`${pascal(entry)}Errors`),
      alarmDescription: `The ${entry} function failed: a timeout, a crash, or an error it threw. Its logs say which.`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: fn.name },
      statistic: "Sum",
      period: FIVE_MINUTES,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...notify,
    }),
);

const region = aws.getRegionOutput().region;

/** One of our metrics broken down by its dimension, whatever values that takes, as a graph's lines. */
const byDimension = (id: string, name: MetricName, label: string) => ({
  id,
  label,
  expression: `SEARCH('{${METRICS_NAMESPACE},service,stage,${METRICS[name].dimension}} MetricName="${name}" stage="${$app.stage}"', 'Sum', ${FIVE_MINUTES})`,
});

/** One of our metrics without a dimension, as a graph's line. */
const plain = (name: MetricName, options: { label: string; stat?: string }) => [
  METRICS_NAMESPACE,
  name,
  ...Object.entries(ours(name).dimensions).flat(),
  options,
];

const graph = (title: string, metrics: unknown[], x: number, y: number) => ({
  type: "metric",
  x,
  y,
  width: 12,
  height: 6,
  properties: { title, region, metrics, stat: "Sum", period: FIVE_MINUTES, view: "timeSeries" },
});

/** What a person on call looks at first: alarm states, then what is failing, then throughput. */
export const dashboard = new aws.cloudwatch.Dashboard("Operations", {
  dashboardName: `video-recordings-${$app.stage}`,
  dashboardBody: $jsonStringify({
    widgets: [
      {
        type: "alarm",
        x: 0,
        y: 0,
        width: 24,
        height: 4,
        properties: {
          title: "Alarms",
          alarms: [...deadLetterAlarms, ...sweepAlarms, twilioAlarm, ...errorAlarms].map(
            (alarm) => alarm.arn,
          ),
        },
      },
      graph(
        "Dead letters waiting",
        [jobDeadLetters, sweeperDeadLetters, runDeadLetters, eventDeadLetters].map((queue) => [
          "AWS/SQS",
          "ApproximateNumberOfMessagesVisible",
          "QueueName",
          queue.nodes.queue.name,
          { stat: "Maximum" },
        ]),
        0,
        4,
      ),
      graph(
        "Function errors",
        functions.map(({ entry, function: fn }) => [
          "AWS/Lambda",
          "Errors",
          "FunctionName",
          fn.name,
          { label: entry },
        ]),
        12,
        4,
      ),
      graph(
        "Twilio: 429s and failed calls",
        [plain("TwilioRateLimited", { label: "429s" }), [byDimension("failed", "TwilioFailures", "failed")]],
        0,
        10,
      ),
      graph("API answers 5xx", [["AWS/ApiGateway", "5xx", "ApiId", api.nodes.api.id]], 12, 10),
      graph(
        "Sweeps: failed, remaining, runs with failures",
        [
          [byDimension("failed", "SweepFailed", "failed")],
          [byDimension("remaining", "SweepRemaining", "remaining")],
          plain("SweepsWithFailures", { label: "runs with failures" }),
        ],
        0,
        16,
      ),
      graph(
        "Sweeps: deleted, archived, archive expired, personal data erased",
        [
          [byDimension("deleted", "SweepDeleted", "deleted")],
          [byDimension("archived", "SweepArchived", "archived")],
          [byDimension("expired", "SweepArchiveExpired", "archive expired")],
          [byDimension("erased", "SweepPersonalDataErased", "personal data erased")],
        ],
        12,
        16,
      ),
      graph("Bytes archived", [[byDimension("bytes", "ArchivedBytes", "bytes")]], 0, 22),
      graph(
        "Callbacks by outcome and rejection reason",
        [
          [byDimension("accepted", "Callbacks", "accepted")],
          [byDimension("rejected", "CallbackRejections", "rejected")],
        ],
        12,
        22,
      ),
      graph("Media links by source", [[byDimension("links", "MediaLinks", "links")]], 0, 28),
      graph("Jobs by outcome", [[byDimension("jobs", "Jobs", "jobs")]], 12, 28),
    ],
  }),
});
