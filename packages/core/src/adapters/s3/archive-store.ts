import { Readable } from "node:stream";
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { ArchiveUnavailableError } from "../../archive/errors";
import type { ArchiveStore, MediaBody } from "../../archive/ports";
import { err, ok } from "../../result";
import { s3ArchiveLinks } from "./download-links";
import { isMissingObject } from "./sdk-errors";

const MiB = 1024 * 1024;
/** Parts this big, or bigger when the media would otherwise need more than `PLANNED_PARTS` parts. */
const MIN_PART_SIZE = 5 * MiB;
/** S3 allows 10,000 parts; planning for fewer leaves room for a source that sends more than it said. */
const PLANNED_PARTS = 9_000;
/** Parts in flight at once. Memory stays near (QUEUE_SIZE + 2) × part size, whatever the media weighs. */
const QUEUE_SIZE = 2;

/** Size parts so that `expectedSize` fits in `PLANNED_PARTS` whole-MiB parts: 5 MiB (S3's least) up to ~44 GiB. */
export const partSizeFor = (expectedSize: number): number =>
  Math.max(MIN_PART_SIZE, Math.ceil(expectedSize / PLANNED_PARTS / MiB) * MiB);

/**
 * The archive in an S3 bucket. Uploads are multipart (through `@aws-sdk/lib-storage`), streamed
 * with a bounded part size and queue; a failed one is aborted, so it never becomes an object. Its
 * download links come from `download-links.ts`, which functions that only issue links import
 * directly instead of this file.
 *
 * Incomplete multipart uploads cost storage until aborted: if aborting fails too (S3 unreachable),
 * one stays behind, invisible. The bucket should carry a lifecycle rule that aborts incomplete
 * multipart uploads after a day.
 */
export const s3ArchiveStore = (bucket: string, s3: S3Client): ArchiveStore => {
  const stat: ArchiveStore["stat"] = async (key) => {
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (cause) {
      if (isMissingObject(cause)) return undefined;
      throw new ArchiveUnavailableError("stat", { cause });
    }
  };

  const remove: ArchiveStore["remove"] = async (key) => {
    try {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (cause) {
      if (isMissingObject(cause)) return;
      throw new ArchiveUnavailableError("remove", { cause });
    }
  };

  return {
    ...s3ArchiveLinks(bucket, s3),
    stat,
    remove,

    async upload(key, body, { contentType, expectedSize }) {
      if (!Number.isSafeInteger(expectedSize) || expectedSize < 0)
        throw new RangeError(`expectedSize must be a whole number of bytes, not ${expectedSize}`);
      const source = watched(body);
      const upload = new Upload({
        client: s3,
        params: { Bucket: bucket, Key: key, Body: Readable.from(source.chunks()), ContentType: contentType },
        partSize: partSizeFor(expectedSize),
        queueSize: QUEUE_SIZE,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (cause) {
        // lib-storage has aborted the multipart upload by now (or never started one).
        if (source.failure) return err({ kind: "source-failed", cause: source.failure.cause });
        throw new ArchiveUnavailableError("upload", { cause });
      }
      const stored = await stat(key);
      if (stored?.size === expectedSize) return ok({ bucket, key, size: expectedSize });
      await remove(key);
      return err({ kind: "size-mismatch", expected: expectedSize, actual: stored?.size ?? 0 });
    },
  };
};

/** Reads `body` as a plain async iterable and remembers whether reading it threw. */
const watched = (body: MediaBody) => {
  const state: { failure?: { cause: unknown } } = {};
  return {
    get failure() {
      return state.failure;
    },
    async *chunks(): AsyncGenerator<Uint8Array> {
      try {
        // Ending early (the uploader gave up) cancels a ReadableStream source.
        for await (const chunk of body) yield chunk;
      } catch (cause) {
        state.failure = { cause };
        throw cause;
      }
    },
  };
};
