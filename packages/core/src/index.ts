export { dynamoAuditLog } from "./adapters/dynamo/audit-log";
export { dynamoHoldStore } from "./adapters/dynamo/hold-store";
export { dynamoRecordingStore } from "./adapters/dynamo/recording-store";
export { createRecordingsTableInput, RECORDINGS_TABLE } from "./adapters/dynamo/table-schema";
export {
  type ArchiveLinks,
  type ArchiveStore,
  ArchiveUnavailableError,
  archiveKey,
  mediaContentType,
  mediaFilename,
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
export type { Hold } from "./holds/hold";
export type { HoldStore } from "./holds/ports";
export { type HoldView, placeHold, releaseHold } from "./holds/room-holds";
export { type InvalidParameter, invalidParameter } from "./invalid-parameter";
export { logger } from "./log";
export {
  issueMediaLink,
  type MediaLink,
  type MediaLinkDeps,
  type MediaLinkRejection,
  type MediaTwilio,
} from "./media/issue-media-link";
export { readMediaLinkRequest } from "./media/media-link-request";
export { StoreUnavailableError } from "./recordings/errors";
export { indexReport } from "./recordings/index-report";
export { mergeReport, sameState } from "./recordings/merge-report";
export type { PatchOutcome, RecordingStore, StoredRecording } from "./recordings/ports";
export { getRecording, listRoomRecordings, type ReadRejection } from "./recordings/read-recordings";
export type { RecordingState, RecordingStatus } from "./recordings/recording";
export type { RecordingReport } from "./recordings/recording-report";
export type { RecordingView } from "./recordings/recording-view";
export { applyPatch, type ReportPatch, reportPatch } from "./recordings/report-patch";
export { err, ok, type Result } from "./result";
export {
  type AuditLog,
  type RetentionPolicy,
  readRetentionPolicy,
  readSweepRequest,
  runSweep,
  type SweepDeps,
  type SweepMode,
  type SweepOptions,
  type SweepProgress,
  type SweepSummary,
} from "./retention";
export { isSid } from "./sids";
export { computeTwilioSignature, isValidTwilioSignature } from "./signature/twilio-signature";
export { normalizeTimestamp, timestampFromDate } from "./timestamps";
export {
  createTwilioClient,
  type TwilioClient,
  type TwilioClientOptions,
  type TwilioFailure,
  type TwilioRecording,
  toRecordingReport,
} from "./twilio";
