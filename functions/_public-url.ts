import { Resource } from "sst/resource";
import type { HttpRequest } from "./_http";

/**
 * The base URL Twilio calls this deployment on: behind a custom domain or proxy the configured
 * public base URL, otherwise the API Gateway domain of the request; never a client-supplied Host.
 * Twilio signs the URL it called, and compositions are told to call back here.
 */
export const publicBaseUrl = (request: Pick<HttpRequest, "domainName">): string =>
  Resource.PublicBaseUrl.url.replace(/\/+$/, "") || `https://${request.domainName}`;
