import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ArchiveStore, DownloadLinkOptions } from "@video-recordings/core";
import { s3ArchiveStore } from "@video-recordings/core/s3";
import { describe, expect, it } from "vitest";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";
import { aKey, CHUNK, freshBucket, generated } from "../support/s3";

type Subject = {
  store: ArchiveStore;
  bucket: string;
  /** GETs a download link the way a browser would. */
  download(url: string): Promise<Response>;
  /** Lets this many seconds pass for the links. */
  elapse(seconds: number): Promise<void>;
};

const implementations: { name: string; make: () => Promise<Subject> }[] = [
  {
    name: "InMemoryArchiveStore",
    make: async () => {
      let now = Date.now();
      const store = new InMemoryArchiveStore({ now: () => now });
      return {
        store,
        bucket: store.bucket,
        download: (url) => store.fetch(url),
        elapse: async (seconds) => {
          now += seconds * 1000;
        },
      };
    },
  },
  {
    name: "s3ArchiveStore on a local S3 server",
    make: async () => {
      const { s3, bucket } = await freshBucket();
      return {
        store: s3ArchiveStore(bucket, s3),
        bucket,
        download: (url) => fetch(url),
        elapse: (seconds) => sleep(seconds * 1000),
      };
    },
  },
];

const MiB = 1024 * 1024;

const sha256 = async (chunks: AsyncIterable<Uint8Array>): Promise<string> => {
  const hash = createHash("sha256");
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
};

const aLink = (overrides: Partial<DownloadLinkOptions> = {}): DownloadLinkOptions => ({
  expiresInSeconds: 600,
  disposition: "attachment",
  filename: "RT0123456789abcdef0123456789abcdef.mka",
  contentType: "audio/webm",
  ...overrides,
});

const upload = { contentType: "audio/webm" };

