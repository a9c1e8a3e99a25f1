/**
 * Constructs the real SST app (sst.config.ts + stacks/) under Pulumi mocks, without AWS or the
 * Pulumi engine, and records what it would deploy.
 *
 * SST's components talk to the `sst` CLI over JSON-RPC at `SST_SERVER`. A loopback stand-in
 * answers the two methods a deploy of this app needs (shapes as of sst 4.17.1, pinned):
 *
 * - `Provider.Aws.Bootstrap` `{ region }` → the bootstrap bucket data
 *   `{ asset, assetEcrRegistryId, assetEcrUrl, state, appsyncHttp, appsyncRealtime }`.
 * - `Runtime.Build` `{ functionID, handler, runtime, links: { [name]: properties },
 *   properties: { ...nodejs, architecture }, … }` → `{ handler, out, errors, sourcemaps }`,
 *   where `out` is a directory the component zips. Nothing is bundled here (see bundle.test.ts).
 *
 * Any other method is answered as unknown and recorded, so an SST upgrade that changes the
 * protocol shows up as a failed test instead of a silent gap.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

type Pulumi = typeof import("../../.sst/platform/node_modules/@pulumi/pulumi");
type Props = Record<string, unknown>;

export const ROOT = resolve(import.meta.dirname, "../..");
export const PLATFORM = join(ROOT, ".sst", "platform");
const REGION = "us-east-1";
const ACCOUNT = "123456789012";

export type SynthResource = {
  type: string;
  name: string;
  id: string;
  inputs: Props;
  /** What the mocks answered: the inputs plus an id, a name and an ARN. */
  state: Props;
  /** Resource options after SST's own stack transformations (removal policy). */
  retainOnDelete?: boolean;
  protect?: boolean;
};

export type BuildRequest = {
  functionID: string;
  handler: string;
  runtime: string;
  links: Record<string, Props>;
  properties: Props;
};

/** A linkable component at the top of the app, as SST writes it into sst-env.d.ts. */
export type Linkable = { name: string; type: string; properties: string[] };

export type Synth = {
  stage: string;
  app: { name: string; home: string; removal: string; protect: boolean; providers: Props };
  outputs: Props;
  resources: SynthResource[];
  builds: BuildRequest[];
  linkables: Linkable[];
  unknownRpc: string[];
  /** Provider functions the mocks did not know (answered with their inputs). */
  unknownCalls: string[];
};

/** Pulumi's wire marker for a secret value; the mocks see secrets wrapped in it. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

const unsecret = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(unsecret);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Props;
  if (SECRET_SIG in obj) return unsecret(obj.value);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unsecret(v)]));
};

const resourceState = (type: string, name: string, id: string, inputs: Props): Props => {
  const service = type.split(":")[1]?.split("/")[0] ?? "mock";
  const arn = `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
  const state: Props = { name, arn, ...inputs, id };
  switch (type) {
    case "aws:apigatewayv2/api:Api":
      return { ...state, apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com` };
    case "aws:lambda/function:Function":
      return { ...state, invokeArn: `${arn}/invocations`, qualifiedArn: `${arn}:$LATEST`, version: "$LATEST" };
    case "aws:dynamodb/table:Table":
      return { ...state, streamArn: `${arn}/stream/mock` };
    case "random:index/randomBytes:RandomBytes":
      return { ...state, base64: Buffer.alloc(32).toString("base64"), hex: "00".repeat(32) };
    default:
      return state;
  }
};

const providerCall = (token: string, inputs: Props): Props | undefined => {
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return { name: REGION, region: REGION, id: REGION, endpoint: `ec2.${REGION}.amazonaws.com` };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/mock`, userId: "MOCK", id: ACCOUNT };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return { ...inputs, json: JSON.stringify({ Version: "2012-10-17", Statement: inputs.statements ?? [] }) };
    default:
      return undefined;
  }
};

/** The secrets sst-env.d.ts declares; synth gives each a dummy value, as `sst secret set` would. */
export const declaredResources = (): Map<string, { type: string; properties: string[] }> => {
  const text = readFileSync(join(ROOT, "sst-env.d.ts"), "utf8");
  const found = new Map<string, { type: string; properties: string[] }>();
  for (const [, name, body] of text.matchAll(/"(\w+)":\s*\{([^{}]*)\}/g)) {
    const props = [...(body ?? "").matchAll(/"(\w+)":\s*("[^"]*"|\w+)/g)];
    const type = props.find(([, key]) => key === "type")?.[2]?.replaceAll('"', "") ?? "";
    found.set(name ?? "", { type, properties: props.map(([, key]) => key ?? "").sort() });
  }
  return found;
};

type RpcStandIn = { url: string; builds: BuildRequest[]; unknown: string[]; pending: () => number; close(): Promise<void> };

const startRpcStandIn = async (workDir: string, touch: () => void): Promise<RpcStandIn> => {
  const builds: BuildRequest[] = [];
  const unknown: string[] = [];
  let pending = 0;
  const answer = (method: string, args: Props): { result?: unknown; error?: string } => {
    switch (method) {
      case "Provider.Aws.Bootstrap":
        return {
          result: {
            asset: "sst-asset-mock",
            assetEcrRegistryId: ACCOUNT,
            assetEcrUrl: `${ACCOUNT}.dkr.ecr.${args.region}.amazonaws.com/sst-asset`,
            state: "sst-state-mock",
            appsyncHttp: "",
            appsyncRealtime: "",
          },
        };
      case "Runtime.Build": {
        const build = args as unknown as BuildRequest;
        builds.push(build);
        const out = join(workDir, "artifacts", `${build.functionID}-src`);
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, "placeholder.mjs"), "// not bundled in synth\n");
        return { result: { handler: build.handler, out, errors: [], sourcemaps: [] } };
      }
      default:
        unknown.push(method);
        return { error: `rpc: can't find method ${method}` };
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    pending++;
    touch();
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const { method, params } = JSON.parse(body) as { method: string; params: [Props] };
      const reply = answer(method, params[0]);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: null, result: reply.result ?? null, error: reply.error ?? null }));
      pending--;
      touch();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    builds,
    unknown,
    pending: () => pending,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
};

