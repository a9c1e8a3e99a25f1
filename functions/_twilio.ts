import { createTwilioClient, type TwilioClientOptions } from "@video-recordings/core";
import { Resource } from "sst/resource";

/** The REST client every function that calls Twilio shares: API key when set, else the Auth Token. */
export const twilioClient = (retry?: TwilioClientOptions["retry"]) => {
  const { value: apiKeySid } = Resource.TwilioApiKeySid;
  const { value: apiKeySecret } = Resource.TwilioApiKeySecret;
  return createTwilioClient({
    accountSid: Resource.TwilioAccountSid.value,
    credentials:
      apiKeySid && apiKeySecret ? { apiKeySid, apiKeySecret } : { authToken: Resource.TwilioAuthToken.value },
    baseUrl: Resource.TwilioApi.url,
    ...(retry && { retry }),
  });
};
