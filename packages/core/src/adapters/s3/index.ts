// The S3 adapters, an entry of their own (`@video-recordings/core/s3`) apart from the main one.
// Functions are code-split by file (stacks/bundling.ts): whatever the main entry reaches loads at
// start-up, even when only an `import()` uses it, so code meant to load lazily must not be behind
// the main entry. The sweeper imports this entry when a run first archives; media-link imports its
// link signer statically, which leaves the client out (tree-shaken).
export { s3ArchiveStore } from "./archive-store";
export {
  archiveS3Client,
  s3ClientFromEnvironment,
  s3LinkSettingsFromEnvironment,
} from "./client";
export { type S3LinkSettings, s3ArchiveLinks } from "./download-links";
