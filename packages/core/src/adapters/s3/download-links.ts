import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { ArchiveUnavailableError } from "../../archive/errors";
import { contentDisposition } from "../../archive/media-type";
import type { ArchiveLinks } from "../../archive/ports";

/** SigV4 query signatures last at most a week. */
const MAX_EXPIRY_SECONDS = 604_800;

/**
 * Presigned GETs into the archive bucket. Kept apart from the uploader (`archive-store.ts`) on
 * purpose: a function that only issues links imports this file alone, and its bundle carries
 * neither `@aws-sdk/lib-storage` nor the multipart code.
 *
 * The URL is signed locally (no request to S3) with the client's current credentials. It stops
 * working `expiresInSeconds` after `issuedAt` (default now), counted from the whole second that
 * `X-Amz-Date` records; so never later than `issuedAt + expiresInSeconds`. Signed with temporary
 * credentials (a Lambda role), it also stops working when those expire, whichever comes first.
 */
export const s3ArchiveLinks = (bucket: string, s3: S3Client): ArchiveLinks => ({
  async presignDownload(key, { expiresInSeconds, disposition, filename, contentType, issuedAt }) {
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_EXPIRY_SECONDS)
      throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_EXPIRY_SECONDS}`);
    const get = new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(disposition, filename),
      ResponseContentType: contentType,
    });
    try {
      return await getSignedUrl(s3, get, {
        expiresIn: expiresInSeconds,
        ...(issuedAt && { signingDate: issuedAt }),
      });
    } catch (cause) {
      throw new ArchiveUnavailableError("presignDownload", { cause });
    }
  },
});
