// The Twilio Video REST client (`@video-recordings/core/twilio`): the `TwilioVideo` port over `fetch`.

export { type AccountsClientOptions, createAccountsTwilioClient } from "./account-routing";
export { createTwilioClient } from "./client";
export type { FetchLike, SetTimer } from "./http";
export type { TwilioClientOptions, TwilioCredentials } from "./options";
export { RecordingResourceSchema, toTwilioRecording } from "./recording-resource";
export { DEFAULT_RETRY_POLICY, type RetryPolicy, type TwilioObserver } from "./retry";
