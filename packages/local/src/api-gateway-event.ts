import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

export type IncomingCall = {
  method: string;
  /** Path and query as the client sent them. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
};

/**
 * Builds the payload-2.0 event API Gateway would hand the handler: headers lower-cased and
 * joined, raw query kept byte for byte, and any body that is not JSON or text base64-encoded,
 * as API Gateway does with Twilio's form posts.
 */
export const toApiGatewayEvent = (
  call: IncomingCall,
  routeKey: string,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 => {
  const queryAt = call.target.indexOf("?");
  const rawPath = queryAt === -1 ? call.target : call.target.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? "" : call.target.slice(queryAt + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[name] =
      name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }
  const textual = /^(application\/json|text\/)/i.test(headers["content-type"] ?? "");
  const now = new Date();
  const domainName = headers.host ?? "127.0.0.1";
  return {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    ...(Object.keys(queryStringParameters).length > 0 && { queryStringParameters }),
    ...(Object.keys(pathParameters).length > 0 && { pathParameters }),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName,
      domainPrefix: domainName.split(".")[0] ?? domainName,
      http: {
        method: call.method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: call.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(call.body.length > 0 && {
      body: textual ? call.body.toString("utf8") : call.body.toString("base64"),
    }),
    isBase64Encoded: call.body.length > 0 && !textual,
  };
};
