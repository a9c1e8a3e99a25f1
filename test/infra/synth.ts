/**
 * Constructs the real SST app (sst.config.ts + stacks/) under Pulumi mocks, without AWS or the
 * Pulumi engine, and records what it would deploy. The stand-ins for the `sst` CLI and AWS are
 * in stand-ins.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildRequest, providerCall, resourceState, startRpcStandIn, unsecret } from "./stand-ins";

export type { BuildRequest } from "./stand-ins";

type Pulumi = typeof import("../../.sst/platform/node_modules/@pulumi/pulumi");
type Props = Record<string, unknown>;

export const ROOT = resolve(import.meta.dirname, "../..");
export const PLATFORM = join(ROOT, ".sst", "platform");

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

/** The resources sst-env.d.ts declares (name → type and property keys). Synth sets each secret among them. */
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

const timeout = (ms: number, what: string) =>
  new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`synth: ${what} after ${ms} ms`)), ms).unref(),
  );

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

  // An error inside an apply() (a missing secret, a failed build) surfaces only as an unhandled
  // rejection and leaves the stack outputs pending forever: fail on the first one instead.
  let failure: unknown;
  let fail: (reason: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  const onRejection = (reason: unknown) => {
    failure ??= reason;
    fail(reason);
  };
  process.on("unhandledRejection", onRejection);

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
    // The deploy checks the Twilio accounts: one account from the single secrets, the list unset.
    delete process.env.SST_SECRET_TwilioAccounts;
    process.env.SST_SECRET_TwilioAccountSid = `AC${"0".repeat(32)}`;
    process.env.SST_SECRET_TwilioApiKeySid = `SK${"0".repeat(32)}`;
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
    g.$app = {
      name: app.name,
      stage,
      removal: app.removal ?? "retain",
      protect: app.protect ?? false,
      providers: app.providers,
    };

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
    const stack = pulumi.runtime.runInPulumiStack(() =>
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
            topLevel.push({
              name,
              type,
              resource: resource as unknown as (typeof topLevel)[number]["resource"],
            });
          }
          return undefined;
        });
        return config.run();
      }),
    );
    const outputs = (await Promise.race([
      stack,
      failed,
      timeout(20_000, "the stack outputs never resolved"),
    ])) as Props;

    // Functions are built and created inside apply() chains that outlive the stack outputs:
    // wait until every function the CLI was asked to build exists and the app has gone quiet.
    const deadline = Date.now() + 8_000;
    for (;;) {
      const lambdas = resources.filter((r) => r.type === "aws:lambda/function:Function" && r.id).length;
      const quiet = rpc.pending() === 0 && Date.now() - lastActivity > 250;
      if (failure) throw failure;
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
              ok({
                name,
                type: type.replaceAll(":", "."),
                properties: [...Object.keys(props), "type"].sort(),
              });
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
  } catch (error) {
    // An app that failed still has functions building: let them finish against the stand-in, so
    // that none of them fails after this synth, or inside the next one.
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline && (rpc.pending() > 0 || Date.now() - lastActivity < 500))
      await new Promise((ok) => setTimeout(ok, 50));
    throw error;
  } finally {
    process.off("unhandledRejection", onRejection);
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
      (r) =>
        r.type === "aws:lambda/function:Function" && (r.state.arn === uri || r.state.qualifiedArn === uri),
    );
    const fn = functionsOf(s).find((f) => f.lambda === lambda) as DeployedFunction;
    return { key, route, ...fn };
  });
