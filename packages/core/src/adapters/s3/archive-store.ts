import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { ArchiveUnavailableError } from "../../archive/errors";
import type { ArchiveStore } from "../../archive/ports";
import { err, ok, type Result } from "../../result";
import { s3ArchiveLinks } from "./download-links";
import { type PartReader, partReader } from "./part-reader";
import { isMissingObject } from "./sdk-errors";

const MiB = 1024 * 1024;
/** Parts this big, or bigger when the media would otherwise need more than `PLANNED_PARTS` parts. */
const MIN_PART_SIZE = 5 * MiB;
/** S3 allows 10,000 parts; planning for fewer leaves room for a source that sends more than it said. */
const PLANNED_PARTS = 9_000;
const MAX_PARTS = 10_000;

/** Size parts so that `expectedSize` fits in `PLANNED_PARTS` whole-MiB parts: 5 MiB (S3's least) up to ~44 GiB. */
export const partSizeFor = (expectedSize: number): number =>
  Math.max(MIN_PART_SIZE, Math.ceil(expectedSize / PLANNED_PARTS / MiB) * MiB);

/**
 * The archive in an S3 bucket. A body that fits in one part is put whole; a bigger one is uploaded
 * in parts through a single part-sized buffer, each part read into it once the one before is
 * stored: an upload holds one part whatever the media weighs, and the sweep's own concurrency
 * keeps downloads and uploads of different recordings going side by side. A failed multipart
 * upload is aborted, so it never becomes an object. Its download links come from
 * `download-links.ts`, which functions that only issue links import directly instead of this file.
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

  const open: ArchiveStore["open"] = async (key) => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body?.transformToWebStream();
    } catch (cause) {
      if (isMissingObject(cause)) return undefined;
      throw new ArchiveUnavailableError("open", { cause });
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
    open,
    remove,

    async upload(key, body, { contentType, expectedSize }) {
      if (!Number.isSafeInteger(expectedSize) || expectedSize < 0)
        throw new RangeError(`expectedSize must be a whole number of bytes, not ${expectedSize}`);
      const target = { Bucket: bucket, Key: key, ContentType: contentType };
      const reader = partReader(body);
      let sent: Result<void, SourceFailed>;
      try {
        sent = await storeBody(s3, target, reader, { partSize: partSizeFor(expectedSize), expectedSize });
      } catch (cause) {
        throw new ArchiveUnavailableError("upload", { cause });
      } finally {
        // Stops the download when the upload gave up before the body's end.
        await reader.close().catch(() => undefined);
      }
      if (!sent.ok) return sent;
      const stored = await stat(key);
      if (stored?.size === expectedSize) return ok({ bucket, key, size: expectedSize });
      await remove(key);
      return err({ kind: "size-mismatch", expected: expectedSize, actual: stored?.size ?? 0 });
    },
  };
};

type Target = { Bucket: string; Key: string; ContentType: string };
type SourceFailed = { kind: "source-failed"; cause: unknown };

/**
 * Copies what `reader` reads to `target`: put whole when it fits in one part, else uploaded in
 * parts. Answers source-failed when reading threw; throws what S3 threw.
 */
const storeBody = async (
  s3: S3Client,
  target: Target,
  reader: PartReader,
  { partSize, expectedSize }: { partSize: number; expectedSize: number },
): Promise<Result<void, SourceFailed>> => {
  const first = await readFirstPart(reader, partSize, expectedSize);
  if (!first.ok) return first;
  if (first.value.length < partSize) {
    await s3.send(new PutObjectCommand({ ...target, Body: first.value }));
    return ok(undefined);
  }
  return storeInParts(s3, target, reader, first.value);
};

/**
 * Reads up to a part. A body expected to be shorter than a part is read into a buffer one byte
 * longer than it should be, which shows it ended; only one that runs past that gets a whole part.
 */
const readFirstPart = async (
  reader: PartReader,
  partSize: number,
  expectedSize: number,
): Promise<Result<Uint8Array, SourceFailed>> => {
  const capacity = Math.min(partSize, expectedSize + 1);
  const small = await read(reader, new Uint8Array(capacity));
  // Ended inside it, or it is a whole part already.
  if (!small.ok || small.value.length < capacity || capacity === partSize) return small;
  const part = new Uint8Array(partSize);
  part.set(small.value);
  const rest = await read(reader, part.subarray(small.value.length));
  return rest.ok ? ok(part.subarray(0, small.value.length + rest.value.length)) : rest;
};

/**
 * A multipart upload of `buffer`, which holds the first part, and of each next part, read into
 * `buffer` once the one before is stored. Aborted unless it completes.
 */
const storeInParts = async (
  s3: S3Client,
  target: Target,
  reader: PartReader,
  buffer: Uint8Array,
): Promise<Result<void, SourceFailed>> => {
  // S3 verifies each part against its checksum when the upload announces one (see `client.ts`).
  const checksums = (await s3.config.requestChecksumCalculation()) === "WHEN_SUPPORTED";
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ ...target, ...(checksums && { ChecksumAlgorithm: "CRC32" }) }),
  );
  const upload = { Bucket: target.Bucket, Key: target.Key, UploadId };
  let completed = false;
  try {
    const parts: CompletedPart[] = [];
    let part = buffer;
    for (let PartNumber = 1; part.length > 0; PartNumber++) {
      if (PartNumber > MAX_PARTS) throw new Error(`the body needs more than ${MAX_PARTS} parts`);
      const { ETag, ChecksumCRC32 } = await s3.send(
        new UploadPartCommand({ ...upload, PartNumber, Body: part }),
      );
      parts.push({ PartNumber, ETag, ...(ChecksumCRC32 && { ChecksumCRC32 }) });
      // A part shorter than the buffer was the body's last.
      if (part.length < buffer.length) break;
      const next = await read(reader, buffer);
      if (!next.ok) return next;
      part = next.value;
    }
    await s3.send(new CompleteMultipartUploadCommand({ ...upload, MultipartUpload: { Parts: parts } }));
    completed = true;
    return ok(undefined);
  } finally {
    if (!completed) {
      // What failed is what to report; an abort that fails leaves the upload to the bucket's lifecycle rule.
      await s3.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined);
    }
  }
};

const read = async (reader: PartReader, into: Uint8Array): Promise<Result<Uint8Array, SourceFailed>> => {
  try {
    return ok(await reader.fill(into));
  } catch (cause) {
    return err({ kind: "source-failed", cause });
  }
};
