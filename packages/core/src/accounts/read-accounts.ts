import * as v from "valibot";
import { err, ok, type Result } from "../result";
import { type TwilioAccount, TwilioAccountSchema } from "./account";

/** The single-account secrets, for deployments that serve one account and leave `TwilioAccounts` unset. */
export type SingleAccountSecrets = {
  TwilioAccountSid: string;
  TwilioAuthToken: string;
  TwilioApiKeySid: string;
  TwilioApiKeySecret: string;
};

/** The accounts a deployment serves, the first being the one resources without an account belong to. */
export type TwilioAccounts = {
  all: readonly [TwilioAccount, ...TwilioAccount[]];
  primary: TwilioAccount;
  find(accountSid: string): TwilioAccount | undefined;
};

/** Why the accounts cannot be read: names the entry and field, never a token or key secret. */
export type AccountsProblem = { kind: "invalid-twilio-accounts"; message: string };

const problem = (message: string) => err<AccountsProblem>({ kind: "invalid-twilio-accounts", message });

/**
 * Reads the `TwilioAccounts` secret: a JSON array of accounts, at least one, no account twice.
 * Unset (empty), the single-account secrets make a list of one.
 */
export const readTwilioAccounts = (
  secretValue: string | undefined,
  single: SingleAccountSecrets,
): Result<TwilioAccounts, AccountsProblem> => {
  if (secretValue === undefined || secretValue.trim() === "") return fromSingleSecrets(single);
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretValue);
  } catch {
    // The parser's message quotes the text around the error, which may be a token.
    return problem("TwilioAccounts is not JSON: expected an array of accounts");
  }
  if (!Array.isArray(parsed)) return problem("TwilioAccounts must be a JSON array of accounts");
  if (parsed.length === 0) return problem("TwilioAccounts must list at least one account");
  const accounts: TwilioAccount[] = [];
  for (const [index, entry] of parsed.entries()) {
    const read = v.safeParse(TwilioAccountSchema, entry);
    if (!read.success) return problem(`TwilioAccounts[${index}]${describe(read.issues[0])}`);
    const earlier = accounts.findIndex((account) => account.accountSid === read.output.accountSid);
    if (earlier !== -1)
      return problem(
        `TwilioAccounts[${index}]: account ${read.output.accountSid} is listed twice (also at [${earlier}])`,
      );
    accounts.push(read.output);
  }
  return ok(directory(accounts as [TwilioAccount, ...TwilioAccount[]]));
};

const fromSingleSecrets = (single: SingleAccountSecrets): Result<TwilioAccounts, AccountsProblem> => {
  if (single.TwilioAccountSid === "" && single.TwilioAuthToken === "")
    return problem("neither TwilioAccounts nor TwilioAccountSid and TwilioAuthToken are set");
  const read = v.safeParse(TwilioAccountSchema, {
    accountSid: single.TwilioAccountSid,
    authToken: single.TwilioAuthToken,
    ...(single.TwilioApiKeySid !== "" && { apiKeySid: single.TwilioApiKeySid }),
    ...(single.TwilioApiKeySecret !== "" && { apiKeySecret: single.TwilioApiKeySecret }),
  });
  if (!read.success) return problem(`the single-account secrets${describe(read.issues[0])}`);
  return ok(directory([read.output]));
};

/** The SIDs of the accounts, the primary one's first: what the sweep lists and works, account by account. */
export const accountSids = (accounts: TwilioAccounts): readonly [string, ...string[]] => {
  const [primary, ...others] = accounts.all;
  return [primary.accountSid, ...others.map((account) => account.accountSid)];
};

const directory = (all: readonly [TwilioAccount, ...TwilioAccount[]]): TwilioAccounts => ({
  all,
  primary: all[0],
  find: (accountSid) => all.find((account) => account.accountSid === accountSid),
});

// The field and our own message only: an issue's `input` is the value, which may be a secret.
const describe = (issue: v.BaseIssue<unknown> | undefined): string => {
  const field = issue?.path?.map((item) => String(item.key)).join(".");
  // A key that is missing is reported with the object's message: say what it is.
  const message = field && issue?.input === undefined ? "is missing" : issue?.message;
  return `${field ? `.${field}` : ""}: ${message ?? "is not an account"}`;
};
