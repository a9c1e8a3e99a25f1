// @ts-check
// `npm run mutate`: mutation testing of the core's rules against the unit tests (see the README's
// "Mutation testing"). Not part of `npm test`.

/**
 * Log lines are for operators, not behaviour a caller or the index can see: their messages and
 * fields (and a `.catch` that only logs) are left unmutated.
 * @type {import("@stryker-mutator/api/ignore").Ignorer}
 */
const logLines = {
  shouldIgnore(path) {
    const node = /** @type {any} */ (path).node;
    const logs = (/** @type {any} */ call) =>
      call?.type === "CallExpression" &&
      call.callee.type === "MemberExpression" &&
      call.callee.object.type === "Identifier" &&
      call.callee.object.name === "logger";
    if (logs(node) || (node.type === "ExpressionStatement" && logs(node.expression))) return "a log line";
    if (node.type === "ArrowFunctionExpression" && logs(node.body)) return "a handler that only logs";
    return undefined;
  },
};

// A plugin as `declareValuePlugin(PluginKind.Ignore, …)` of @stryker-mutator/api declares it.
export const strykerPlugins = [{ kind: "Ignore", name: "log-lines", value: logLines }];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  plugins: ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker", import.meta.url],
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.mutate.json",
  coverageAnalysis: "perTest",
  // A static mutant (in a module-level schema or table) reruns every test file. On two busy cores
  // that can outlast Stryker's default 5 s allowance, and a mutant no test kills would count as a
  // timeout, that is as caught; a genuine endless loop still ends as one, a minute later.
  timeoutMS: 60_000,
  concurrency: 1,
  ignorers: ["log-lines"],
  mutate: [
    "packages/core/src/callbacks/**/*.ts",
    "packages/core/src/signature/**/*.ts",
    "packages/core/src/auth/**/*.ts",
    "packages/core/src/recordings/**/*.ts",
    "packages/core/src/indexing/**/*.ts",
    "packages/core/src/compositions/**/*.ts",
    "packages/core/src/media/**/*.ts",
    "packages/core/src/retention/**/*.ts",
    "packages/core/src/holds/**/*.ts",
    "packages/core/src/playback/**/*.ts",
    "packages/core/src/events/**/*.ts",
    "packages/core/src/privacy/**/*.ts",
    // The rules of renditions; making one (reading media, remuxing, uploading) is tested against
    // the real remuxer in test/adapters, which the sandbox does not carry.
    "packages/core/src/renditions/**/*.ts",
    "!packages/core/src/renditions/{make-rendition,make-participant-file,media-source,store-remuxed}.ts",
  ],
  // The sandbox holds only what the unit tests need.
  ignorePatterns: [
    "/*",
    "!/packages",
    "/packages/*",
    "!/packages/core",
    "!/test",
    "/test/*",
    "!/test/unit",
    "!/test/fakes",
    "!/test/fixtures",
    "!/package.json",
    "!/tsconfig.json",
    "!/tsconfig.mutate.json",
    "!/vitest.mutate.config.ts",
  ],
  tempDirName: ".stryker-tmp",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 95, low: 90, break: 90 },
};

export default config;
