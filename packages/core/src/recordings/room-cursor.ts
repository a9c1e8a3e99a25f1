import * as v from "valibot";
import { isSid } from "../sids";
import { normalizeTimestamp } from "../timestamps";
import type { RoomPosition } from "./ports";

// Opaque to callers; bound to its room so it cannot page through another one.
const CursorSchema = v.object({ room: v.string(), dateCreated: v.string(), sid: v.string() });

export const encodeRoomCursor = (roomSid: string, position: RoomPosition): string =>
  Buffer.from(JSON.stringify({ room: roomSid, ...position }), "utf8").toString("base64url");

/** The position a cursor names, or null when it is not one this room's listing issued. */
export const decodeRoomCursor = (roomSid: string, cursor: string): RoomPosition | null => {
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = v.safeParse(CursorSchema, json);
  if (!parsed.success) return null;
  const { room, dateCreated, sid } = parsed.output;
  const valid =
    room === roomSid && isSid("recording", sid) && normalizeTimestamp(dateCreated) === dateCreated;
  return valid ? { dateCreated, sid } : null;
};
