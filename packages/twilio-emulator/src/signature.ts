import { createHmac } from "node:crypto";

/**
 * Twilio's request signature: HMAC-SHA1, keyed with the Auth Token, over the
 * full URL followed by every POST parameter as name+value, names sorted in
 * byte order; base64. GET callbacks carry their parameters in the URL, so they
 * are signed with no body parameters.
 */
export const twilioSignature = (
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string => {
  const names = Object.keys(params).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let data = url;
  for (const name of names) data += name + (params[name] ?? "");
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
};
