import { createAccountsTwilioClient } from "@video-recordings/core/twilio";
import { Resource } from "sst/resource";
import { twilioAccounts } from "./_accounts";
import { twilioObserver } from "./_metrics";

/**
 * The REST client every function that calls Twilio shares: one client per account, each with the
 * account's API key when it has one, else its Auth Token.
 */
export const twilioClient = () =>
  createAccountsTwilioClient(twilioAccounts(), {
    baseUrl: Resource.TwilioApi.url,
    // Every call carries a deadline (API Gateway's budget, the sweep's run time), and that is
    // what ends retries on rate limits: a count would give up while time is left.
    retry: { maxAttempts: 30 },
    observer: twilioObserver,
  });
