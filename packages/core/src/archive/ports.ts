import type { Disposition } from "../disposition";
import type { Result } from "../result";

/** Media bytes as they arrive, e.g. the body of Twilio's media download. Read once. */
export type MediaBody = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export type UploadOptions = {
  contentType: string;
  /** What the source says the media weighs; the stored copy must weigh exactly this. */
  expectedSize: number;
};

/** A verified copy in the archive: the object exists and weighs `size` bytes. */
export type ArchivedObject = { bucket: string; key: string; size: number };

/**
 * Why nothing was archived. Neither leaves a partial or wrong copy: an upload that fails mid-way
 * never becomes an object (what the key held before stays), a mismatched one is deleted.
 */
export type UploadRejection =
  | { kind: "size-mismatch"; expected: number; actual: number }
  /** Reading `body` threw (to stop an upload, abort the source). */
  | { kind: "source-failed"; cause: unknown };

export type DownloadLinkOptions = {
  /** The link stops working this many seconds after it is issued. */
  expiresInSeconds: number;
  disposition: Disposition;
  /** Named in `Content-Disposition` for `attachment`, e.g. `RT….mka`. */
  filename: string;
  contentType: string;
  /** When the link counts from (whole seconds); now unless given. The link dies at `issuedAt + expiresInSeconds` at the latest. */
  issuedAt?: Date;
};

/**
 * Issues time-limited download links to archived media. Split from `ArchiveStore` so that code
 * which only hands out links (the media-link function) does not load the uploader.
 */
export interface ArchiveLinks {
  /** A URL anyone can GET until it expires, answering with the given disposition and type. */
  presignDownload(key: string, options: DownloadLinkOptions): Promise<string>;
}

/** Verified copies of recording media in our own bucket. Unexpected failures throw `ArchiveUnavailableError`. */
export interface ArchiveStore extends ArchiveLinks {
  /** Streams `body` to `key`, then checks the stored size against `expectedSize`. Replaces what `key` held. */
  upload(
    key: string,
    body: MediaBody,
    options: UploadOptions,
  ): Promise<Result<ArchivedObject, UploadRejection>>;
  /** What is stored at `key`, or undefined when nothing is. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** What `key` holds, as a stream to read once, or undefined when it holds nothing. */
  open(key: string): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Deletes what `key` holds; deleting nothing is fine. */
  remove(key: string): Promise<void>;
}
