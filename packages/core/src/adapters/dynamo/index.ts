// The DynamoDB adapters (`@video-recordings/core/dynamo`): every store the domain's ports name, on one table.
export { dynamoAuditLog } from "./audit-log";
export { dynamoErasureStore } from "./erasure-store";
export { dynamoHoldStore } from "./hold-store";
export { dynamoIdentityIndex } from "./identity-index";
export { dynamoCompositionStore, dynamoIndexStore, dynamoRecordingStore } from "./index-store";
export { RESOURCE_STREAM_FILTERS, type StreamImages, storedChangeOf } from "./item-stream";
export { dynamoParticipantFileStore } from "./participant-file-store";
export { dynamoRateLimiter, type SharedLimiterOptions } from "./rate-limiter";
export { dynamoRunLedger } from "./run-ledger";
export { createRecordingsTableInput } from "./table-schema";
