// Public surface of the Twilio Video REST client.
export { createTwilioClient, type TwilioClient } from "./client";
export type { CallOptions } from "./context";
export { TwilioArgumentError, TwilioClientError, TwilioResponseError } from "./errors";
export type { TwilioFailure, TwilioFailureKind } from "./failures";
export type { FetchLike, SetTimer } from "./http";
export type {
  OpenMediaOptions,
  TwilioMediaLink,
  TwilioMediaLinkOptions,
  TwilioMediaStream,
} from "./media";
export { DEFAULT_BASE_URL, type TwilioClientOptions, type TwilioCredentials } from "./options";
export {
  RecordingResourceSchema,
  type TwilioRecording,
  toRecordingReport,
  toTwilioRecording,
} from "./recording-resource";
export type { ListRecordingsOptions, RecordingPage } from "./recordings-api";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
