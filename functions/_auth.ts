import { isValidBearer } from "@video-recordings/core";
import { Resource } from "sst/resource";
import { errorResponse, type HttpRequest, type HttpResponse, httpHandler } from "./_http";

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
      : errorResponse(401, "unauthorized", "a valid Authorization: Bearer <token> header is required", {
          "www-authenticate": "Bearer",
        }),
  );
