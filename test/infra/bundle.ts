/**
 * Bundles Lambda entries the way `sst deploy` does for a nodejs function with
 * `nodejs: { format: "esm", minify: true }` (sst 4.17 builds with esbuild): platform node, ESM,
 * one `.mjs` per entry, everything bundled (the AWS SDK too; only `sharp` and `pg-native` are
 * left out), names kept, no source maps, and a banner that gives ESM code a CommonJS `require`,
 * `__filename` and `__dirname`.
 *
 * Used by the bundle test and the benchmarks (bundle sizes).
 */

import { readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import { type BuildFailure, build, type Message, type Metafile } from "esbuild";

export const ROOT = resolve(import.meta.dirname, "../..");
export const FUNCTIONS_DIR = join(ROOT, "functions");

/** Left external by SST unless a function says otherwise. */
const FORCE_EXTERNAL = ["sharp", "pg-native"];

const BANNER = [
  `import { createRequire as topLevelCreateRequire } from "module";`,
  "const require = topLevelCreateRequire(import.meta.url);",
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url";`,
  "const __filename = topLevelFileUrlToPath(import.meta.url);",
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url));`,
].join("\n");

export type Bundle = {
  /** Entry name, e.g. `status-callback`. */
  name: string;
  entry: string;
  outfile: string;
  /** Size of the bundle in bytes (0 when the build failed). */
  bytes: number;
  errors: string[];
  warnings: string[];
  /** Imports left out of the bundle. */
  externals: string[];
};

/** Every Lambda entry: `functions/*.ts` not prefixed with `_` (shared edge code is). */
export const lambdaEntries = (dir = FUNCTIONS_DIR): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.startsWith("_") && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"))
    .sort()
    .map((f) => join(dir, f));

const format = (m: Message) =>
  m.location ? `${m.text} (${m.location.file}:${m.location.line}:${m.location.column})` : m.text;

const externalsOf = (metafile: Metafile | undefined): string[] => [
  ...new Set(
    Object.values(metafile?.inputs ?? {}).flatMap((input) =>
      // `<runtime>` is esbuild's own helper code, not a package.
      input.imports.filter((i) => i.external && i.path !== "<runtime>").map((i) => i.path),
    ),
  ),
];

/** Bundles one entry into `outdir/<name>.mjs`. Build errors are returned, not thrown. */
export const bundleFunction = async (
  entry: string,
  outdir: string,
  opts: { minify?: boolean } = {},
): Promise<Bundle> => {
  const name = entry.replace(/^.*\//, "").replace(/\.ts$/, "");
  const outfile = join(outdir, `${name.replaceAll(".", "-")}.mjs`);
  const minify = opts.minify ?? true;
  try {
    const result = await build({
      entryPoints: [entry],
      outfile,
      absWorkingDir: ROOT,
      platform: "node",
      format: "esm",
      target: "node24",
      bundle: true,
      mainFields: ["module", "main"],
      external: FORCE_EXTERNAL,
      keepNames: true,
      minify,
      sourcemap: false,
      metafile: true,
      write: true,
      logLevel: "silent",
      banner: { js: BANNER },
    });
    return {
      name,
      entry,
      outfile,
      bytes: statSync(outfile).size,
      errors: result.errors.map(format),
      warnings: result.warnings.map(format),
      externals: externalsOf(result.metafile),
    };
  } catch (error) {
    const failure = error as BuildFailure;
    return {
      name,
      entry,
      outfile,
      bytes: 0,
      errors: failure.errors?.map(format) ?? [String(error)],
      warnings: failure.warnings?.map(format) ?? [],
      externals: [],
    };
  }
};

/** Bundles every Lambda entry into `outdir`. */
export const bundleFunctions = (outdir: string, opts: { minify?: boolean } = {}): Promise<Bundle[]> =>
  Promise.all(lambdaEntries().map((entry) => bundleFunction(entry, outdir, opts)));

const BUILTINS = new Set(builtinModules);

/** Whether an import is one Node provides (so leaving it out of a bundle is fine). */
export const isNodeBuiltin = (path: string): boolean =>
  path.startsWith("node:") || BUILTINS.has(path) || BUILTINS.has(path.split("/")[0] ?? "");
