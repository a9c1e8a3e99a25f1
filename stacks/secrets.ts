import { settings } from "./settings";

/**
 * Secrets, set per stage with `sst secret set <Name> <value> --stage <stage>`,
 * read at run time as `Resource.<Name>.value`.
 */

/** The Twilio account whose callbacks we accept. */
export const twilioAccountSid = new sst.Secret("TwilioAccountSid");
/** Verifies `X-Twilio-Signature` on status callbacks. */
export const twilioAuthToken = new sst.Secret("TwilioAuthToken");
/** API key pair for Twilio REST calls. */
export const twilioApiKeySid = new sst.Secret("TwilioApiKeySid");
export const twilioApiKeySecret = new sst.Secret("TwilioApiKeySecret");
/** Bearer token of the HTTP API (every route but the Twilio callback). */
export const apiToken = new sst.Secret("ApiToken");
/** Signs share links to room players; changing it voids every share link issued. */
export const shareSigningKey = new sst.Secret("ShareSigningKey");

/**
 * Keys the hash under which participant identities are indexed, so that an erasure request finds
 * an identity's recordings. Changing it leaves the hashes already stored unfindable.
 */
export const identityHashKey = new sst.Secret("IdentityHashKey");

/**
 * The public base URL Twilio calls when a custom domain or proxy sits in front of the API
 * (it is part of what Twilio signs). Empty: use the API Gateway domain from the event.
 */
export const publicBaseUrl = new sst.Linkable("PublicBaseUrl", {
  properties: { url: settings.publicBaseUrl ?? "" },
});

/** Twilio's Video REST API. Only tests and local mode point it elsewhere (the emulator). */
export const twilioApi = new sst.Linkable("TwilioApi", {
  properties: { url: settings.twilioApiUrl },
});
