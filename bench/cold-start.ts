// Cold start of every Lambda entry, bundled exactly as SST bundles it (test/infra/bundle.ts):
// bundle bytes, and the time a fresh Node 24 process takes to import the bundle, beside two peers
// (bench/peers/): the floor (one DynamoDB UpdateItem, client-dynamodb only) and the callback
// handler a user would write with the `twilio` SDK and the DocumentClient. The peers are bundled
// the same way as the functions (stacks/bundling.ts: code-split), so the goals compare code with
// code, not one build setting with another. The floor is also measured with SST's defaults (not
// split), as information: what splitting buys any function.
//   npx tsx bench/cold-start.ts
// Prints one RESULT line for bench/run.ts.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { NODEJS } from "../stacks/bundling";
import { type Bundle, bundleFunction, bundleFunctions, ROOT } from "../test/infra/bundle";
import { CONFIG } from "./lib/config";
import { atMost, type Figure, figure, printResult } from "./lib/figures";
import { median } from "./lib/stats";

const run = promisify(execFile);
/** The Node the Lambda runtime runs (nodejs24.x), from the `node` package. */
const NODE24 = join(ROOT, "node_modules", ".bin", "node");
const PEERS = {
  floor: join(ROOT, "bench", "peers", "dynamodb-floor.ts"),
  twilioSdk: join(ROOT, "bench", "peers", "twilio-sdk-callback.ts"),
} as const;

const secret = (value: string) => ({ value, type: "sst.sst.Secret" });
/** Links of the shape a deployment holds (`SST_RESOURCE_<Name>`), plausible values. */
const RESOURCES: Record<string, unknown> = {
  App: { name: "video-recordings", stage: "bench" },
  Recordings: { name: "video-recordings-bench-recordings", type: "sst.aws.Dynamo" },
  Archive: { name: "video-recordings-bench-archive", type: "sst.aws.Bucket" },
  ApiToken: secret("bench-api-token"),
  TwilioAccounts: secret(""),
  TwilioAccountSid: secret(`AC${"0".repeat(32)}`),
  TwilioAuthToken: secret("bench-auth-token"),
  TwilioApiKeySid: secret(`SK${"0".repeat(32)}`),
  TwilioApiKeySecret: secret("bench-api-key-secret"),
  TwilioApi: { url: "https://video.twilio.com", type: "sst.sst.Linkable" },
  Retention: { retentionDays: "90", archive: "true", archiveRetentionDays: "", type: "sst.sst.Linkable" },
  PublicBaseUrl: { url: "https://api.example.com", type: "sst.sst.Linkable" },
  ShareSigningKey: secret("bench-share-signing-key"),
  IdentityHashKey: secret("bench-identity-hash-key"),
  Jobs: { url: "https://sqs.us-east-1.amazonaws.com/123456789012/bench-jobs", type: "sst.aws.Queue" },
  Events: {
    name: "video-recordings-bench-events",
    arn: "arn:aws:events:us-east-1:000000000000:event-bus/video-recordings-bench-events",
    type: "sst.aws.Bus",
  },
};
const ENV = {
  PATH: process.env.PATH ?? "",
  AWS_REGION: "us-east-1",
  TABLE_NAME: "video-recordings-bench-recordings",
  TWILIO_AUTH_TOKEN: "bench-auth-token",
  PUBLIC_URL: "https://api.example.com/twilio/status",
  ...Object.fromEntries(
    Object.entries(RESOURCES).map(([name, v]) => [`SST_RESOURCE_${name}`, JSON.stringify(v)]),
  ),
};

/** Milliseconds a fresh Node 24 process spends in `import()` of the bundle (Node's own start-up excluded). */
const importMs = async (file: string): Promise<number> => {
  const script = [
    "const t0 = performance.now();",
    "const m = await import(process.argv[1]);",
    "const ms = performance.now() - t0;",
    `if (typeof m.handler !== "function") throw new Error("no handler");`,
    "process.stdout.write(String(ms));",
  ].join("\n");
  const { stdout } = await run(NODE24, ["--input-type=module", "-e", script, file], {
    cwd: tmpdir(),
    env: ENV,
    timeout: 30_000,
  });
  return Number(stdout);
};

const shuffled = <T>(items: readonly T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};

