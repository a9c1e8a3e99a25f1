/**
 * Bundles Lambda entries the way `sst deploy` does for a nodejs function with
 * `nodejs: { format: "esm", minify: true }` (sst 4.17 builds with esbuild): platform node, ESM,
 * one `.mjs` per entry, everything bundled (the AWS SDK too; only `sharp` and `pg-native` are
 * left out), names kept, no source maps, and a banner that gives ESM code a CommonJS `require`,
 * `__filename` and `__dirname`. Lambda entries also get what stacks/bundling.ts adds for every
 * function: with `splitting`, each dynamic `import()` becomes a file of its own, read when it
 * runs, and code it shares with the entry goes into chunks the entry imports; the function's
 * directory holds them all, as SST's output does.
 *
 * Used by the bundle test and the benchmarks (bundle sizes).
 */

import { readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative, resolve } from "node:path";
import { type BuildFailure, build, type Message, type Metafile } from "esbuild";
import { NODEJS } from "../../stacks/bundling";

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
  /** The entry's file: what Lambda imports at init. */
  outfile: string;
  /** Size of every file the build wrote, in bytes (0 when the build failed). */
  bytes: number;
  /** Bytes the entry loads when imported: itself and the chunks it imports statically. */
  initBytes: number;
  /** Packages with code in what the entry loads when imported. */
  initPackages: string[];
  /** Packages with code in chunks read only when an `import()` runs (some may also be in `initPackages`). */
  lazyPackages: string[];
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

/** The `nodejs` options of a function that change what SST's build writes. */
export type BundleOptions = { minify?: boolean; splitting?: boolean };

/** `file` and every output it imports statically: what importing it loads. */
const loadedBy = (outputs: Metafile["outputs"], file: string): Set<string> => {
  const loaded = new Set<string>();
  const visit = (path: string): void => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const i of outputs[path]?.imports ?? [])
      if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(file);
  return loaded;
};

/** Packages with code in the given outputs, each input named by the last `node_modules` in its path. */
const packagesIn = (outputs: Metafile["outputs"], paths: Iterable<string>): string[] => {
  const packages = new Set<string>();
  for (const path of paths)
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
      const name = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1)?.[1];
      if (name && bytesInOutput > 0) packages.add(name);
    }
  return [...packages].sort();
};

/**
 * Bundles one entry into its own directory, `outdir/<name>/`, entry file `<name>.mjs`; without
 * `splitting` that file is the whole bundle. Build errors are returned, not thrown.
 */
export const bundleFunction = async (
  entry: string,
  outdir: string,
  opts: BundleOptions = {},
): Promise<Bundle> => {
  const name = entry.replace(/^.*\//, "").replace(/\.ts$/, "");
  const dir = join(outdir, name);
  // SST names the file Lambda loads `<name>.mjs`, dots made dashes; when splitting, esbuild names
  // every file in the directory, the entry's after its source.
  const outfile = join(dir, `${opts.splitting ? name : name.replaceAll(".", "-")}.mjs`);
  try {
    const result = await build({
      entryPoints: [entry],
      ...(opts.splitting ? { outdir: dir, splitting: true, outExtension: { ".js": ".mjs" } } : { outfile }),
      absWorkingDir: ROOT,
      platform: "node",
      format: "esm",
      target: "node24",
      bundle: true,
      mainFields: ["module", "main"],
      external: FORCE_EXTERNAL,
      keepNames: true,
      minify: opts.minify ?? true,
      sourcemap: false,
      metafile: true,
      write: true,
      logLevel: "silent",
      banner: { js: BANNER },
    });
    const { outputs } = result.metafile;
    const loaded = loadedBy(outputs, relative(ROOT, outfile));
    return {
      name,
      entry,
      outfile,
      bytes: Object.values(outputs).reduce((sum, output) => sum + output.bytes, 0),
      initBytes: [...loaded].reduce((sum, path) => sum + (outputs[path]?.bytes ?? 0), 0),
      initPackages: packagesIn(outputs, loaded),
      lazyPackages: packagesIn(
        outputs,
        Object.keys(outputs).filter((path) => !loaded.has(path)),
      ),
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
      initBytes: 0,
      initPackages: [],
      lazyPackages: [],
      errors: failure.errors?.map(format) ?? [String(error)],
      warnings: failure.warnings?.map(format) ?? [],
      externals: [],
    };
  }
};

/** Bundles every Lambda entry into `outdir`, with the options it is deployed with. */
export const bundleFunctions = (outdir: string, opts: { minify?: boolean } = {}): Promise<Bundle[]> =>
  Promise.all(lambdaEntries().map((entry) => bundleFunction(entry, outdir, { ...NODEJS, ...opts })));

const BUILTINS = new Set(builtinModules);

/** Whether an import is one Node provides (so leaving it out of a bundle is fine). */
export const isNodeBuiltin = (path: string): boolean =>
  path.startsWith("node:") || BUILTINS.has(path) || BUILTINS.has(path.split("/")[0] ?? "");
