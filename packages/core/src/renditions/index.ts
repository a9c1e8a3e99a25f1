export { MediaSourceError, RenditionError } from "./errors";
export {
  MediaUnavailableError,
  makeRendition,
  type RenditionDeps,
  type RenditionOutcome,
} from "./make-rendition";
export { type Playable, PlayableSchema, playableOf } from "./playable";
export type {
  AlignedMedia,
  MediaInput,
  ParticipantMedia,
  RemuxedFile,
  Remuxer,
  RemuxRejection,
  TrackMedia,
} from "./ports";
export {
  type MediaKind,
  type ParticipantCodecs,
  type ParticipantRendition,
  participantRendition,
  RENDITION_CODECS,
  type RenditionCodec,
  type RenditionContainer,
  type TrackRendition,
  trackRendition,
} from "./rendition";
export { participantRenditionKey, renditionKey } from "./rendition-key";
export {
  UNSUPPORTED_REASONS,
  type UnsupportedMedia,
  UnsupportedMediaSchema,
  type UnsupportedReason,
  unsupportedMedia,
} from "./unsupported-media";
export {
  DURATION_TOLERANCE_SECONDS,
  type RenditionReadBack,
  type Unverified,
  type VerifiedRendition,
  verifyRendition,
} from "./verification";
