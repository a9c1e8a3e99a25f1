import { createHmac, timingSafeEqual } from "node:crypto";
import * as v from "valibot";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import { jsonObjectBody } from "../json-body";
import { integerRange } from "../query-values";
import { err, ok, type Result } from "../result";
import { RoomSidSchema } from "../sids";

/**
 * Share links: a URL to one room's player that works without credentials until it expires. The
 * query carries the expiry and an HMAC-SHA256 over purpose, room and expiry with a key of its own
 * (`ShareSigningKey`), so it names nothing else, and neither another room nor a later expiry can
 * be had by editing it.
 */

export const MIN_SHARE_TTL_SECONDS = 60;
export const MAX_SHARE_TTL_SECONDS = 604_800;
export const DEFAULT_SHARE_TTL_SECONDS = 86_400;

// What a signature is for: a signature made for anything else this key ever signs cannot pass here.
const PURPOSE = "room-player";

/** `POST /rooms/{roomSid}/share`: how long the link works, in seconds. */
export const ShareAskSchema = v.strictObject({
  ttl: v.optional(
    integerRange(
      MIN_SHARE_TTL_SECONDS,
      MAX_SHARE_TTL_SECONDS,
      `must be an integer number of seconds from ${MIN_SHARE_TTL_SECONDS} to ${MAX_SHARE_TTL_SECONDS}`,
    ),
    DEFAULT_SHARE_TTL_SECONDS,
  ),
});

const ShareAskBody = jsonObjectBody(ShareAskSchema, '{"ttl"?: seconds}');

/** Reads the share body; an empty body asks for the default. */
export const readShareAsk = (body: string): Result<v.InferOutput<typeof ShareAskSchema>, InvalidParameter> =>
  readParameters(ShareAskBody, body.trim() === "" ? "{}" : body);

/** A share link as `POST /rooms/{roomSid}/share` answers it. */
export const ShareLinkSchema = v.strictObject({
  url: v.pipe(v.string(), v.url()),
  expiresAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type ShareLink = v.InferOutput<typeof ShareLinkSchema>;

/** The query a shared page and its manifest are opened with, as the link carries it. */
export const SharedQuerySchema = v.object({
  roomSid: RoomSidSchema,
  expires: v.pipe(v.string(), v.regex(/^\d{1,12}$/)),
  signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
});
export type SharedQuery = { roomSid: string; expires?: string | undefined; signature?: string | undefined };

export type InvalidShareLink = { kind: "invalid-share-link"; reason: "malformed" | "altered" | "expired" };

/**
 * The link to `roomSid`'s player at `baseUrl` (the API's public URL) that stops working `ttl`
 * seconds after `now` (whole seconds, so `expiresAt` is exact).
 */
export const shareLink = (
  key: string,
  target: { baseUrl: string; roomSid: string; ttl: number },
  now: Date,
): ShareLink => {
  const expires = Math.floor(now.getTime() / 1000) + target.ttl;
  const signature = sign(key, target.roomSid, expires);
  const url = new URL(`${target.baseUrl.replace(/\/+$/, "")}/player/${target.roomSid}`);
  url.search = new URLSearchParams({ expires: String(expires), signature }).toString();
  return { url: url.toString(), expiresAt: new Date(expires * 1000).toISOString() };
};

/** Whether a shared page's query is one this key signed for that room and has not expired; its expiry. */
export const verifySharedQuery = (
  key: string,
  query: SharedQuery,
  now: Date,
): Result<{ roomSid: string; expiresAt: Date }, InvalidShareLink | InvalidParameter> => {
  // A path that is not a room is the caller's mistake, told as such; anything else is the link's.
  const room = readParameters(v.object({ roomSid: RoomSidSchema }), { roomSid: query.roomSid });
  if (!room.ok) return room;
  const parsed = v.safeParse(SharedQuerySchema, query);
  if (!parsed.success) return err({ kind: "invalid-share-link", reason: "malformed" });
  const { roomSid, expires, signature } = parsed.output;
  const expected = Buffer.from(sign(key, roomSid, Number(expires)));
  if (!timingSafeEqual(expected, Buffer.from(signature)))
    return err({ kind: "invalid-share-link", reason: "altered" });
  const expiresAt = new Date(Number(expires) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return err({ kind: "invalid-share-link", reason: "expired" });
  return ok({ roomSid, expiresAt });
};

const sign = (key: string, roomSid: string, expires: number): string =>
  createHmac("sha256", key).update(`${PURPOSE}\n${roomSid}\n${expires}`).digest("base64url");
