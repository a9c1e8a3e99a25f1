export { dynamoHoldStore, dynamoRecordingStore } from "./adapters/dynamo/recording-store";
export { createRecordingsTableInput, RECORDINGS_TABLE } from "./adapters/dynamo/table-schema";
export { isValidBearer } from "./auth/bearer-token";
export { parseCallback } from "./callbacks/parse-callback";
export {
  type CallbackAccepted,
  type CallbackRejection,
  receiveStatusCallback,
  type StatusCallbackRequest,
} from "./callbacks/receive-status-callback";
export { logger } from "./log";
export { indexReport } from "./recordings/index-report";
export { mergeReport, sameState } from "./recordings/merge-report";
export type { HoldStore, RecordingStore, StoredRecording } from "./recordings/ports";
export {
  getRecording,
  type InvalidParameter,
  listRoomRecordings,
  type ReadRejection,
} from "./recordings/read-recordings";
export type { RecordingState, RecordingStatus } from "./recordings/recording";
export type { RecordingReport } from "./recordings/recording-report";
export type { RecordingView } from "./recordings/recording-view";
export { err, ok, type Result } from "./result";
export { isSid } from "./sids";
export { computeTwilioSignature, isValidTwilioSignature } from "./signature/twilio-signature";
export { normalizeTimestamp } from "./timestamps";
