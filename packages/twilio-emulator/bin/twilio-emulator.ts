#!/usr/bin/env -S npx tsx
// Runs the emulator standalone. Options win over environment variables.
import { parseArgs } from "node:util";
import { start } from "../src/index";

const USAGE = `usage: twilio-emulator [--port N] [--host H] [--account-sid AC…] [--auth-token T]
                       [--api-key-sid SK… --api-key-secret S] [--accounts N] [--seed S]
env fallbacks: TWILIO_EMULATOR_PORT (default 3001), TWILIO_EMULATOR_HOST, EMULATOR_ACCOUNT_SID,
               EMULATOR_AUTH_TOKEN, EMULATOR_API_KEY_SID, EMULATOR_API_KEY_SECRET,
               EMULATOR_ACCOUNTS (default 1), EMULATOR_SEED`;

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "account-sid": { type: "string" },
      "auth-token": { type: "string" },
      "api-key-sid": { type: "string" },
      "api-key-secret": { type: "string" },
      accounts: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = process.env;
  const port = Number(values.port ?? env.TWILIO_EMULATOR_PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port: ${values.port}`);
  const keySid = values["api-key-sid"] ?? env.EMULATOR_API_KEY_SID;
  const keySecret = values["api-key-secret"] ?? env.EMULATOR_API_KEY_SECRET;
  if ((keySid === undefined) !== (keySecret === undefined))
    throw new Error("give both the API key SID and secret");
  const accountSid = values["account-sid"] ?? env.EMULATOR_ACCOUNT_SID;
  const authToken = values["auth-token"] ?? env.EMULATOR_AUTH_TOKEN;
  const accounts = Number(values.accounts ?? env.EMULATOR_ACCOUNTS ?? 1);
  if (!Number.isSafeInteger(accounts) || accounts < 1)
    throw new Error(`bad account count: ${values.accounts ?? env.EMULATOR_ACCOUNTS}`);
  const seed = values.seed ?? env.EMULATOR_SEED;
  const emulator = await start({
    port,
    host: values.host ?? env.TWILIO_EMULATOR_HOST ?? "127.0.0.1",
    ...(accountSid === undefined ? {} : { accountSid }),
    ...(authToken === undefined ? {} : { authToken }),
    ...(keySid === undefined || keySecret === undefined ? {} : { apiKeys: { [keySid]: keySecret } }),
    accounts,
    ...(seed === undefined ? {} : { seed }),
  });
  console.log(`ready ${emulator.url}`);
  console.log(`account sid ${emulator.accountSid}`);
  console.log(`auth token  ${emulator.authToken}`);
  for (const sid of Object.keys(emulator.apiKeys)) console.log(`api key     ${sid}`);
  for (const account of emulator.accounts.slice(1)) {
    console.log(`account sid ${account.accountSid}`);
    console.log(`auth token  ${account.authToken}`);
  }
  const stop = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
};

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  console.error(USAGE);
  process.exit(1);
});