const importTs = async <T>(file: string): Promise<T> => (await import(pathToFileURL(file).href)) as T;

/**
 * Synthesises the app for `stage`. Call `vi.resetModules()` first when synthesising more than
 * once in a test file: the stacks are modules and construct their resources on first import.
 */
export const synth = async (stage: string, env: Record<string, string> = {}): Promise<Synth> => {
  const pulumi = await importTs<Pulumi>(join(PLATFORM, "node_modules/@pulumi/pulumi/index.js"));
  const workDir = mkdtempSync(join(tmpdir(), "synth-"));
  const g = globalThis as Record<string, unknown>;
  const savedEnv = { ...process.env };

  let lastActivity = Date.now();
  const touch = () => {
    lastActivity = Date.now();
  };
  const rpc = await startRpcStandIn(workDir, touch);
  const resources: SynthResource[] = [];
  const unknownCalls: string[] = [];
  const topLevel: { name: string; type: string; resource: { getSSTLink(): { properties: Props } } }[] = [];

  try {
    process.env.SST_SERVER = rpc.url;
    for (const [name, { type }] of declaredResources()) {
      if (type === "sst.sst.Secret") process.env[`SST_SECRET_${name}`] = `synth-${name}`;
    }
    delete process.env.PUBLIC_BASE_URL;
    Object.assign(process.env, env);

    await pulumi.runtime.setMocks(
      {
        newResource: ({ type, name, inputs: raw, id }) => {
          touch();
          const resourceId = id || `${name}-id`;
          const inputs = unsecret(raw) as Props;
          const state = resourceState(type, name, resourceId, inputs);
          const record = resources.find((r) => r.type === type && r.name === name && !r.id);
          if (record) Object.assign(record, { id: resourceId, inputs, state });
          else resources.push({ type, name, id: resourceId, inputs, state });
          return { id: resourceId, state };
        },
        call: ({ token, inputs }) => {
          touch();
          const result = providerCall(token, inputs);
          if (result) return result;
          unknownCalls.push(token);
          return inputs;
        },
      },
      "video-recordings",
      stage,
      false,
    );

    // The globals SST's CLI sets before it runs the app (see platform/src/shim/run.js).
    g.$config = (config: unknown) => config;
    type Config = {
      app(input: { stage: string }): Synth["app"];
      run(): Promise<Props>;
    };
    const { default: config } = await importTs<{ default: Config }>(join(ROOT, "sst.config.ts"));
    const app = await config.app({ stage });
    g.$app = { name: app.name, stage, removal: app.removal ?? "retain", protect: app.protect ?? false, providers: app.providers };

    const component = await importTs<Props>(join(PLATFORM, "src/components/component.ts"));
    const { Link } = await importTs<{ Link: { makeLinkable: unknown; isLinkable(o: unknown): boolean } }>(
      join(PLATFORM, "src/components/link.ts"),
    );
    Object.assign(g, {
      $util: pulumi,
      $output: pulumi.output,
      $interpolate: pulumi.interpolate,
      $concat: pulumi.concat,
      $resolve: pulumi.all,
      $jsonParse: pulumi.jsonParse,
      $jsonStringify: pulumi.jsonStringify,
      $linkable: Link.makeLinkable,
      $transform: component.$transform,
      $asset: component.$asset,
      $dev: false,
      $cli: {
        command: "deploy",
        rpc: rpc.url,
        paths: { home: workDir, root: ROOT, work: workDir, platform: PLATFORM },
        state: { version: {} },
      },
      aws: await importTs(join(PLATFORM, "node_modules/@pulumi/aws/index.js")),
      sst: await importTs(join(PLATFORM, "src/components/index.ts")),
    });

    const { run } = await importTs<{ run(program: () => Promise<Props>): Promise<Props> }>(
      join(PLATFORM, "src/auto/run.ts"),
    );
    const outputs = (await pulumi.runtime.runInPulumiStack(() =>
      run(async () => {
        // Registered after SST's own transformations (removal policy), so it sees their result.
        pulumi.runtime.registerStackTransformation(({ type, name, opts, resource }) => {
          resources.push({
            type,
            name,
            id: "",
            inputs: {},
            state: {},
            retainOnDelete: opts.retainOnDelete,
            protect: opts.protect,
          });
          if (!opts.parent && Link.isLinkable(resource)) {
            topLevel.push({ name, type, resource: resource as unknown as (typeof topLevel)[number]["resource"] });
          }
          return undefined;
        });
        return config.run();
      }),
    )) as Props;

    // Functions are built and created inside apply() chains that outlive the stack outputs:
    // wait until every function the CLI was asked to build exists and the app has gone quiet.
    const deadline = Date.now() + 8_000;
    for (;;) {
      const lambdas = resources.filter((r) => r.type === "aws:lambda/function:Function" && r.id).length;
      const quiet = rpc.pending() === 0 && Date.now() - lastActivity > 250;
      if (quiet && lambdas >= rpc.builds.length) break;
      if (Date.now() > deadline) {
        const made = resources.filter((r) => r.id).map((r) => `${r.type} ${r.name}`);
        throw new Error(
          `synth did not settle: ${rpc.builds.length} functions built, ${lambdas} created; resources:\n${made.join("\n")}`,
        );
      }
      await new Promise((ok) => setTimeout(ok, 50));
    }

    const linkables = await Promise.all(
      topLevel.map(
        ({ name, type, resource }) =>
          new Promise<Linkable>((ok) =>
            pulumi.output(resource.getSSTLink().properties).apply((props) => {
              ok({ name, type: type.replaceAll(":", "."), properties: [...Object.keys(props), "type"].sort() });
            }),
          ),
      ),
    );

    return {
      stage,
      app: { ...app, removal: app.removal ?? "retain", protect: app.protect ?? false },
      outputs,
      resources: resources.filter((r) => r.id),
      builds: rpc.builds,
      linkables,
      unknownRpc: rpc.unknown,
      unknownCalls,
    };
  } finally {
    await rpc.close();
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    rmSync(workDir, { recursive: true, force: true });
  }
};

