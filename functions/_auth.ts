import { isValidBearer } from "@video-recordings/core";
import { Resource } from "sst/resource";
import { type HttpRequest, httpHandler } from "./_http";
import { rejected } from "./_rejections";
import type { HttpResponse } from "./_responses";

/**
 * Every route but Twilio's callback sits behind this guard. It runs in the handler, not as an
 * API Gateway authorizer, because an HTTP API authorizer answers a wrong token with its own
 * 403 body, and callers are promised a 401 with a JSON error.
 */
export const bearerProtected = (
  methods: readonly string[],
  route: (request: HttpRequest) => Promise<HttpResponse>,
) =>
  httpHandler(methods, async (request) =>
    isValidBearer(request.headers.authorization, Resource.ApiToken.value)
      ? route(request)
      : rejected({ kind: "unauthorized" }),
  );
