import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import {
  loadConfig,
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  resolveRegionConfig,
} from "@smithy/core/config";
import type { S3LinkSettings } from "./download-links";

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * An S3 client set up for the archive; `config` adds to or overrides the settings below.
 *
 * Checksums: requests keep the SDK's default flexible checksums (`WHEN_SUPPORTED`): the uploader
 * hands the SDK whole parts as buffers, so the CRC32 travels as a header, which S3 verifies per
 * part and S3-compatible local servers ignore. (A streamed body would be sent `aws-chunked` with
 * a trailing checksum, which simple local servers store verbatim: don't stream straight into
 * PutObject.) Responses are not checksum-validated (`WHEN_REQUIRED`): the archive never reads
 * media through the SDK.
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
export const s3ClientFromEnvironment = (env: Environment = process.env): S3Client =>
  archiveS3Client(forcePathStyleIn(env) ? { forcePathStyle: true } : {});

/**
 * What `s3ClientFromEnvironment()` would sign download links with, read without loading the S3
 * client (for functions that only issue links): region, FIPS and dual-stack settings and
 * credentials through the SDK's own loaders, `S3_FORCE_PATH_STYLE` as above, and the endpoint from
 * `AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`. Unlike the client, it does not look for an
 * endpoint in the shared config file: Lambda has none, and local mode sets the variable.
 */
export const s3LinkSettingsFromEnvironment = (env: Environment = process.env): S3LinkSettings => {
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  // Turns a `fips-` region into its plain name plus the FIPS setting, as the client does.
  const { region, useFipsEndpoint } = resolveRegionConfig({
    region: loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS),
    useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS),
  });
  return {
    region,
    useFipsEndpoint,
    useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS),
    credentials: defaultProvider(),
    forcePathStyle: forcePathStyleIn(env),
    serviceConfiguredEndpoint: async () => endpoint,
  };
};

const forcePathStyleIn = (env: Environment): boolean => {
  const pathStyle = env.S3_FORCE_PATH_STYLE;
  if (pathStyle !== undefined && pathStyle !== "" && pathStyle !== "true" && pathStyle !== "false")
    throw new Error(`S3_FORCE_PATH_STYLE must be "true" or "false", not "${pathStyle}"`);
  return pathStyle === "true";
};
