import { httpHandler } from "./_http";
import { OPENAPI_DOCUMENT } from "./_openapi-document";
import { json } from "./_responses";

export const handler = httpHandler(["GET"], async () => json(200, OPENAPI_DOCUMENT));
