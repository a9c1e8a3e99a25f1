import { rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { LOCAL_AWS } from "./dynamodb-local";

export type S3Server = { endpoint: string; stop(): Promise<void> };

type AccessKey = { accessKeyId: string; secretAccessKey: string };

// s3rver ships no types: the little of it used here, typed by hand.
type S3rverOptions = {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  configureBuckets: { name: string }[];
};
type KoaContext = {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  store: { getResourcePath(bucket: string, key: undefined, resource: string): string };
};
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
type S3rverInstance = {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
  middleware: KoaMiddleware[];
};
type S3rverAccount = { createKeyPair(accessKeyId: string, secretAccessKey: string): void };

const require = createRequire(import.meta.url);
const S3rver = require("s3rver") as new (options: S3rverOptions) => S3rverInstance;
// s3rver refuses access keys it does not know; it knows one (`S3RVER`) until told of others.
const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: S3rverAccount };

/**
 * Starts an S3-compatible server (s3rver) on 127.0.0.1, quiet, with `buckets` created (existing
 * ones and their objects are kept). Objects live as files under `directory`. It answers path-style
 * requests (`<endpoint>/<bucket>/<key>`) signed with the local access key (`LOCAL_AWS`, the one
 * DynamoDB Local is given too) or with `accessKey`.
 *
 * It is a stand-in, not S3: it checks that a SigV4 presigned URL has not expired but does not
 * verify signatures, and ignores checksums. s3rver cannot abort a multipart upload; this one can.
 */
export const startS3Server = async (options: {
  port?: number;
  directory: string;
  buckets: string[];
  accessKey?: AccessKey;
}): Promise<S3Server> => {
  const { accessKeyId, secretAccessKey } = options.accessKey ?? LOCAL_AWS.credentials;
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port ?? 0,
    directory: resolve(options.directory),
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  server.middleware.unshift(abortMultipartUpload);
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      const closed = server.close();
      // Kept-alive SDK connections would otherwise hold the server open.
      server.httpServer?.closeAllConnections();
      await closed;
    },
  };
};

/** `DELETE /<bucket>/<key>?uploadId=<id>`: drops the parts uploaded so far (s3rver answers 405). */
const abortMultipartUpload: KoaMiddleware = async (ctx, next) => {
  const uploadId = ctx.query.uploadId;
  const bucket = /^\/([^/]+)\/./.exec(ctx.path)?.[1];
  if (ctx.method !== "DELETE" || typeof uploadId !== "string" || !/^[0-9a-f]+$/.test(uploadId) || !bucket)
    return next();
  await rm(join(ctx.store.getResourcePath(bucket, undefined, "uploads"), uploadId), {
    recursive: true,
    force: true,
  });
  ctx.status = 204;
};
