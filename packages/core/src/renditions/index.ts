export { MediaSourceError, RenditionError } from "./errors";
export {
  makeParticipantFile,
  type ParticipantFileDeps,
  type ParticipantRef,
} from "./make-participant-file";
export { makeRendition, type RenditionDeps, type RenditionOutcome } from "./make-rendition";
export { MediaUnavailableError } from "./media-source";
export {
  noParticipantFile,
  type ParticipantFile,
  ParticipantFileSchema,
  type ParticipantFileStore,
} from "./participant-file";
export { type ParticipantTracks, participantRecordings, participantTracks } from "./participant-tracks";
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
  PREPARING_RETRY_AFTER_SECONDS,
  type Preparing,
  type QueueUnavailable,
  REQUEUE_AFTER_SECONDS,
} from "./queue-once";
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
