export { archiveKey, compositionArchiveKey, type KeyedRecording, mediaFilename } from "./archive-key";
export { ArchiveError, ArchiveUnavailableError } from "./errors";
export { contentDisposition, mediaContentType } from "./media-type";
export type {
  ArchivedObject,
  ArchiveLinks,
  ArchiveStore,
  DownloadLinkOptions,
  MediaBody,
  UploadOptions,
  UploadRejection,
} from "./ports";
