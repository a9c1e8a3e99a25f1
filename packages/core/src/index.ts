// The domain (`@video-recordings/core`). Adapters have entries of their own (`./dynamo`, `./s3`,
// `./twilio`, and `./renditions` for the remuxer and its media library), and so does the sweeper
// (`./retention`), so a function loads only what it uses.
export {
  type ArchiveLinks,
  type ArchiveStore,
  ArchiveUnavailableError,
  archiveKey,
  contentDisposition,
  type DownloadLinkOptions,
  type KeyedRecording,
  type MediaBody,
  mediaContentType,
  mediaFilename,
  type UploadOptions,
} from "./archive";
export { lazyArchiveStore } from "./archive/lazy-archive-store";
export { isValidBearer } from "./auth/bearer-token";
export { parseCallback } from "./callbacks/parse-callback";
export {
  type CallbackAccepted,
  type CallbackRejection,
  receiveStatusCallback,
  type StatusCallbackRequest,
} from "./callbacks/receive-status-callback";
export {
  CompositionSidSchema,
  type CompositionState,
  CompositionStatusSchema,
  type CompositionView,
  CompositionViewSchema,
  toCompositionView,
} from "./compositions/composition";
export {
  type CompositionLinkRequest,
  CompositionLinkRequestSchema,
  issueCompositionMediaLink,
} from "./compositions/composition-media-link";
export {
  type CompositionReport,
  indexCompositionReport,
  mergeCompositionReport,
} from "./compositions/composition-model";
export {
  type CompositionAsk,
  CompositionAskSchema,
  readCompositionAsk,
} from "./compositions/composition-request";
export {
  type CreateCompositionRejection,
  createRoomComposition,
} from "./compositions/create-composition";
export type { CompositionStore, StoredComposition } from "./compositions/ports";
export {
  type CompositionListingRequest,
  CompositionListingRequestSchema,
  CompositionListingSchema,
  getComposition,
  listRoomCompositions,
} from "./compositions/read-compositions";
export * from "./events";
export { type Hold, HoldBodySchema, type HoldView, HoldViewSchema } from "./holds/hold";
export type { HoldStore } from "./holds/ports";
export { placeHold, releaseHold } from "./holds/room-holds";
export type { IndexedState } from "./indexing/model";
export type { ReportPatch as IndexPatch } from "./indexing/patch";
export type {
  IndexStore,
  PatchOutcome as IndexPatchOutcome,
  RoomQuery,
  Stored,
} from "./indexing/ports";
export { type InvalidParameter, invalidParameter } from "./invalid-parameter";
export * from "./jobs";
export { logger } from "./log";
export { issueMediaLink } from "./media/issue-media-link";
export {
  type MediaLink,
  type MediaLinkAnswer,
  type MediaLinkDeps,
  type MediaLinkRejection,
  MediaLinkSchema,
  type MediaTwilio,
  PreparingSchema,
} from "./media/media-link";
export { MediaLinkRequestSchema, readMediaLinkRequest } from "./media/media-link-request";
export {
  issueParticipantMediaLink,
  type ParticipantLinkDeps,
  type ParticipantLinkRequest,
  ParticipantLinkRequestSchema,
} from "./media/participant-media-link";
export * from "./playback";
export {
  type Erasure,
  ErasureAskSchema,
  ErasureIdSchema,
  type ErasureStore,
  type ErasureView,
  ErasureViewSchema,
  type IdentityIndex,
  MAX_IDENTITY_LENGTH,
  newErasure,
} from "./privacy/erasure";
export { readErasure, requestErasure } from "./privacy/erasure-requests";
export { identityHash, withIdentityHash } from "./privacy/identity-hash";
export { erasePersonalData, holdsPersonalData } from "./privacy/personal-data";
export { type ErasureDeps, type ErasureOutcome, runErasure } from "./privacy/run-erasure";
export { StoreUnavailableError } from "./recordings/errors";
export { indexReport } from "./recordings/index-report";
export { mergeReport, sameState } from "./recordings/merge-report";
export type { PatchOutcome, RecordingStore, StoredRecording } from "./recordings/ports";
export {
  getRecording,
  listRoomRecordings,
  type ReadRejection,
  RoomListingRequestSchema,
  RoomListingSchema,
} from "./recordings/read-recordings";
export {
  PERSONAL_FACTS,
  type RecordingState,
  type RecordingStatus,
  RecordingStatusSchema,
  RecordingTypeSchema,
  type RecordingView,
  RecordingViewSchema,
} from "./recordings/recording";
export type { RecordingReport } from "./recordings/recording-report";
export { applyPatch, type ReportPatch, reportPatch } from "./recordings/report-patch";
export * from "./renditions";
export { err, ok, type Result } from "./result";
export { isSid, RecordingSidSchema, RoomSidSchema } from "./sids";
export { computeTwilioSignature, isValidTwilioSignature } from "./signature/twilio-signature";
export { normalizeTimestamp, TimestampSchema, timestampFromDate } from "./timestamps";
export * from "./twilio";
