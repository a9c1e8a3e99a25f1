import { readTwilioAccounts, type TwilioAccounts } from "@video-recordings/core/accounts";
import { Resource } from "sst/resource";

/**
 * The Twilio accounts this deployment serves: `TwilioAccounts`, or when it is unset the
 * single-account secrets. The deploy refuses a malformed list, so failing here means the
 * function was given links the deploy never checked.
 */
export const twilioAccounts = (): TwilioAccounts => {
  const read = readTwilioAccounts(Resource.TwilioAccounts.value, {
    TwilioAccountSid: Resource.TwilioAccountSid.value,
    TwilioAuthToken: Resource.TwilioAuthToken.value,
    TwilioApiKeySid: Resource.TwilioApiKeySid.value,
    TwilioApiKeySecret: Resource.TwilioApiKeySecret.value,
  });
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
};