const one = (s: Synth, what: string, match: (r: SynthResource) => boolean): SynthResource => {
  const found = s.resources.filter(match);
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}`);
  return found[0] as SynthResource;
};

export const ofType = (s: Synth, type: string): SynthResource[] => s.resources.filter((r) => r.type === type);

/**
 * The link type as a deployed function sees it. Under mocks a URN also carries the root stack's
 * type (`pulumi:pulumi:Stack$sst:aws:Dynamo`), which the engine leaves out: keep the last part.
 */
export const linkType = (link: Props): string => String(link.type).split("$").at(-1) ?? "";

export type DeployedFunction = { lambda: SynthResource; build: BuildRequest };

/** Each Lambda function with what the CLI was asked to build for it. */
export const functionsOf = (s: Synth): DeployedFunction[] =>
  ofType(s, "aws:lambda/function:Function").map((lambda) => {
    // The Function component named X creates the Lambda function named XFunction.
    const build = s.builds.find((b) => `${b.functionID}Function` === lambda.name);
    if (!build) throw new Error(`no Runtime.Build request for ${lambda.name}`);
    return { lambda, build };
  });

export type Route = DeployedFunction & { key: string; route: SynthResource };

/** Each API route, followed to its function: route → integration → Lambda ARN → function. */
export const routesOf = (s: Synth): Route[] =>
  ofType(s, "aws:apigatewayv2/route:Route").map((route) => {
    const key = String(route.inputs.routeKey);
    const integrationId = String(route.inputs.target).replace(/^integrations\//, "");
    const integration = one(s, `integration for ${key}`, (r) => r.id === integrationId);
    const uri = integration.inputs.integrationUri;
    const lambda = one(
      s,
      `function for ${key}`,
      (r) => r.type === "aws:lambda/function:Function" && (r.state.arn === uri || r.state.qualifiedArn === uri),
    );
    const fn = functionsOf(s).find((f) => f.lambda === lambda) as DeployedFunction;
    return { key, route, ...fn };
  });
