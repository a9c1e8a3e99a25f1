import { settingsOrThrow } from "@video-recordings/core/settings";
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from "@video-recordings/twilio-emulator";
import { type LocalFunctions, type LocalOptions, startLocal, type TwilioTarget } from "./start-local";

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `npm start`: local mode with embedded defaults, every setting overridable from the
 * environment. Prints the `ready` line and the local credentials, and stops on SIGINT or SIGTERM.
 */
export const runLocalMode = async (
  functions: LocalFunctions,
  env: Environment = process.env,
): Promise<void> => {
  const settings = settingsOrThrow(env);
  const options: LocalOptions = {
    functions,
    port: Number(env.PORT ?? 3000),
    apiToken: env.API_TOKEN ?? "local-api-token",
    twilio: twilioTarget(env),
    dataDir: ".local",
    reset: process.argv.includes("--reset"),
    retention: settings.retentionSettings,
    sweepSchedule: settings.sweepSchedule,
    workers: settings.workers,
  };

  const system = await startLocal(options);
  process.stdout.write(`ready api=${system.apiUrl} twilio=${system.emulatorUrl ?? settings.twilioApiUrl}\n`);
  process.stdout.write(`  API token:            ${options.apiToken}\n`);
  if (options.twilio.kind === "emulator") {
    for (const account of system.twilioAccounts) {
      process.stdout.write(`  Emulator Account SID: ${account.accountSid}\n`);
      process.stdout.write(`  Emulator Auth Token:  ${account.authToken}\n`);
    }
  } else {
    process.stdout.write(`  Twilio account:       ${options.twilio.accountSid} (real Twilio)\n`);
  }
  process.stdout.write(`  Lifecycle events:     GET /_local/events answers what the bus received\n`);
  const { sweepSchedule } = settings;
  if (sweepSchedule.kind !== "rate") {
    const why =
      sweepSchedule.kind === "off"
        ? "SWEEP_SCHEDULE=off"
        : `local mode runs rate(…) schedules only, not "${sweepSchedule.expression}"`;
    process.stdout.write(`  Sweeper:              not scheduled (${why}); POST /_local/sweeper runs it\n`);
  }

  const shutdown = async () => {
    await system.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
};

const twilioTarget = (env: Environment): TwilioTarget => {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken = "" } = env;
  const { TWILIO_API_KEY_SID: apiKeySid, TWILIO_API_KEY_SECRET: apiKeySecret } = env;
  if (accountSid && (authToken || (apiKeySid && apiKeySecret))) {
    // An account served is one whose callbacks can be checked: its Auth Token is part of it.
    if (!authToken) throw new Error("TWILIO_AUTH_TOKEN must be set with TWILIO_ACCOUNT_SID");
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
    accounts: emulatorAccounts(env.EMULATOR_ACCOUNTS),
    accountSid: env.EMULATOR_ACCOUNT_SID ?? DEFAULT_ACCOUNT_SID,
    authToken: env.EMULATOR_AUTH_TOKEN ?? DEFAULT_AUTH_TOKEN,
    apiKeySid: `SK${"0".repeat(31)}1`,
    apiKeySecret: "local-api-key-secret",
  };
};

/** `EMULATOR_ACCOUNTS`: how many accounts the emulator serves, and local mode with it (default 1). */
const emulatorAccounts = (raw: string | undefined): number => {
  if (raw === undefined || raw === "") return 1;
  if (!/^[1-9][0-9]*$/.test(raw))
    throw new Error(`EMULATOR_ACCOUNTS must be a whole number of at least 1, not "${raw}"`);
  return Number(raw);
};
