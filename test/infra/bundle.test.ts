import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bundle, bundleFunction, bundleFunctions, isNodeBuiltin, ROOT } from "./bundle";
import { declaredResources } from "./synth";

const run = promisify(execFile);
/** The Node the Lambda runtime runs (nodejs24.x), from the `node` package. */
const NODE24 = join(ROOT, "node_modules", ".bin", "node");
const HANDLERS = [
  "status-callback",
  "get-recording",
  "list-room-recordings",
  "media-link",
  "openapi",
  "not-found",
];

/** What only archiving needs: the S3 client. */
const S3_PACKAGES = ["@aws-sdk/client-s3"];
const SQS_PACKAGES = ["@aws-sdk/client-sqs"];

/** Values of the shape a deployment holds: clients check SIDs and URLs when they are built. */
const plausible = (name: string, property: string): string => {
  if (property === "url") return `https://${name.toLowerCase()}.example.com`;
  // Unset: the single-account secrets make the list.
  if (name === "TwilioAccounts") return "";
  if (name === "TwilioAccountSid") return `AC${"0".repeat(32)}`;
  if (name === "TwilioApiKeySid") return `SK${"0".repeat(32)}`;
  if (name === "Retention")
    return { retentionDays: "90", archive: "true", archiveRetentionDays: "" }[property] ?? "";
  return `test-${name}-${property}`;
};

/** Linked resources as a deployed function gets them: `SST_RESOURCE_<Name>` JSON. */
const resourceEnv = (): Record<string, string> => {
  const env: Record<string, string> = {
    SST_RESOURCE_App: JSON.stringify({ name: "video-recordings", stage: "test" }),
  };
  for (const [name, { type, properties }] of declaredResources()) {
    const value = Object.fromEntries(properties.map((p) => [p, p === "type" ? type : plausible(name, p)]));
    env[`SST_RESOURCE_${name}`] = JSON.stringify(value);
  }
  return env;
};

/** Imports a bundle in a fresh Node 24 process; answers the type of each export. */
const load = async (bundle: Bundle): Promise<Record<string, string>> => {
  const script = [
    "const m = await import(process.argv[1]);",
    "const types = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v]));",
    "process.stdout.write(JSON.stringify(types));",
  ].join("\n");
  const { stdout } = await run(NODE24, ["--input-type=module", "-e", script, bundle.outfile], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1", ...resourceEnv() },
    timeout: 15_000,
  });
  return JSON.parse(stdout) as Record<string, string>;
};

/** Imports every file of a bundle's directory but its entry (the chunks), in a fresh Node 24 process. */
const loadChunks = async (bundle: Bundle): Promise<void> => {
  const dir = dirname(bundle.outfile);
  const chunks = readdirSync(dir)
    .map((file) => join(dir, file))
    .filter((file) => file.endsWith(".mjs") && file !== bundle.outfile);
  const script = "for (const file of process.argv.slice(1)) await import(file);";
  await run(NODE24, ["--input-type=module", "-e", script, ...chunks], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? "" },
    timeout: 15_000,
  });
};

