import { createHash, timingSafeEqual } from "node:crypto";

/**
 * True when an `Authorization` header carries the expected bearer token. Both sides are
 * hashed first so the comparison takes the same time whatever the presented token's length.
 */
export const isValidBearer = (authorization: string | undefined, expectedToken: string): boolean => {
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1] || expectedToken === "") return false;
  return timingSafeEqual(digest(match[1]), digest(expectedToken));
};

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();
