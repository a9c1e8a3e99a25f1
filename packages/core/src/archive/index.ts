export { archiveKey, type KeyedRecording, mediaFilename, UNKNOWN_ROOM } from "./archive-key";
export { ArchiveError, ArchiveUnavailableError } from "./errors";
export { contentDisposition, mediaContentType } from "./media-type";
export type {
  ArchivedObject,
  ArchiveLinks,
  ArchiveStore,
  Disposition,
  DownloadLinkOptions,
  MediaBody,
  UploadOptions,
  UploadRejection,
} from "./ports";
export { DISPOSITIONS } from "./ports";
