import * as v from "valibot";
import type { HoldStore } from "../holds/ports";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import { integerRange, queryNumber, type RawRequest } from "../query-values";
import { err, ok, type Result } from "../result";
import { RecordingSidSchema, RoomSidSchema } from "../sids";
import type { RecordingStore } from "./ports";
import {
  RecordingStatusSchema,
  RecordingTypeSchema,
  type RecordingView,
  RecordingViewSchema,
  toRecordingView,
} from "./recording";
import { cursorPosition, encodeRoomCursor, RoomCursorSchema } from "./room-cursor";

export type ReadDeps = { store: RecordingStore; holds: HoldStore };

export type ReadRejection = InvalidParameter | { kind: "not-found"; sid: string };

export const getRecording = async (
  deps: ReadDeps,
  recordingSid: string,
): Promise<Result<RecordingView, ReadRejection>> => {
  const sid = readParameters(RecordingSidSchema, recordingSid, "recordingSid");
  if (!sid.ok) return sid;
  const stored = await deps.store.get(recordingSid);
  if (!stored) return err({ kind: "not-found", sid: recordingSid });
  const { roomSid } = stored.state;
  const held = roomSid !== null && (await deps.holds.isHeld(roomSid));
  return ok(toRecordingView(stored.state, held));
};

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
const LIMIT_MESSAGE = `must be an integer from 1 to ${MAX_PAGE_SIZE}`;

/** `GET /rooms/{roomSid}/recordings`: the room and the query string, checked in this order. */
export const RoomListingRequestSchema = v.pipe(
  v.object({
    roomSid: RoomSidSchema,
    limit: queryNumber(integerRange(1, MAX_PAGE_SIZE, LIMIT_MESSAGE), {
      fallback: DEFAULT_PAGE_SIZE,
      message: LIMIT_MESSAGE,
    }),
    status: v.optional(RecordingStatusSchema),
    type: v.optional(RecordingTypeSchema),
    cursor: v.optional(RoomCursorSchema),
  }),
  cursorPosition(),
);

export type RoomListingRequest = RawRequest<typeof RoomListingRequestSchema, "roomSid">;

/** A page of a room's recordings, oldest first. */
export const RoomListingSchema = v.strictObject({
  recordings: v.array(RecordingViewSchema),
  nextCursor: v.nullable(v.string()),
});
export type RoomListing = v.InferOutput<typeof RoomListingSchema>;

export const listRoomRecordings = async (
  deps: ReadDeps,
  request: RoomListingRequest,
): Promise<Result<RoomListing, InvalidParameter>> => {
  const query = readParameters(RoomListingRequestSchema, request);
  if (!query.ok) return query;
  const { roomSid, limit, after, status, type } = query.value;
  // One more than asked tells whether a next page exists without handing out an empty one.
  const [page, held] = await Promise.all([
    deps.store.listByRoom(roomSid, {
      limit: limit + 1,
      ...(after && { after }),
      ...(status && { status }),
      ...(type && { type }),
    }),
    deps.holds.isHeld(roomSid),
  ]);
  const recordings = page.slice(0, limit);
  const last = recordings.at(-1);
  const nextCursor =
    page.length > limit && last
      ? encodeRoomCursor(roomSid, { dateCreated: last.dateCreated, sid: last.sid })
      : null;
  return ok({ recordings: recordings.map((state) => toRecordingView(state, held)), nextCursor });
};
