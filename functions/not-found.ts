import { errorResponse, httpHandler } from "./_http";

const ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

// API Gateway's own 404 body is not the JSON error callers are promised.
export const handler = httpHandler(ANY_METHOD, async (request) =>
  errorResponse(404, "not_found", `no route serves ${request.method} ${request.rawPath}`),
);
