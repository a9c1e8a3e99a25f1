import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The unit tests as `npm run mutate` runs them: in Stryker's sandbox, a copy of the repository
// with one mutant switched on at a time. The workspace link node_modules/@video-recordings/core
// points back at the original sources, so the package's entries resolve to this copy's instead.
const core = (entry: string): string =>
  fileURLToPath(new URL(`./packages/core/src/${entry}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@video-recordings\/core$/, replacement: core("index.ts") },
      { find: /^@video-recordings\/core\/s3$/, replacement: core("s3.ts") },
    ],
  },
  test: {
    include: ["test/unit/**/*.test.ts"],
    env: { POWERTOOLS_LOG_LEVEL: "SILENT" },
    testTimeout: 30_000,
  },
});
