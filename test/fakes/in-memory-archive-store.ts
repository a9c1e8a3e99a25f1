import type { MediaBody, UploadOptions } from "@video-recordings/core";
import {
  type ArchiveStore,
  contentDisposition,
  type DownloadLinkOptions,
  err,
  ok,
} from "@video-recordings/core";

const SCHEME = "in-memory-archive:";

type Stored = { bytes: Uint8Array; contentType: string };

/**
 * Keeps archived media in a map; passes the same contract suite as the S3 adapter. Its links are
 * `in-memory-archive://<bucket>/<key>?…` URLs that only its own `fetch` opens, expiring like a
 * presigned URL: at the whole second of issue plus the requested seconds, by the injected clock.
 */
export class InMemoryArchiveStore implements ArchiveStore {
  readonly objects = new Map<string, Stored>();
  readonly bucket: string;
  private readonly now: () => number;

  constructor(options: { bucket?: string; now?: () => number } = {}) {
    this.bucket = options.bucket ?? "in-memory-archive";
    this.now = options.now ?? Date.now;
  }

  async upload(key: string, body: MediaBody, { contentType, expectedSize }: UploadOptions) {
    if (!Number.isSafeInteger(expectedSize) || expectedSize < 0)
      throw new RangeError(`expectedSize must be a whole number of bytes, not ${expectedSize}`);
    const chunks: Uint8Array[] = [];
    try {
      for await (const chunk of body) chunks.push(Uint8Array.from(chunk));
    } catch (cause) {
      return err({ kind: "source-failed" as const, cause });
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.byteLength !== expectedSize) {
      // As in S3: the wrong copy replaced the old one, then was deleted.
      this.objects.delete(key);
      return err({ kind: "size-mismatch" as const, expected: expectedSize, actual: bytes.byteLength });
    }
    this.objects.set(key, { bytes, contentType });
    return ok({ bucket: this.bucket, key, size: expectedSize });
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    const stored = this.objects.get(key);
    return stored && { size: stored.bytes.byteLength };
  }

  async open(key: string): Promise<ReadableStream<Uint8Array> | undefined> {
    const stored = this.objects.get(key);
    if (stored === undefined) return undefined;
    const bytes = stored.bytes;
    return new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  async remove(key: string): Promise<void> {
    this.objects.delete(key);
  }

  async presignDownload(key: string, options: DownloadLinkOptions): Promise<string> {
    const { expiresInSeconds } = options;
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > 604_800)
      throw new RangeError("expiresInSeconds must be an integer from 1 to 604800");
    const issued = Math.floor((options.issuedAt?.getTime() ?? this.now()) / 1000);
    const query = new URLSearchParams({
      expires: String(issued + expiresInSeconds),
      disposition: contentDisposition(options.disposition, options.filename),
      type: options.contentType,
    });
    return `${SCHEME}//${this.bucket}/${encodeURIComponent(key)}?${query}`;
  }

  /** Opens one of its links as a presigned GET would answer it: 403 once expired, 404 when gone. */
  async fetch(link: string): Promise<Response> {
    const url = new URL(link);
    if (url.protocol !== SCHEME || url.host !== this.bucket) return new Response(null, { status: 400 });
    if (this.now() > Number(url.searchParams.get("expires")) * 1000)
      return new Response(null, { status: 403 });
    const stored = this.objects.get(decodeURIComponent(url.pathname.slice(1)));
    if (!stored) return new Response(null, { status: 404 });
    return new Response(stored.bytes, {
      status: 200,
      headers: {
        "content-type": url.searchParams.get("type") ?? stored.contentType,
        "content-disposition": url.searchParams.get("disposition") ?? "",
        "content-length": String(stored.bytes.byteLength),
      },
    });
  }
}
