import { readTwilioAccounts } from "@video-recordings/core/accounts";
import { settings } from "./settings";

/**
 * Secrets, set per stage with `sst secret set <Name> <value> --stage <stage>`,
 * read at run time as `Resource.<Name>.value`.
 */

/**
 * The Twilio accounts served: a JSON array of `{accountSid, authToken, apiKeySid?, apiKeySecret?,
 * label?}`. Left empty, the single-account secrets below make a list of one; a stage that sets this
 * one need not set those.
 */
export const twilioAccounts = new sst.Secret("TwilioAccounts", "");
/** The single Twilio account served when `TwilioAccounts` is empty. */
export const twilioAccountSid = new sst.Secret("TwilioAccountSid", "");
/** Verifies `X-Twilio-Signature` on its status callbacks. */
export const twilioAuthToken = new sst.Secret("TwilioAuthToken", "");
/** Its API key pair for Twilio REST calls; empty: the Auth Token is used. */
export const twilioApiKeySid = new sst.Secret("TwilioApiKeySid", "");
export const twilioApiKeySecret = new sst.Secret("TwilioApiKeySecret", "");

// A malformed list (not JSON, a bad SID, an account twice, nothing set at all) stops the deploy
// with a message naming the entry; the message never holds a token or key secret.
$resolve([
  twilioAccounts.value,
  twilioAccountSid.value,
  twilioAuthToken.value,
  twilioApiKeySid.value,
  twilioApiKeySecret.value,
]).apply(([accounts, accountSid, authToken, apiKeySid, apiKeySecret]) => {
  const read = readTwilioAccounts(accounts, {
    TwilioAccountSid: accountSid,
    TwilioAuthToken: authToken,
    TwilioApiKeySid: apiKeySid,
    TwilioApiKeySecret: apiKeySecret,
  });
  if (!read.ok) throw new Error(read.error.message);
});

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

/** What every function that calls Twilio is linked to: where Twilio is, and each account's credentials. */
export const twilioLinks = {
  TwilioApi: twilioApi,
  TwilioAccounts: twilioAccounts,
  TwilioAccountSid: twilioAccountSid,
  TwilioAuthToken: twilioAuthToken,
  TwilioApiKeySid: twilioApiKeySid,
  TwilioApiKeySecret: twilioApiKeySecret,
};
