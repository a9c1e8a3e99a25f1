import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";

/** The official helper library, sent to an emulator at `emulatorUrl` instead of video.twilio.com: the oracle. */
export const officialTwilio = (emulatorUrl: string, accountSid: string, authToken: string) => {
  class EmulatorRequestClient extends twilio.RequestClient {
    override request<TData>(options: RequestClient.RequestOptions<TData>) {
      return super.request<TData>({
        ...options,
        uri: options.uri.replace("https://video.twilio.com", emulatorUrl),
      });
    }
  }
  return twilio(accountSid, authToken, { httpClient: new EmulatorRequestClient() });
};
