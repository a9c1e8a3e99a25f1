import { httpHandler } from "./_http";
import { rejected } from "./_rejections";

const ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

// API Gateway's own 404 body is not the JSON error callers are promised.
export const handler = httpHandler(ANY_METHOD, async (request) =>
  rejected({ kind: "no-route", method: request.method, path: request.rawPath }),
);