describe("Lambda bundles", () => {
  let outdir: string;
  let bundles: Bundle[];

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), "bundles-"));
    bundles = await bundleFunctions(outdir);
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it("bundles an entry for every route handler", () => {
    // Act
    const names = bundles.map((b) => b.name);
    // Assess
    expect(names).toEqual(expect.arrayContaining(HANDLERS));
  });

  it("bundles every entry without errors", () => {
    // Act
    const failed = bundles
      .filter((b) => b.errors.length > 0)
      .map((b) => ({ name: b.name, errors: b.errors }));
    // Assess
    expect(failed).toEqual([]);
  });

  it("carries every package inside the bundle, the AWS SDK included", () => {
    // Act
    const leftOut = bundles.flatMap((b) =>
      b.externals.filter((e) => !isNodeBuiltin(e)).map((e) => `${b.name}: ${e}`),
    );
    // Assess
    expect(leftOut).toEqual([]);
  });

  it("loads every bundle in a fresh Node 24 process with links from the environment", async () => {
    // Act
    const results = await Promise.all(
      bundles.map(async (b) => {
        try {
          return { name: b.name, exports: await load(b) };
        } catch (error) {
          const { stderr, message } = error as { stderr?: string; message: string };
          // Node echoes the (minified, one-line) source around a throw: keep the error lines.
          const lines = (stderr || message).split("\n").filter((l) => l.length < 400);
          return { name: b.name, error: lines.slice(-6).join("\n") };
        }
      }),
    );
    // Assess
    expect(results.filter((r) => "error" in r)).toEqual([]);
  });

  it("loads every chunk a bundle reads only when an import() runs, in a fresh Node 24 process", async () => {
    // Act
    const results = await Promise.all(
      bundles.map(async (b) => {
        try {
          await loadChunks(b);
          return { name: b.name };
        } catch (error) {
          const { stderr, message } = error as { stderr?: string; message: string };
          const lines = (stderr || message).split("\n").filter((l) => l.length < 400);
          return { name: b.name, error: lines.slice(-6).join("\n") };
        }
      }),
    );
    // Assess
    expect(results.filter((r) => "error" in r)).toEqual([]);
  });

  it("starts every function without the S3 client or uploader, the worker too", () => {
    // Act
    const loadedAtStart = bundles.flatMap((b) =>
      b.initPackages.filter((p) => S3_PACKAGES.includes(p)).map((p) => `${b.name}: ${p}`),
    );
    // Assess
    expect(loadedAtStart).toEqual([]);
  });

  it("starts every function without the SQS client, which the sweeper loads when it first queues a job", () => {
    // Act
    const loadedAtStart = bundles.flatMap((b) =>
      b.initPackages.filter((p) => SQS_PACKAGES.includes(p)).map((p) => `${b.name}: ${p}`),
    );
    const sweeper = bundles.find((b) => b.name === "sweeper");
    // Assess
    expect(loadedAtStart).toEqual([]);
    expect(sweeper?.lazyPackages).toContain("@aws-sdk/client-sqs");
  });

  it("starts every function without the metrics library, which the first invocation with a count loads", () => {
    // Act
    const loadedAtStart = bundles.flatMap((b) =>
      b.initPackages.filter((p) => p === "@aws-lambda-powertools/metrics").map((p) => `${b.name}: ${p}`),
    );
    const sweeper = bundles.find((b) => b.name === "sweeper");
    // Assess
    expect(loadedAtStart).toEqual([]);
    expect(sweeper?.lazyPackages).toContain("@aws-lambda-powertools/metrics");
  });

  it("carries the JSON Schema converter in the openapi function alone", () => {
    // Act
    const carriers = bundles
      .filter((b) => [...b.initPackages, ...b.lazyPackages].includes("@valibot/to-json-schema"))
      .map((b) => b.name);
    // Assess
    expect(carriers).toEqual(["openapi"]);
  });

  it("carries the EventBridge client in the lifecycle events function alone", () => {
    // Act: the publisher has an entry of its own (`@video-recordings/core/eventbridge`).
    const carriers = bundles
      .filter((b) => [...b.initPackages, ...b.lazyPackages].includes("@aws-sdk/client-eventbridge"))
      .map((b) => b.name);
    // Assess
    expect(carriers).toEqual(["lifecycle-events"]);
  });

  it("starts the worker without the media library, which the first rendition job loads", () => {
    // Act
    const worker = bundles.find((b) => b.name === "worker");
    // Assess
    expect(worker?.initPackages).not.toContain("mediabunny");
    expect(worker?.lazyPackages).toContain("mediabunny");
  });

  it("carries the media library only in functions that make renditions", () => {
    // Act: the remuxer has an entry of its own (`@video-recordings/core/renditions`), so a function
    // that imports the domain, or any other adapter, carries none of it.
    const carriers = bundles
      .filter((b) => [...b.initPackages, ...b.lazyPackages].includes("mediabunny"))
      .map((b) => b.name);
    // Assess
    expect(carriers).toEqual(["worker"]);
  });

  it("keeps the media library out of the domain's entry, in the remuxer's", async () => {
    // Prepare: two entries exporting all of an entry point, so nothing is shaken off.
    const probes = await mkdtemp(join(ROOT, "test/infra/entry-probe-"));
    try {
      const entries = { domain: "@video-recordings/core", remuxer: "@video-recordings/core/renditions" };
      const built = await Promise.all(
        Object.entries(entries).map(async ([name, from]) => {
          const entry = join(probes, `${name}.ts`);
          await writeFile(entry, `export * from "${from}";\n`);
          return bundleFunction(entry, join(outdir, "entry-probes"));
        }),
      );
      // Act
      const carrying = built.map((b) => ({ name: b.name, media: b.initPackages.includes("mediabunny") }));
      // Assess
      expect(carrying).toEqual([
        { name: "domain", media: false },
        { name: "remuxer", media: true },
      ]);
    } finally {
      await rm(probes, { recursive: true, force: true });
    }
  });

  it("leaves the S3 client in chunks the sweeper reads when it first archives", () => {
    // Prepare
    const sweeper = bundles.find((b) => b.name === "sweeper");
    if (!sweeper) throw new Error("no bundle for sweeper");
    // Act
    const { initPackages, lazyPackages } = sweeper;
    // Assess
    expect(lazyPackages).toContain("@aws-sdk/client-s3");
    // The entry's own client does load at start-up: the packages are told apart.
    expect(initPackages).toContain("@aws-sdk/client-dynamodb");
  });

  it.each(HANDLERS.map((name) => ({ name })))("exports a handler function from $name", async ({ name }) => {
    // Prepare
    const bundle = bundles.find((b) => b.name === name);
    if (!bundle) throw new Error(`no bundle for ${name}`);
    // Act
    const exports = await load(bundle);
    // Assess
    expect(exports.handler).toBe("function");
  });
});
