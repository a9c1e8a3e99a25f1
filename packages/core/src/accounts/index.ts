// The Twilio accounts a deployment serves (`@video-recordings/core/accounts`): read where the
// deploy checks them, and where functions pick an account's credentials.
export {
  type AccountListing,
  AccountListingSchema,
  type AccountView,
  AccountViewSchema,
  type TwilioAccount,
  TwilioAccountSchema,
  toAccountListing,
  toAccountView,
} from "./account";
export {
  type AccountsProblem,
  accountSids,
  readTwilioAccounts,
  type SingleAccountSecrets,
  type TwilioAccounts,
} from "./read-accounts";
