import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from "@video-recordings/twilio-emulator";
import { type LocalOptions, startLocal, type TwilioTarget } from "./start-local";
import { readLocalSchedule } from "./sweep-schedule";

// `npm start`: local mode with embedded defaults, every setting overridable from the environment.
const env = process.env;

const twilioTarget = (): TwilioTarget => {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken = "" } = env;
  const { TWILIO_API_KEY_SID: apiKeySid, TWILIO_API_KEY_SECRET: apiKeySecret } = env;
  if (accountSid && (authToken || (apiKeySid && apiKeySecret))) {
    // Without the Auth Token no callback signature can be checked, so every callback is refused.
    return {
      kind: "twilio",
      accountSid,
      authToken,
      apiKeySid: apiKeySid ?? "",
      apiKeySecret: apiKeySecret ?? "",
    };
  }
  // REST calls to the emulator use an API key, as a deployment should.
  return {
    kind: "emulator",
    port: Number(env.TWILIO_EMULATOR_PORT ?? 3001),
    accountSid: env.EMULATOR_ACCOUNT_SID ?? DEFAULT_ACCOUNT_SID,
    authToken: env.EMULATOR_AUTH_TOKEN ?? DEFAULT_AUTH_TOKEN,
    apiKeySid: `SK${"0".repeat(31)}1`,
    apiKeySecret: "local-api-key-secret",
  };
};

const options: LocalOptions = {
  port: Number(env.PORT ?? 3000),
  apiToken: env.API_TOKEN ?? "local-api-token",
  twilio: twilioTarget(),
  dataDir: ".local",
  reset: process.argv.includes("--reset"),
  retention: {
    retentionDays: env.RETENTION_DAYS ?? "90",
    archive: env.ARCHIVE ?? "true",
    archiveRetentionDays: env.ARCHIVE_RETENTION_DAYS ?? "",
  },
  sweepSchedule: readLocalSchedule(env.SWEEP_SCHEDULE ?? "rate(1 hour)"),
};

const system = await startLocal(options);
const twilioUrl = system.emulatorUrl ?? "https://video.twilio.com";
process.stdout.write(`ready api=${system.apiUrl} twilio=${twilioUrl}\n`);
process.stdout.write(`  API token:            ${options.apiToken}\n`);
if (options.twilio.kind === "emulator") {
  process.stdout.write(`  Emulator Account SID: ${options.twilio.accountSid}\n`);
  process.stdout.write(`  Emulator Auth Token:  ${options.twilio.authToken}\n`);
} else {
  process.stdout.write(`  Twilio account:       ${options.twilio.accountSid} (real Twilio)\n`);
}

if (options.sweepSchedule.kind === "off") {
  process.stdout.write(
    `  Sweeper:              not scheduled (${options.sweepSchedule.why}); POST /_local/sweeper runs it\n`,
  );
}

const shutdown = async () => {
  await system.stop();
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
