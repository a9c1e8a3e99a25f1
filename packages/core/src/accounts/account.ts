import * as v from "valibot";
import { AccountSidSchema, sidSchema } from "../sids";

// Every message is our own: valibot's defaults quote the value received, and here that may be a secret.
const secretSchema = (name: string) =>
  v.pipe(v.string(`${name} must be a string`), v.minLength(1, `${name} must not be empty`));

const LabelSchema = v.pipe(
  v.string("label must be a string"),
  v.minLength(1, "label must not be empty"),
  v.maxLength(64, "label must be at most 64 characters"),
);

const ENTRY = {
  accountSid: AccountSidSchema,
  authToken: secretSchema("authToken"),
  apiKeySid: v.optional(sidSchema("apiKey")),
  apiKeySecret: v.optional(secretSchema("apiKeySecret")),
  label: v.optional(LabelSchema),
};

/**
 * One Twilio account a deployment serves, an entry of the `TwilioAccounts` secret: its Auth Token
 * checks the signatures of its callbacks; REST calls use its API key when it has one, else the token.
 */
export const TwilioAccountSchema = v.pipe(
  v.object(ENTRY, "must be an object with accountSid and authToken"),
  v.check(
    (entry) => (entry.apiKeySid === undefined) === (entry.apiKeySecret === undefined),
    "apiKeySid and apiKeySecret go together: give both or neither",
  ),
);

export type TwilioAccount = v.InferOutput<typeof TwilioAccountSchema>;

/** What anyone may see of an account: never a token or a key. */
export const AccountViewSchema = v.object({
  accountSid: ENTRY.accountSid,
  label: v.nullable(LabelSchema),
});

export type AccountView = v.InferOutput<typeof AccountViewSchema>;

export const toAccountView = (account: TwilioAccount): AccountView => ({
  accountSid: account.accountSid,
  label: account.label ?? null,
});

/** `GET /accounts`: every account served, in the list's order. */
export const AccountListingSchema = v.object({ accounts: v.array(AccountViewSchema) });

export type AccountListing = v.InferOutput<typeof AccountListingSchema>;

export const toAccountListing = (accounts: readonly TwilioAccount[]): AccountListing => ({
  accounts: accounts.map(toAccountView),
});
