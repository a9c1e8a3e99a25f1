import * as v from "valibot";
import { isSid, type SidKind } from "../sids";
import { normalizeTimestamp } from "../timestamps";
import type { RoomPosition } from "./ports";

const NOT_ISSUED = "is not a cursor this room's listing issued";

/** A cursor as callers hold it: opaque, URL-safe text. */
export const RoomCursorSchema = v.pipe(
  v.string(NOT_ISSUED),
  v.maxLength(512, NOT_ISSUED),
  v.regex(/^[A-Za-z0-9_-]+$/, NOT_ISSUED),
  v.description("nextCursor of the previous page"),
);

// Opaque to callers; bound to its room so it cannot page through another one.
const CursorSchema = v.pipe(
  v.string(),
  v.parseJson(),
  v.object({ room: v.string(), dateCreated: v.string(), sid: v.string() }),
);

export const encodeRoomCursor = (roomSid: string, position: RoomPosition): string =>
  Buffer.from(JSON.stringify({ room: roomSid, ...position }), "utf8").toString("base64url");

/**
 * The position a cursor (one `RoomCursorSchema` let through) names, or null when it is not one this
 * room's listing of this kind issued (a cursor of its recordings does not page its compositions).
 */
const decodeRoomCursor = (kind: SidKind, roomSid: string, cursor: string): RoomPosition | null => {
  const parsed = v.safeParse(CursorSchema, Buffer.from(cursor, "base64url").toString("utf8"));
  if (!parsed.success) return null;
  const { room, dateCreated, sid } = parsed.output;
  const valid = room === roomSid && isSid(kind, sid) && normalizeTimestamp(dateCreated) === dateCreated;
  return valid ? { dateCreated, sid } : null;
};

/**
 * A room query's last step: its `cursor` read into the position it names (`after`); a cursor this
 * room's listing did not issue is refused, naming `cursor`.
 */
export const cursorPosition = <Query extends { roomSid: string; cursor?: string | undefined }>(
  kind: SidKind,
) =>
  v.rawTransform<Query, Omit<Query, "cursor"> & { after: RoomPosition | undefined }>(
    ({ dataset, addIssue, NEVER }) => {
      const { cursor, ...query } = dataset.value;
      if (cursor === undefined) return { ...query, after: undefined };
      const after = decodeRoomCursor(kind, query.roomSid, cursor);
      if (after !== null) return { ...query, after };
      const input = dataset.value as Record<string, unknown>;
      addIssue({
        message: NOT_ISSUED,
        path: [{ type: "object", origin: "value", input, key: "cursor", value: cursor }],
      });
      return NEVER;
    },
  );
