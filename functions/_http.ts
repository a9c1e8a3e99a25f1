import { ArchiveUnavailableError, logger, StoreUnavailableError } from "@video-recordings/core";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { flushMetrics } from "./_metrics";
import { rejected } from "./_rejections";
import type { HttpResponse } from "./_responses";

/** What handlers need of an API Gateway v2 event, read once. */
export type HttpRequest = {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** First value of each query parameter. */
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  pathParameters: Record<string, string>;
  body: string;
  /** The host API Gateway was called on. */
  domainName: string;
  /** Epoch ms when the Lambda runs out of time. */
  deadline: number;
};

export const MAX_BODY_BYTES = 64 * 1024;

export const readForm = (body: string): Record<string, string> => firstValues(new URLSearchParams(body));

type Route = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * Wraps a route: answers methods it does not serve with 405 and oversized bodies with 413,
 * turns anything thrown into a logged 500, the only place a 500 comes from, and writes the
 * metrics the request recorded before it answers.
 */
export const httpHandler =
  (methods: readonly string[], route: Route) =>
  async (
    event: APIGatewayProxyEventV2,
    context: Pick<Context, "getRemainingTimeInMillis">,
  ): Promise<HttpResponse> => {
    const request = readEvent(event, Date.now() + context.getRemainingTimeInMillis());
    if (!methods.includes(request.method)) {
      return rejected({ kind: "method-not-allowed", method: request.method, allowed: methods });
    }
    if (Buffer.byteLength(request.body, "utf8") > MAX_BODY_BYTES) {
      return rejected({ kind: "payload-too-large", maxBytes: MAX_BODY_BYTES });
    }
    try {
      return await route(request);
    } catch (error) {
      logger.error("request failed", { method: request.method, path: request.rawPath, error });
      const storageDown = error instanceof StoreUnavailableError || error instanceof ArchiveUnavailableError;
      return rejected({ kind: storageDown ? "storage-unavailable" : "internal" });
    } finally {
      await flushMetrics();
    }
  };

const readEvent = (event: APIGatewayProxyEventV2, deadline: number): HttpRequest => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const pathParameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    if (value !== undefined) pathParameters[name] = value;
  }
  const rawBody = event.body ?? "";
  return {
    method: event.requestContext.http.method.toUpperCase(),
    rawPath: event.rawPath,
    rawQuery: event.rawQueryString,
    query: firstValues(new URLSearchParams(event.rawQueryString)),
    headers,
    pathParameters,
    body: event.isBase64Encoded ? Buffer.from(rawBody, "base64").toString("utf8") : rawBody,
    domainName: event.requestContext.domainName,
    deadline,
  };
};

const firstValues = (params: URLSearchParams): Record<string, string> => {
  const values: Record<string, string> = {};
  for (const [name, value] of params) if (!(name in values)) values[name] = value;
  return values;
};
