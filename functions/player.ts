import { verifySharedQuery } from "@video-recordings/core";
import { Resource } from "sst/resource";
import { httpHandler } from "./_http";
import { linkRefusedPage, PLAYER_CONTENT_SECURITY_POLICY, playerPage } from "./_player-page";
import type { HttpResponse } from "./_responses";

const PAGE = playerPage();

// A share link is a credential: nothing on its way caches the page or passes its URL on.
const html = (statusCode: number, body: string): HttpResponse => ({
  statusCode,
  headers: {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "content-security-policy": PLAYER_CONTENT_SECURITY_POLICY,
  },
  body,
});

/**
 * `GET /player/{roomSid}?expires=…&signature=…`: the shared room's player, for anyone holding a
 * share link; the page reads the room's playback with the same query. A link that does not pass
 * gets a page saying so (403), not a player that would fail.
 */
export const handler = httpHandler(["GET"], async (request) => {
  const { expires, signature } = request.query;
  const roomSid = request.pathParameters.roomSid ?? "";
  const shared = verifySharedQuery(
    Resource.ShareSigningKey.value,
    { roomSid, expires, signature },
    new Date(),
  );
  if (shared.ok) return html(200, PAGE);
  if (shared.error.kind === "invalid-parameter")
    return html(400, linkRefusedPage("This is not a link to a room."));
  const reason =
    shared.error.reason === "expired"
      ? "This link has expired."
      : "This link is not valid: it may have been altered.";
  return html(403, linkRefusedPage(reason));
});
