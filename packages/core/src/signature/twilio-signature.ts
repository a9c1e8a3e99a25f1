import { createHmac, timingSafeEqual } from "node:crypto";

export type SignedRequest = {
  /** The full URL Twilio requested, query string included. */
  url: string;
  /** Form body parameters of a POST; empty for a GET, whose parameters sit in the URL. */
  params: Readonly<Record<string, string>>;
  signature: string;
};

/** Twilio's algorithm: HMAC-SHA1 over the URL followed by each sorted name and its value. */
export const computeTwilioSignature = (
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string => {
  // Without a comparator, sort orders by UTF-16 code units: Twilio's order, whatever the locale.
  const names = Object.keys(params).sort();
  let payload = url;
  for (const name of names) payload += name + params[name];
  return createHmac("sha1", authToken).update(payload, "utf8").digest("base64");
};

/**
 * True when the signature matches the URL as given or with its default port added or removed,
 * because Twilio is not consistent about writing `:443`.
 */
export const isValidTwilioSignature = (authToken: string, request: SignedRequest): boolean => {
  // An unset token would let anyone sign with the empty key.
  if (authToken === "") return false;
  const presented = Buffer.from(request.signature, "utf8");
  let valid = false;
  // Every variant is checked so that timing does not reveal which one matched.
  for (const url of urlVariants(request.url)) {
    const expected = Buffer.from(computeTwilioSignature(authToken, url, request.params), "utf8");
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) valid = true;
  }
  return valid;
};

const DEFAULT_PORT: Readonly<Record<string, string>> = { "https:": "443", "http:": "80" };

const urlVariants = (raw: string): string[] => {
  const match = /^(https?:)\/\/([^/?#:]+)(?::(\d+))?(.*)$/i.exec(raw);
  if (!match) return [raw];
  const [, scheme = "", host = "", port, rest = ""] = match;
  const defaultPort = DEFAULT_PORT[scheme.toLowerCase()];
  if (port === undefined) return [raw, `${scheme}//${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [raw, `${scheme}//${host}${rest}`];
  return [raw];
};
