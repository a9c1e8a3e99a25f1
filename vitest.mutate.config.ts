import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The unit tests as `npm run mutate` runs them: in Stryker's sandbox, a copy of the repository
// with one mutant switched on at a time. The workspace link node_modules/@video-recordings/core
// points back at the original sources, so every entry of the package resolves to this copy's
// instead, as its package.json exports them.
const coreDir = new URL("./packages/core/", import.meta.url);
const { exports } = JSON.parse(readFileSync(new URL("package.json", coreDir), "utf8")) as {
  exports: Record<string, string>;
};
const entries = Object.entries(exports).map(([subpath, file]) => ({
  find: new RegExp(`^@video-recordings/core${subpath.slice(1).replaceAll("/", "\\/")}$`),
  replacement: fileURLToPath(new URL(file, coreDir)),
}));

export default defineConfig({
  resolve: { alias: entries },
  test: {
    // The core's own tests reach rules its package entries do not export.
    include: ["test/unit/**/*.test.ts", "packages/core/test/**/*.test.ts"],
    // These two test the edge and the lint rule, which the sandbox does not hold.
    exclude: ["test/unit/rejections.test.ts", "test/unit/package-boundaries.test.ts"],
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
    testTimeout: 30_000,
  },
});
