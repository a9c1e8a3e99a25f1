import { createTwilioClient } from "@video-recordings/core/twilio";
import { Resource } from "sst/resource";
import { twilioObserver } from "./_metrics";

/** The REST client every function that calls Twilio shares: API key when set, else the Auth Token. */
export const twilioClient = () => {
  const { value: apiKeySid } = Resource.TwilioApiKeySid;
  const { value: apiKeySecret } = Resource.TwilioApiKeySecret;
  return createTwilioClient({
    accountSid: Resource.TwilioAccountSid.value,
    credentials:
      apiKeySid && apiKeySecret ? { apiKeySid, apiKeySecret } : { authToken: Resource.TwilioAuthToken.value },
    baseUrl: Resource.TwilioApi.url,
    // Every call carries a deadline (API Gateway's budget, the sweep's run time), and that is
    // what ends retries on rate limits: a count would give up while time is left.
    retry: { maxAttempts: 30 },
    observer: twilioObserver,
  });
};
