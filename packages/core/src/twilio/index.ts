// Twilio Video as the domain sees it: the port, its outcomes and what it reports.
export { TwilioArgumentError, TwilioClientError, TwilioResponseError } from "./errors";
export type { TwilioFailure, TwilioFailureKind } from "./failures";
export type {
  CallOptions,
  CompositionPage,
  ListCompositionsOptions,
  ListRecordingsOptions,
  OpenMediaOptions,
  RecordingPage,
  TwilioMediaLink,
  TwilioMediaLinkOptions,
  TwilioMediaStream,
  TwilioVideo,
} from "./ports";
export { type CompositionRequest, type TwilioComposition, toCompositionReport } from "./twilio-composition";
export { type TwilioRecording, toRecordingReport } from "./twilio-recording";
