import { httpHandler, json } from "./_http";
import { OPENAPI_DOCUMENT } from "./_openapi-document";

export const handler = httpHandler(["GET"], async () => json(200, OPENAPI_DOCUMENT));
