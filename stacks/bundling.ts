/**
 * How every function is bundled, beyond the app's defaults in sst.config.ts (test/infra/bundle.ts
 * bundles the same way for the bundle test and the cold-start benchmark; synth.test.ts checks).
 *
 * Code splitting: what the code loads with `import()` goes into files of its own, read when that
 * line runs. The AWS SDK loads that way every credential provider but the environment's (and a
 * few parts only browsers use), and Lambda puts the function's credentials in the environment: a
 * function never reads the other providers, nor the STS, SSO and sign-in clients they bring,
 * about a third of what a bundle with the DynamoDB client holds. The app's own code loads one thing
 * lazily: the sweeper's S3 client and uploader (`@video-recordings/core/s3`), read by the run that
 * first touches the archive.
 *
 * esbuild splits by file: a file any `import()` needs goes into a chunk the entry imports at start-up
 * if the entry reaches it too, through any barrel. Code meant to stay lazy has to be reachable only
 * through the `import()` (hence a package entry of its own for the S3 adapters, not the main one).
 * The SDK's own barrels are out of our hands: the parts of the S3 client in files the DynamoDB
 * client also reaches (the XML protocol, checksum streams; about 20 KB) still load at start-up.
 */
export const NODEJS = { splitting: true };
