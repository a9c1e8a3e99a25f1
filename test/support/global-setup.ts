import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DynamoDbLocal,
  type S3Server,
  startDynamoDbLocal,
  startS3Server,
} from "@video-recordings/local";
import type { TestProject } from "vitest/node";

let dynamo: DynamoDbLocal | undefined;
let s3: S3Server | undefined;
let s3Directory: string | undefined;

/** One DynamoDB Local and one S3 server for the whole run; each suite makes its own tables and buckets. */
export const setup = async (project: TestProject): Promise<void> => {
  // The S3 server is up in milliseconds; DynamoDB Local takes seconds.
  s3Directory = await mkdtemp(join(tmpdir(), "s3-"));
  s3 = await startS3Server({ directory: s3Directory, buckets: [] });
  project.provide("s3Endpoint", s3.endpoint);
  dynamo = await startDynamoDbLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
};

export const teardown = async (): Promise<void> => {
  await Promise.all([dynamo?.stop(), s3?.stop()]);
  if (s3Directory) await rm(s3Directory, { recursive: true, force: true });
};

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}
