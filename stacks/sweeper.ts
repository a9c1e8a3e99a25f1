import { readRetentionPolicy } from "../packages/core/src/retention/policy";
import { NODEJS } from "./bundling";
import { twilioAccountSid, twilioApi, twilioApiKeySecret, twilioApiKeySid, twilioAuthToken } from "./secrets";
import { archive, recordings } from "./storage";

const settings = {
  retentionDays: process.env.RETENTION_DAYS ?? "90",
  archive: process.env.ARCHIVE ?? "true",
  archiveRetentionDays: process.env.ARCHIVE_RETENTION_DAYS ?? "",
};
// A typo in a retention setting must stop the deploy, not delete on a wrong policy.
const checked = readRetentionPolicy(settings);
if (!checked.ok) throw new Error(`retention settings: ${checked.error.parameter} ${checked.error.message}`);

/** The stage's retention policy, as the sweeper reads it (`Resource.Retention`). */
export const retention = new sst.Linkable("Retention", { properties: settings });

const schedule = process.env.SWEEP_SCHEDULE ?? "rate(1 hour)";
if (schedule !== "off" && !/^(rate|cron)\(.+\)$/.test(schedule)) {
  throw new Error(`SWEEP_SCHEDULE must be rate(…), cron(…) or off, not "${schedule}"`);
}

/** Runs that still fail after the scheduler's retries land here, for a person to look at. */
export const sweeperDeadLetters = new sst.aws.Queue("SweeperDeadLetters");

export const sweeper = new sst.aws.CronV2("Sweeper", {
  schedule: (schedule === "off" ? "rate(1 hour)" : schedule) as `rate(${string})`,
  enabled: schedule !== "off",
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
      twilioApi,
      twilioAccountSid,
      twilioAuthToken,
      twilioApiKeySid,
      twilioApiKeySecret,
    ],
  },
});
