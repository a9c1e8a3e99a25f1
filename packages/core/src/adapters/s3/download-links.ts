import type { S3Client, S3ClientResolvedConfig } from "@aws-sdk/client-s3";
import { isVirtualHostableS3Bucket, partition } from "@aws-sdk/core/client";
import { formatUrl } from "@aws-sdk/core/util";
import { Sha256 } from "@smithy/core/checksum";
import { isIpAddress } from "@smithy/core/endpoints";
import { extendedEncodeURIComponent, parseUrl } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { ArchiveUnavailableError } from "../../archive/errors";
import { contentDisposition } from "../../archive/media-type";
import type { ArchiveLinks } from "../../archive/ports";

/** SigV4 query signatures last at most a week. */
const MAX_EXPIRY_SECONDS = 604_800;

/**
 * What a link is signed with and for. An `S3Client` carries all of it in its `config`;
 * `s3LinkSettingsFromEnvironment` (`client.ts`) reads the same from the environment without
 * loading the client.
 */
export type S3LinkSettings = Pick<
  S3ClientResolvedConfig,
  | "region"
  | "credentials"
  | "forcePathStyle"
  | "endpoint"
  | "serviceConfiguredEndpoint"
  | "useFipsEndpoint"
  | "useDualstackEndpoint"
>;

type ObjectLocation = { protocol: string; hostname: string; port?: number; path: string };

/**
 * Presigned GETs into the archive bucket. Kept apart from the uploader (`archive-store.ts`) on
 * purpose: a function that only issues links imports this file alone, and its bundle carries no
 * S3 client at all (`@aws-sdk/client-s3` is only named for its types here).
 *
 * The URL is signed locally (no request to S3) with the settings' current credentials, exactly as
 * the SDK's presigner signs a `GetObjectCommand`, less the checksum of the (empty) request body
 * that the SDK adds under `WHEN_SUPPORTED`, which checks nothing on a GET. It stops working
 * `expiresInSeconds` after `issuedAt` (default now), counted from the whole second that
 * `X-Amz-Date` records; so never later than `issuedAt + expiresInSeconds`. Signed with temporary
 * credentials (a Lambda role), it also stops working when those expire, whichever comes first.
 */
export const s3ArchiveLinks = (bucket: string, s3: S3Client | S3LinkSettings): ArchiveLinks => {
  const settings = "config" in s3 ? s3.config : s3;
  // S3 signs the path as sent: no second round of escaping, unlike the other services.
  const signer = new SignatureV4({
    service: "s3",
    region: settings.region,
    credentials: settings.credentials,
    sha256: Sha256,
    uriEscapePath: false,
  });
  return {
    async presignDownload(key, { expiresInSeconds, disposition, filename, contentType, issuedAt }) {
      if (
        !Number.isInteger(expiresInSeconds) ||
        expiresInSeconds < 1 ||
        expiresInSeconds > MAX_EXPIRY_SECONDS
      )
        throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_EXPIRY_SECONDS}`);
      try {
        const object = await locate(settings, bucket, key);
        const signed = await signer.presign(
          {
            method: "GET",
            ...object,
            query: {
              // GetObject's own marker, which every link the SDK signs carries.
              "x-id": "GetObject",
              "response-content-disposition": contentDisposition(disposition, filename),
              "response-content-type": contentType,
            },
            headers: {
              host: object.port === undefined ? object.hostname : `${object.hostname}:${object.port}`,
              // Whoever follows the link sends no body: S3 is told not to expect a hash of one.
              "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD",
            },
          },
          { expiresIn: expiresInSeconds, ...(issuedAt && { signingDate: issuedAt }) },
        );
        return formatUrl(signed);
      } catch (cause) {
        throw new ArchiveUnavailableError("presignDownload", { cause });
      }
    },
  };
};

/**
 * Where the object lives, by S3's endpoint rules for a plain bucket name: virtual-hosted
 * (`bucket.host/key`) unless path style is forced, the name cannot be a host label, or the
 * endpoint is an IP address. A custom endpoint (a local S3 server) replaces AWS's regional one.
 */
const locate = async (settings: S3LinkSettings, bucket: string, key: string): Promise<ObjectLocation> => {
  const region = await settings.region();
  // Each of these moves links to a host that S3's rules name and `locate` does not.
  const elsewhere =
    region === "aws-global" || (await settings.useFipsEndpoint()) || (await settings.useDualstackEndpoint());
  if (elsewhere) throw new Error("links are signed for regional, non-FIPS, single-stack endpoints only");
  const base = (await customEndpoint(settings)) ?? {
    protocol: "https:",
    hostname: `s3.${region}.${partition(region).dnsSuffix}`,
    path: "/",
  };
  const keyPath = key.split("/").map(extendedEncodeURIComponent).join("/");
  // A dotted name would not match the wildcard certificate, so only plain HTTP may put it in the host.
  const hostable = isVirtualHostableS3Bucket(bucket, base.protocol === "http:");
  if (!settings.forcePathStyle && hostable && !isIpAddress(base.hostname)) {
    const path = `${base.path === "/" ? "" : base.path}/${keyPath}`;
    return { ...base, hostname: `${bucket}.${base.hostname}`, path };
  }
  const prefix = base.path.endsWith("/") ? base.path : `${base.path}/`;
  return { ...base, path: `${prefix}${extendedEncodeURIComponent(bucket)}/${keyPath}` };
};

/** The endpoint set in code (`S3ClientConfig.endpoint`), else in the environment (`AWS_ENDPOINT_URL_S3`). */
const customEndpoint = async (settings: S3LinkSettings): Promise<ObjectLocation | undefined> => {
  const configured = settings.endpoint ? undefined : await settings.serviceConfiguredEndpoint?.();
  const endpoint = settings.endpoint ? await settings.endpoint() : configured && parseUrl(configured);
  if (!endpoint) return undefined;
  const { protocol, hostname, port, path } = endpoint;
  return { protocol, hostname, path, ...(port !== undefined && { port }) };
};
