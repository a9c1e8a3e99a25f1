/**
 * How every function is bundled, beyond the app's defaults in sst.config.ts (test/infra/bundle.ts
 * bundles the same way for the bundle test and the cold-start benchmark; synth.test.ts checks).
 *
 * Code splitting: what the code loads with `import()` goes into files of its own, read when that
 * line runs. The AWS SDK loads that way every credential provider but the environment's (and a
 * few parts only browsers use), and Lambda puts the function's credentials in the environment: a
 * function never reads the other providers, nor the STS, SSO and sign-in clients they bring,
 * about a third of what a bundle with the DynamoDB client holds. The app's own code loads nothing
 * lazily.
 */
export const NODEJS = { splitting: true };
