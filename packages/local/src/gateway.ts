import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { toApiGatewayEvent } from "./api-gateway-event";

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: { getRemainingTimeInMillis(): number },
) => Promise<APIGatewayProxyStructuredResultV2>;

export type GatewayRoute = { path: string; load: () => Promise<LambdaHttpHandler> };

/** API Gateway's name for the route that takes what no other route matches. */
const DEFAULT_ROUTE = "$default";

export type Gateway = { url: string; server: Server; stop(): Promise<void> };

/** A route of local mode itself (`/_local/…`), served before any API route. */
export type LocalControl = {
  method: string;
  path: string;
  serve(request: IncomingMessage, response: ServerResponse, query: URLSearchParams): Promise<void>;
};

// What handlers are told they have left: API Gateway gives up on a request after 30 s.
const DEFAULT_FUNCTION_TIMEOUT_MS = 29_000;

// API Gateway's own payload limit.
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** A local stand-in for API Gateway v2: matches `{param}` routes and invokes the real handlers. */
export const startGateway = async (
  routes: readonly GatewayRoute[],
  options: { port: number; host?: string; functionTimeoutMs?: number; controls?: readonly LocalControl[] },
): Promise<Gateway> => {
  // As in API Gateway, `$default` takes only what no other route matches.
  const compiled = [...routes]
    .sort((a, b) => Number(a.path === DEFAULT_ROUTE) - Number(b.path === DEFAULT_ROUTE))
    .map((route) => ({
      ...route,
      routeKey: route.path === DEFAULT_ROUTE ? DEFAULT_ROUTE : `ANY ${route.path}`,
      match: route.path === DEFAULT_ROUTE ? () => ({}) : compile(route.path),
      handler: undefined as LambdaHttpHandler | undefined,
    }));
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      process.stderr.write(`gateway: ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!response.headersSent) send(response, jsonError(500, "internal_error", "the gateway failed"));
    });
  });

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = request.url ?? "/";
    const path = target.split("?")[0] ?? "/";
    const control = options.controls?.find((c) => c.path === path && c.method === request.method);
    if (control) return control.serve(request, response, new URLSearchParams(target.slice(path.length + 1)));
    const body = await readBody(request);
    if (body === undefined) {
      return send(response, jsonError(413, "payload_too_large", "the request body is over 10 MB"));
    }
    for (const route of compiled) {
      const pathParameters = route.match(path);
      if (!pathParameters) continue;
      route.handler ??= await route.load();
      const sourceIp = request.socket.remoteAddress ?? "127.0.0.1";
      const call = { method: request.method ?? "GET", target, headers: request.headers, body, sourceIp };
      const deadline = Date.now() + (options.functionTimeoutMs ?? DEFAULT_FUNCTION_TIMEOUT_MS);
      const context = { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
      return send(
        response,
        await route.handler(toApiGatewayEvent(call, route.routeKey, pathParameters), context),
      );
    }
    send(response, jsonError(404, "not_found", `no route serves ${path}`));
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

const compile = (template: string) => {
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const regex = new RegExp(`^${pattern}$`);
  return (path: string): Record<string, string> | undefined => {
    const match = regex.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]));
  };
};

const readBody = async (request: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const jsonError = (statusCode: number, code: string, message: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ error: { code, message } }),
});

const send = (response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void => {
  const headers: Record<string, string | number | boolean> = { ...result.headers };
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
  response.writeHead(result.statusCode ?? 200, { ...headers, "content-length": body.length });
  response.end(body);
};
