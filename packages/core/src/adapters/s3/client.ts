import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

/**
 * An S3 client set up for the archive; `config` adds to or overrides the settings below.
 *
 * Checksums: requests keep the SDK's default flexible checksums (`WHEN_SUPPORTED`): the uploader
 * hands the SDK whole parts as buffers, so the CRC32 travels as a header, which S3 verifies per
 * part and S3-compatible local servers ignore. (A streamed body would be sent `aws-chunked` with
 * a trailing checksum, which simple local servers store verbatim: don't stream straight into
 * PutObject.) Responses are not checksum-validated (`WHEN_REQUIRED`): the archive never reads
 * media through the SDK, and with validation on every presigned GET would carry
 * `x-amz-checksum-mode=ENABLED` in its query.
 */
export const archiveS3Client = (config: S3ClientConfig = {}): S3Client =>
  new S3Client({
    requestChecksumCalculation: "WHEN_SUPPORTED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...config,
  });

/**
 * The archive's client as the environment configures it. Deployed, that is nothing: region and
 * credentials come from Lambda. Against a local S3 server, set
 * - `AWS_ENDPOINT_URL_S3` (read by the SDK itself; it leaves the other services' endpoints alone),
 * - `S3_FORCE_PATH_STYLE=true` (`http://host:port/bucket/key`: loopback hosts have no bucket
 *   subdomains), and the usual `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`.
 */
export const s3ClientFromEnvironment = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): S3Client => {
  const pathStyle = env.S3_FORCE_PATH_STYLE;
  if (pathStyle !== undefined && pathStyle !== "" && pathStyle !== "true" && pathStyle !== "false")
    throw new Error(`S3_FORCE_PATH_STYLE must be "true" or "false", not "${pathStyle}"`);
  return archiveS3Client(pathStyle === "true" ? { forcePathStyle: true } : {});
};
