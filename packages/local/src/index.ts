// Local mode's parts, for `npm start`, the export command, tests and benchmarks.
export { toApiGatewayEvent } from "./api-gateway-event";
export {
  type DynamoDbLocal,
  dynamoClient,
  ensureRecordingsTable,
  LOCAL_AWS,
  startDynamoDbLocal,
} from "./dynamodb-local";
export { runExport } from "./export";
export { freePort } from "./free-port";
export type { LambdaHttpHandler } from "./gateway";
export type { BusEvent } from "./local-bus";
export type { QueueState, WorkerEntry } from "./local-queue";
export { runLocalMode } from "./main";
export { type S3Server, startS3Server } from "./s3-server";
export type { LocalFunctions, LocalOptions } from "./start-local";
export { type LocalSystem, startLocal } from "./start-local";
export type { SweeperEntry } from "./sweeper-controls";
export { type StreamReaderEntry, startTableStream, type TableStream } from "./table-stream";
