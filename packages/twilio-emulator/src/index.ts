// Public API of the Twilio Video Recordings emulator.
export type { Credentials } from "./auth";
export type { Delivery, DeliveryOutcome } from "./callbacks";
export { COMPOSITION_CONTENT_TYPES, compositionBytes } from "./composition-media";
export type { EmuBody, EmuRequest, EmuResponse } from "./http-types";
export { type SidGenerator, seededSids } from "./ids";
export { CONTENT_TYPES, firstTimestampMs, mediaBytes, mediaLength, type TrackMedia } from "./media-bytes";
export { type Random, seededRandom } from "./random";
export {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  type Emulator,
  type EmulatorAccount,
  type StartOptions,
  start,
} from "./server";
export { twilioSignature } from "./signature";
export type { Clock } from "./time";
export type {
  Codec,
  CompositionFormat,
  CompositionStatus,
  Faults,
  Gap,
  MediaType,
  RecordingStatus,
} from "./types";
