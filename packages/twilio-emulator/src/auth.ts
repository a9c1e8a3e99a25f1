import { timingSafeEqual } from "node:crypto";

export interface Credentials {
  accountSid: string;
  authToken: string;
  /** API key SID (`SK…`) → secret. */
  apiKeys: Readonly<Record<string, string>>;
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * HTTP Basic with `AccountSid:AuthToken` or `SK…:secret`. Answers the account
 * the request acts for (the one whose token or key it gives), or null.
 */
export const authenticate = (
  header: string | undefined,
  accounts: readonly Credentials[],
): Credentials | null => {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const pass = decoded.slice(colon + 1);
  for (const creds of accounts) {
    if (user === creds.accountSid && sameText(pass, creds.authToken)) return creds;
    // Own keys only: a user such as `constructor` names no key.
    const secret = Object.hasOwn(creds.apiKeys, user) ? creds.apiKeys[user] : undefined;
    if (secret !== undefined && sameText(pass, secret)) return creds;
  }
  return null;
};
