import { type ArchiveStore, ArchiveUnavailableError } from "@video-recordings/core";
import { archiveS3Client, s3ArchiveStore, s3ClientFromEnvironment } from "@video-recordings/core/s3";
import { freePort, LOCAL_AWS } from "@video-recordings/local";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { aKey, freshBucket, generated, link } from "../support/s3";

const MiB = 1024 * 1024;
const media = { contentType: "audio/webm" };
describe("s3ArchiveStore", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("signs a path-style GET valid for exactly the requested seconds from issuedAt", async () => {
    // Prepare
    const { s3, bucket } = await freshBucket();
    const key = aKey();
    const issuedAt = new Date("2026-03-04T05:06:07.890Z");
    // Act
    const url = new URL(await s3ArchiveStore(bucket, s3).presignDownload(key, { ...link, issuedAt }));
    // Assess
    expect(`${url.origin}${url.pathname}`).toBe(`${inject("s3Endpoint")}/${bucket}/${key}`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      "X-Amz-Date": "20260304T050607Z",
      "X-Amz-Expires": "600",
      "X-Amz-SignedHeaders": "host",
      "response-content-disposition": 'attachment; filename="RT0123456789abcdef0123456789abcdef.mka"',
      "response-content-type": "audio/webm",
    });
    expect(url.searchParams.has("x-amz-checksum-mode")).toBe(false);
  });

  it("aborts the multipart upload when the body breaks off mid-way", async () => {
    // Prepare
    const { s3, bucket } = await freshBucket();
    const answered: string[] = [];
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        answered.push(String(context.commandName));
        return out;
      },
      { step: "initialize", name: "recordAnsweredCommands" },
    );
    // Act
    await s3ArchiveStore(bucket, s3).upload(aKey(), generated(40 * MiB, 30 * MiB), {
      ...media,
      expectedSize: 40 * MiB,
    });
    // Assess
    expect(answered).toContain("CreateMultipartUploadCommand");
    expect(answered).toContain("UploadPartCommand");
    expect(answered).toContain("AbortMultipartUploadCommand");
    expect(answered).not.toContain("CompleteMultipartUploadCommand");
  });

  it.each([
    { case: "stat", call: (store: ArchiveStore) => store.stat(aKey()) },
    { case: "remove", call: (store: ArchiveStore) => store.remove(aKey()) },
    {
      case: "upload",
      call: (store: ArchiveStore) => store.upload(aKey(), generated(10), { ...media, expectedSize: 10 }),
    },
  ])("throws ArchiveUnavailableError with the cause when $case cannot reach S3", async ({ call }) => {
    // Prepare
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const store = s3ArchiveStore(
      "archive",
      archiveS3Client({ endpoint, forcePathStyle: true, maxAttempts: 1, ...LOCAL_AWS }),
    );
    // Act
    const failure = await call(store).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Assess
    expect(failure).toBeInstanceOf(ArchiveUnavailableError);
    expect((failure as Error).cause).toBeInstanceOf(Error);
  });

  it("reaches the local server through AWS_ENDPOINT_URL_S3 and S3_FORCE_PATH_STYLE", async () => {
    // Prepare
    const { bucket } = await freshBucket();
    vi.stubEnv("AWS_ENDPOINT_URL_S3", inject("s3Endpoint"));
    vi.stubEnv("S3_FORCE_PATH_STYLE", "true");
    vi.stubEnv("AWS_REGION", LOCAL_AWS.region);
    vi.stubEnv("AWS_ACCESS_KEY_ID", LOCAL_AWS.credentials.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", LOCAL_AWS.credentials.secretAccessKey);
    const store = s3ArchiveStore(bucket, s3ClientFromEnvironment());
    const key = aKey();
    // Act
    const out = await store.upload(key, generated(10), { ...media, expectedSize: 10 });
    const url = await store.presignDownload(key, link);
    // Assess
    expect(out).toEqual({ ok: true, value: { bucket, key, size: 10 } });
    expect(url.startsWith(`${inject("s3Endpoint")}/${bucket}/${key}?`)).toBe(true);
  });

  it("rejects an S3_FORCE_PATH_STYLE that is neither true nor false", () => {
    // Prepare
    const env = { S3_FORCE_PATH_STYLE: "yes" };
    // Act & Assess
    expect(() => s3ClientFromEnvironment(env)).toThrow(/S3_FORCE_PATH_STYLE/);
  });

  it("streams 300 MB with memory growth far below the body's size", async () => {
    // Prepare
    const { s3, bucket } = await freshBucket();
    const store = s3ArchiveStore(bucket, s3);
    const size = 300 * MiB;
    const key = aKey();
    // A first multipart upload, so that what is allocated once is not counted.
    await store.upload(aKey(), generated(20 * MiB), { ...media, expectedSize: 20 * MiB });
    const baseline = process.memoryUsage();
    const peak = { rss: baseline.rss, arrayBuffers: baseline.arrayBuffers };
    const sample = () => {
      const now = process.memoryUsage();
      peak.rss = Math.max(peak.rss, now.rss);
      peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
    };
    const sampler = setInterval(sample, 5);
    async function* sampled(): AsyncGenerator<Uint8Array> {
      for await (const chunk of generated(size)) {
        sample();
        yield chunk;
      }
    }
    // Act
    const out = await store.upload(key, sampled(), { ...media, expectedSize: size }).finally(() => {
      clearInterval(sampler);
    });
    // Assess
    const growth = (peak.rss - baseline.rss) / MiB;
    const buffers = (peak.arrayBuffers - baseline.arrayBuffers) / MiB;
    console.info(
      `archive upload of 300 MiB: peak growth ${growth.toFixed(1)} MiB RSS, ${buffers.toFixed(1)} MiB buffers`,
    );
    expect(out).toEqual({ ok: true, value: { bucket, key, size } });
    expect(growth).toBeLessThan(150);
    await store.remove(key);
  });
});