describe.each(implementations)("ArchiveStore: $name", ({ make }) => {
  it("stores a 20 MB body streamed chunk by chunk and reports its size", async () => {
    // Prepare
    const { store, bucket } = await make();
    const key = aKey();
    const size = 20 * MiB + 3;
    // Act
    const out = await store.upload(key, generated(size), { ...upload, expectedSize: size });
    // Assess
    expect(out).toEqual({ ok: true, value: { bucket, key, size } });
    expect(await store.stat(key)).toEqual({ size });
  });

  it("accepts a web ReadableStream body", async () => {
    // Prepare
    const { store, bucket } = await make();
    const key = aKey();
    const body = new Response(new Uint8Array([1, 2, 3, 4, 5])).body as ReadableStream<Uint8Array>;
    // Act
    const out = await store.upload(key, body, { ...upload, expectedSize: 5 });
    // Assess
    expect(out).toEqual({ ok: true, value: { bucket, key, size: 5 } });
  });

  it("copies a downloaded body, several parts long, byte for byte", async () => {
    // Prepare: a download's body is a byte stream, as Twilio's media is
    const { store, download } = await make();
    const size = 12 * MiB + 5;
    const original = aKey();
    await store.upload(original, generated(size), { ...upload, expectedSize: size });
    const response = await download(await store.presignDownload(original, aLink()));
    const copy = aKey();
    // Act
    const out = await store.upload(copy, response.body as ReadableStream<Uint8Array>, {
      ...upload,
      expectedSize: size,
    });
    // Assess
    expect(out.ok).toBe(true);
    const copied = await download(await store.presignDownload(copy, aLink()));
    expect(await sha256(copied.body as ReadableStream<Uint8Array>)).toBe(await sha256(generated(size)));
  });

  it.each([
    { case: "shorter than expected", sent: 6 * MiB, expected: 6 * MiB + 1 },
    { case: "longer than expected", sent: 12 * MiB, expected: 1000 },
    { case: "longer than expected, within a part", sent: 1000, expected: 10 },
    { case: "empty", sent: 0, expected: 10 },
  ])("answers size-mismatch and keeps nothing when the body is $case", async ({ sent, expected }) => {
    // Prepare
    const { store } = await make();
    const key = aKey();
    // Act
    const out = await store.upload(key, generated(sent), { ...upload, expectedSize: expected });
    // Assess
    expect(out).toEqual({ ok: false, error: { kind: "size-mismatch", expected, actual: sent } });
    expect(await store.stat(key)).toBeUndefined();
  });

  it("answers source-failed and leaves no object when the body breaks off mid-way", async () => {
    // Prepare
    const { store } = await make();
    const key = aKey();
    const size = 30 * MiB;
    // Act: past the first parts, so a multipart upload is under way
    const out = await store.upload(key, generated(size, 20 * MiB), { ...upload, expectedSize: size });
    // Assess
    expect(out).toEqual({
      ok: false,
      error: { kind: "source-failed", cause: expect.objectContaining({ message: "source broke off" }) },
    });
    expect(await store.stat(key)).toBeUndefined();
  });

  it("keeps the previous copy when a replacement breaks off", async () => {
    // Prepare
    const { store } = await make();
    const key = aKey();
    await store.upload(key, generated(1000), { ...upload, expectedSize: 1000 });
    // Act
    await store.upload(key, generated(3 * CHUNK, CHUNK), { ...upload, expectedSize: 3 * CHUNK });
    // Assess
    expect(await store.stat(key)).toEqual({ size: 1000 });
  });

  it("links to the exact bytes with an attachment disposition and the requested type", async () => {
    // Prepare
    const { store, download } = await make();
    const key = aKey();
    const size = 7 * MiB + 11;
    await store.upload(key, generated(size), { ...upload, expectedSize: size });
    // Act
    const url = await store.presignDownload(key, aLink());
    const response = await download(url);
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="RT0123456789abcdef0123456789abcdef.mka"',
    );
    expect(response.headers.get("content-type")).toBe("audio/webm");
    expect(await sha256(response.body as ReadableStream<Uint8Array>)).toBe(await sha256(generated(size)));
  });

  it("answers inline when an inline link is asked for", async () => {
    // Prepare
    const { store, download } = await make();
    const key = aKey();
    await store.upload(key, generated(10), { ...upload, expectedSize: 10 });
    // Act
    const response = await download(
      await store.presignDownload(key, aLink({ disposition: "inline", contentType: "video/webm" })),
    );
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe("inline");
    expect(response.headers.get("content-type")).toBe("video/webm");
  });

  it("refuses a link once its seconds have passed", async () => {
    // Prepare
    const { store, download, elapse } = await make();
    const key = aKey();
    await store.upload(key, generated(10), { ...upload, expectedSize: 10 });
    const url = await store.presignDownload(key, aLink({ expiresInSeconds: 2 }));
    const before = await download(url);
    await before.body?.cancel();
    // Act: signing time counts in whole seconds, so the link is dead 2 s after issue at the latest
    await elapse(2.1);
    const after = await download(url);
    // Assess
    expect(before.status).toBe(200);
    expect(after.status).toBe(403);
  });

  it("counts a link's life from issuedAt", async () => {
    // Prepare
    const { store, download } = await make();
    const key = aKey();
    await store.upload(key, generated(10), { ...upload, expectedSize: 10 });
    const issuedAt = new Date(Date.now() - 10_000);
    // Act
    const response = await download(
      await store.presignDownload(key, aLink({ expiresInSeconds: 5, issuedAt })),
    );
    // Assess
    expect(response.status).toBe(403);
  });

  it.each([0, 1.5, 604_801])("refuses to sign a link lasting %s seconds", async (expiresInSeconds) => {
    // Prepare
    const { store } = await make();
    // Act
    const signing = store.presignDownload(aKey(), aLink({ expiresInSeconds }));
    // Assess
    await expect(signing).rejects.toThrow(RangeError);
  });

  it.each([-1, 1.5, Number.NaN])("refuses an expected size of %s bytes", async (expectedSize) => {
    // Prepare
    const { store } = await make();
    // Act
    const uploading = store.upload(aKey(), generated(10), { ...upload, expectedSize });
    // Assess
    await expect(uploading).rejects.toThrow(RangeError);
  });

  it("answers undefined from stat for a key that holds nothing", async () => {
    // Prepare
    const { store } = await make();
    // Act & Assess
    expect(await store.stat(aKey())).toBeUndefined();
  });

  it("removes an object, and removing it again is fine", async () => {
    // Prepare
    const { store } = await make();
    const key = aKey();
    await store.upload(key, generated(10), { ...upload, expectedSize: 10 });
    // Act
    await store.remove(key);
    await store.remove(key);
    // Assess
    expect(await store.stat(key)).toBeUndefined();
  });
});
