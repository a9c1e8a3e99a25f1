import { GetObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import {
  ArchiveUnavailableError,
  contentDisposition,
  type DownloadLinkOptions,
} from "@video-recordings/core";
import {
  archiveS3Client,
  s3ArchiveLinks,
  s3ArchiveStore,
  s3LinkSettingsFromEnvironment,
} from "@video-recordings/core/s3";
import { LOCAL_AWS } from "@video-recordings/local";
import fc from "fast-check";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { aKey, freshBucket, generated, link } from "../support/s3";

type Case = {
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  bucket: string;
  key: string;
  link: Required<DownloadLinkOptions>;
};

const caseArb: fc.Arbitrary<Case> = fc.record({
  region: fc.constantFrom("us-east-1", "eu-central-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"),
  endpoint: fc.constantFrom(
    undefined,
    "http://127.0.0.1:4569",
    "http://localhost:4569",
    "https://s3.example.com",
    "https://s3.example.com:8443/base",
    "https://s3.example.com/base/",
  ),
  forcePathStyle: fc.boolean(),
  credentials: fc.record(
    {
      accessKeyId: fc.stringMatching(/^[A-Z0-9]{16,20}$/),
      secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }),
      sessionToken: fc.string({ minLength: 1, maxLength: 60 }),
    },
    { requiredKeys: ["accessKeyId", "secretAccessKey"] },
  ),
  bucket: fc.oneof(
    fc.constantFrom("video-recordings-prod-archive-a1b2c3", "dotted.bucket.name", "ab1"),
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/),
  ),
  key: fc.oneof(
    fc.constant(aKey()),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
    fc
      .array(fc.string({ unit: "grapheme-ascii", maxLength: 8 }), { minLength: 1, maxLength: 4 })
      .map((s) => s.join("/")),
  ),
  link: fc.record({
    expiresInSeconds: fc.integer({ min: 1, max: 604_800 }),
    disposition: fc.constantFrom("attachment", "inline"),
    filename: fc.string({ unit: "grapheme", maxLength: 40 }),
    contentType: fc.constantFrom("audio/webm", "video/webm", "audio/x-matroska; codecs=opus"),
    issuedAt: fc.date({ min: new Date("2020-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }),
  }),
});

/**
 * Whether the SDK builds a URL at all: it puts a dotted bucket name in the host even of an IP
 * address endpoint, and fails there (links go path-style instead).
 */
const sdkBuildsUrl = (c: Case): boolean =>
  c.forcePathStyle || !c.bucket.includes(".") || c.endpoint !== "http://127.0.0.1:4569";

/**
 * The link the SDK's presigner signs for the same GET, with the archive client's settings but one:
 * no request checksum. Under `WHEN_SUPPORTED` the presigner adds the CRC32 of the empty body
 * (`x-amz-checksum-crc32=AAAAAA==`) to every link, a parameter that checks nothing on a GET and
 * that links no longer carry.
 */
const sdkLink = (config: S3ClientConfig, { bucket, key, link }: Case): Promise<string> =>
  getSignedUrl(
    new S3Client({
      ...config,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    }),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(link.disposition, link.filename),
      ResponseContentType: link.contentType,
    }),
    { expiresIn: link.expiresInSeconds, signingDate: link.issuedAt },
  );

const configOf = ({ region, endpoint, forcePathStyle, credentials }: Case): S3ClientConfig => ({
  region,
  forcePathStyle,
  credentials,
  ...(endpoint !== undefined && { endpoint }),
});

describe("s3ArchiveLinks", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("signs the link the SDK's presigner signs, given an S3 client", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb.filter(sdkBuildsUrl), async (c) => {
        // Prepare
        const expected = await sdkLink(configOf(c), c);
        // Act
        const url = await s3ArchiveLinks(c.bucket, archiveS3Client(configOf(c))).presignDownload(
          c.key,
          c.link,
        );
        // Assess
        expect(url).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("signs the link the SDK's presigner signs, given settings read from the environment", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb.filter(sdkBuildsUrl), async (c) => {
        // Prepare
        vi.stubEnv("AWS_REGION", c.region);
        vi.stubEnv("AWS_ENDPOINT_URL_S3", c.endpoint ?? "");
        vi.stubEnv("S3_FORCE_PATH_STYLE", String(c.forcePathStyle));
        vi.stubEnv("AWS_ACCESS_KEY_ID", c.credentials.accessKeyId);
        vi.stubEnv("AWS_SECRET_ACCESS_KEY", c.credentials.secretAccessKey);
        vi.stubEnv("AWS_SESSION_TOKEN", c.credentials.sessionToken ?? "");
        // After the stubs: the SDK client reads these variables as well, and must see this case.
        const expected = await sdkLink(configOf(c), c);
        // Act
        const url = await s3ArchiveLinks(c.bucket, s3LinkSettingsFromEnvironment()).presignDownload(
          c.key,
          c.link,
        );
        // Assess
        expect(url).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("signs, from the environment's settings, a link that downloads the object from the local server", async () => {
    // Prepare
    const { s3, bucket } = await freshBucket();
    const key = aKey();
    await s3ArchiveStore(bucket, s3).upload(key, generated(1000), {
      contentType: "audio/webm",
      expectedSize: 1000,
    });
    vi.stubEnv("AWS_ENDPOINT_URL_S3", inject("s3Endpoint"));
    vi.stubEnv("S3_FORCE_PATH_STYLE", "true");
    vi.stubEnv("AWS_REGION", LOCAL_AWS.region);
    vi.stubEnv("AWS_ACCESS_KEY_ID", LOCAL_AWS.credentials.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", LOCAL_AWS.credentials.secretAccessKey);
    // Act
    const url = await s3ArchiveLinks(bucket, s3LinkSettingsFromEnvironment()).presignDownload(key, link);
    const download = await fetch(url);
    // Assess
    expect(url.startsWith(`${inject("s3Endpoint")}/${bucket}/${key}?`)).toBe(true);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${link.filename}"`);
    expect((await download.arrayBuffer()).byteLength).toBe(1000);
  });

  it.each([
    { case: "a FIPS endpoint", variable: "AWS_USE_FIPS_ENDPOINT", value: "true" },
    { case: "a dual-stack endpoint", variable: "AWS_USE_DUALSTACK_ENDPOINT", value: "true" },
    { case: "a FIPS region", variable: "AWS_REGION", value: "fips-us-east-1" },
  ])("refuses to sign for $case rather than pointing the link elsewhere", async ({ variable, value }) => {
    // Prepare
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", LOCAL_AWS.credentials.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", LOCAL_AWS.credentials.secretAccessKey);
    vi.stubEnv(variable, value);
    // Act
    const signing = s3ArchiveLinks("archive", s3LinkSettingsFromEnvironment()).presignDownload(aKey(), link);
    // Assess
    await expect(signing).rejects.toThrow(ArchiveUnavailableError);
  });

  it("throws ArchiveUnavailableError with the cause when there are no credentials", async () => {
    // Prepare
    const missing = new Error("no credentials");
    const settings = {
      ...archiveS3Client({ region: "us-east-1" }).config,
      credentials: () => Promise.reject(missing),
    };
    // Act
    const failure = await s3ArchiveLinks("archive", settings)
      .presignDownload(aKey(), link)
      .catch((e: unknown) => e);
    // Assess
    expect(failure).toBeInstanceOf(ArchiveUnavailableError);
    expect((failure as Error).cause).toBe(missing);
  });
});
