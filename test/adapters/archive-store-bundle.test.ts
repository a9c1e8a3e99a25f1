import { resolve } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** Bundles one export much as Lambda functions are bundled, and lists the packages whose code it carries. */
const packagesBundledFor = async (file: string, name: string): Promise<string[]> => {
  const result = await build({
    stdin: { contents: `export { ${name} } from "./${file}";`, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    minify: true,
    metafile: true,
    logLevel: "silent",
  });
  // Inputs esbuild read but tree-shook away contribute no bytes: only count what is in the output.
  const output = Object.values(result.metafile.outputs)[0];
  const packages = Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1]);
  return [...new Set(packages.filter((name) => name !== undefined))];
};

describe("archive store bundles", () => {
  it("leave the S3 client out of a function that only issues download links", async () => {
    // Act
    const packages = [
      ...(await packagesBundledFor("packages/core/src/adapters/s3/download-links.ts", "s3ArchiveLinks")),
      ...(await packagesBundledFor(
        "packages/core/src/adapters/s3/client.ts",
        "s3LinkSettingsFromEnvironment",
      )),
    ];
    // Assess
    expect(packages).toContain("@smithy/signature-v4");
    expect(packages).not.toContain("@aws-sdk/client-s3");
    expect(packages).not.toContain("@aws-sdk/s3-request-presigner");
  });

  it("carry the S3 client where uploads happen", async () => {
    // Act
    const packages = await packagesBundledFor(
      "packages/core/src/adapters/s3/archive-store.ts",
      "s3ArchiveStore",
    );
    // Assess
    expect(packages).toContain("@aws-sdk/client-s3");
  });
});
