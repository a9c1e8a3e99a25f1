import { NODEJS } from "./bundling";
import { jobs, runs } from "./jobs";
import { twilioLinks } from "./secrets";
import { retention, settings, workers } from "./settings";
import { archive, recordings } from "./storage";

const schedule = settings.sweepSchedule;

/** Runs that still fail after the scheduler's retries land here, for a person to look at. */
export const sweeperDeadLetters = new sst.aws.Queue("SweeperDeadLetters");

export const sweeper = new sst.aws.CronV2("Sweeper", {
  // A disabled schedule still needs an expression.
  schedule: schedule.kind === "off" ? "rate(1 hour)" : schedule.expression,
  enabled: schedule.kind !== "off",
  event: { mode: "sweep" },
  retries: 2,
  dlq: sweeperDeadLetters.arn,
  function: {
    handler: "functions/sweeper.handler",
    timeout: "15 minutes",
    memory: "1024 MB",
    nodejs: NODEJS,
    link: [
      recordings,
      archive,
      retention,
      jobs,
      // Its link lets it receive from the queue as well as queue continuations.
      runs,
      workers,
      ...Object.values(twilioLinks),
    ],
  },
});

/**
 * The Runs queue feeds the same function as the schedule, one run a call, so coordinators never
 * take a worker's place.
 */
export const runCoordinator = runs.subscribe(sweeper.nodes.function.arn, { batch: { size: 1 } });