const main = async () => {
  const outdir = await mkdtemp(join(tmpdir(), "bench-bundles-"));
  try {
    const [functions, floor, unsplitFloor, twilioSdk] = await Promise.all([
      bundleFunctions(outdir),
      bundleFunction(PEERS.floor, outdir, NODEJS),
      bundleFunction(PEERS.floor, join(outdir, "unsplit")),
      bundleFunction(PEERS.twilioSdk, outdir, NODEJS),
    ]);
    const failed = [...functions, floor, unsplitFloor].filter((b) => b.errors.length > 0);
    if (failed.length > 0) throw new Error(`bundling failed: ${JSON.stringify(failed.map((b) => b.errors))}`);
    // The twilio-SDK peer needs `@aws-sdk/lib-dynamodb`; without it that column stays empty.
    const peerMissing = twilioSdk.errors.length > 0 ? twilioSdk.errors.join("; ") : null;
    const bundles: Bundle[] = [...functions, floor, unsplitFloor, ...(peerMissing ? [] : [twilioSdk])];
    const label = (b: Bundle) => (b === unsplitFloor ? `${b.name}-unsplit` : b.name);
    const kib = (b: Bundle) => `${(b.initBytes / 1024).toFixed(0)} KiB`;

    // One import of each first, so the file cache is warm for every measured one alike.
    for (const b of bundles) await importMs(b.outfile);
    const times = new Map<string, number[]>(bundles.map((b) => [b.outfile, []]));
    for (let round = 0; round < CONFIG.coldStartProcesses; round++)
      for (const b of shuffled(bundles)) times.get(b.outfile)?.push(await importMs(b.outfile));

    const per = (b: Bundle) => times.get(b.outfile) ?? [];
    /** Median over rounds of the ratio within each round. */
    const ratioTo = (b: Bundle, peer: Bundle) =>
      median(per(b).map((ms, round) => ms / (per(peer)[round] ?? Number.NaN)));
    const runs = CONFIG.coldStartProcesses;
    const figures: Figure[] = [];
    const peerRow = (b: Bundle, what: string) =>
      figure({
        id: `coldStart.peer.${label(b)}`,
        figure: `cold start: ${what} (${b.name}) import`,
        value: median(per(b)),
        unit: "ms",
        peer: null,
        peerLabel: "",
        ratio: null,
        goal: null,
        runs,
        note: `${kib(b)} loaded at import; bundled as the functions are`,
      });
    figures.push(
      peerRow(floor, "floor peer"),
      figure({
        id: `coldStart.peer.${label(unsplitFloor)}`,
        figure: `cold start: floor peer (${unsplitFloor.name}) with SST's defaults, not code-split, import`,
        value: median(per(unsplitFloor)),
        unit: "ms",
        peer: median(per(floor)),
        peerLabel: "floor peer import",
        ratio: ratioTo(unsplitFloor, floor),
        goal: null,
        runs,
        note: `what code splitting buys: ${kib(unsplitFloor)} loaded at import, against ${kib(floor)} split`,
      }),
    );
    figures.push(
      peerMissing
        ? figure({
            id: `coldStart.peer.${twilioSdk.name}`,
            figure: `cold start: twilio-SDK peer (${twilioSdk.name}) import`,
            value: Number.NaN,
            unit: "ms",
            peer: null,
            peerLabel: "",
            ratio: null,
            goal: null,
            runs: 0,
            note: `not built, so the ≤ 0.5× goals are unmeasured: ${peerMissing.slice(0, 200)}`,
          })
        : peerRow(twilioSdk, "twilio-SDK peer"),
    );
    for (const b of functions) {
      figures.push(
        figure({
          id: `coldStart.${b.name}.vsFloor`,
          figure: `cold start: ${b.name} import vs floor`,
          value: median(per(b)),
          unit: "ms",
          peer: median(per(floor)),
          peerLabel: "floor peer import",
          ratio: ratioTo(b, floor),
          goal: atMost(1.3),
          runs,
          note: `${ratioTo(b, unsplitFloor).toFixed(2)}× the floor peer with SST's defaults, not code-split`,
        }),
        figure({
          id: `coldStart.${b.name}.vsTwilioSdk`,
          figure: `cold start: ${b.name} import vs twilio-SDK peer`,
          value: median(per(b)),
          unit: "ms",
          peer: peerMissing ? null : median(per(twilioSdk)),
          peerLabel: "twilio-SDK peer import",
          ratio: peerMissing ? null : ratioTo(b, twilioSdk),
          goal: atMost(0.5),
          runs,
        }),
        figure({
          id: `coldStart.${b.name}.bytes`,
          figure: `cold start: ${b.name} bundle bytes loaded at import vs floor`,
          value: b.initBytes,
          unit: "B",
          peer: floor.initBytes,
          peerLabel: "floor peer bytes",
          ratio: b.initBytes / floor.initBytes,
          goal: null,
          runs: 1,
          note: [
            `${b.bytes} B deployed, chunks read by import() included`,
            ...(peerMissing
              ? []
              : [
                  `${(b.initBytes / twilioSdk.initBytes).toFixed(2)}× the twilio-SDK peer's ${twilioSdk.initBytes} B`,
                ]),
          ].join("; "),
        }),
      );
    }
    printResult({
      bench: "cold-start",
      figures,
      detail: {
        peerMissing,
        bytes: Object.fromEntries(bundles.map((b) => [label(b), b.bytes])),
        initBytes: Object.fromEntries(bundles.map((b) => [label(b), b.initBytes])),
        importMs: Object.fromEntries(
          bundles.map((b) => [label(b), per(b).map((ms) => Math.round(ms * 10) / 10)]),
        ),
      },
    });
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
};

await main();
