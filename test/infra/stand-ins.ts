/**
 * Stand-ins for what SST's components reach outside the program for, during a synth.
 *
 * SST's components talk to the `sst` CLI over JSON-RPC at `SST_SERVER`. The loopback stand-in
 * answers the two methods a deploy of this app needs (shapes as of sst 4.17.1, pinned):
 *
 * - `Provider.Aws.Bootstrap` `{ region }` → the bootstrap bucket data
 *   `{ asset, assetEcrRegistryId, assetEcrUrl, state, appsyncHttp, appsyncRealtime }`.
 * - `Runtime.Build` `{ functionID, handler, runtime, links: { [name]: properties },
 *   properties: { ...nodejs, architecture }, … }` → `{ handler, out, errors, sourcemaps }`,
 *   where `out` is a directory the component zips and `handler` is relative to it
 *   (`functions/x.handler` → `x.handler`). Nothing is bundled here (see bundle.test.ts).
 *
 * Any other method is answered as unknown and recorded, so an SST upgrade that changes the
 * protocol shows up as a failed test instead of a silent gap.
 *
 * The Pulumi mocks answer each resource with its inputs plus an id, name and ARN, and the few
 * AWS provider functions the components call (region, partition, account, IAM policy JSON).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

type Props = Record<string, unknown>;

const REGION = "us-east-1";
const ACCOUNT = "123456789012";

export type BuildRequest = {
  functionID: string;
  handler: string;
  runtime: string;
  links: Record<string, Props>;
  properties: Props;
};

/** Pulumi's wire marker for a secret value; the mocks see secrets wrapped in it. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

export const unsecret = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(unsecret);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Props;
  if (SECRET_SIG in obj) return unsecret(obj.value);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unsecret(v)]));
};

export const resourceState = (type: string, name: string, id: string, inputs: Props): Props => {
  const service = type.split(":")[1]?.split("/")[0] ?? "mock";
  const arn = `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
  const state: Props = { name, arn, ...inputs, id };
  switch (type) {
    case "aws:apigatewayv2/api:Api":
      return { ...state, apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com` };
    case "aws:lambda/function:Function":
      return {
        ...state,
        invokeArn: `${arn}/invocations`,
        qualifiedArn: `${arn}:$LATEST`,
        version: "$LATEST",
      };
    case "aws:dynamodb/table:Table":
      return { ...state, streamArn: `${arn}/stream/mock` };
    case "random:index/randomBytes:RandomBytes":
      return { ...state, base64: Buffer.alloc(32).toString("base64"), hex: "00".repeat(32) };
    default:
      return state;
  }
};

export const providerCall = (token: string, inputs: Props): Props | undefined => {
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return { name: REGION, region: REGION, id: REGION, endpoint: `ec2.${REGION}.amazonaws.com` };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/mock`, userId: "MOCK", id: ACCOUNT };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return {
        ...inputs,
        json: JSON.stringify({ Version: "2012-10-17", Statement: inputs.statements ?? [] }),
      };
    default:
      return undefined;
  }
};

export type RpcStandIn = {
  url: string;
  builds: BuildRequest[];
  unknown: string[];
  pending: () => number;
  close(): Promise<void>;
};

export const startRpcStandIn = async (workDir: string, touch: () => void): Promise<RpcStandIn> => {
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
        // Like the CLI: `functions/x.handler` becomes `x.mjs` at the top of the output directory.
        const [, stem = "", fn = ""] = /([^/]+)\.([^./]+)$/.exec(build.handler) ?? [];
        const out = join(workDir, "artifacts", `${build.functionID}-src`);
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, `${stem}.mjs`), "// not bundled in synth\n");
        return { result: { handler: `${stem}.${fn}`, out, errors: [], sourcemaps: [] } };
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
