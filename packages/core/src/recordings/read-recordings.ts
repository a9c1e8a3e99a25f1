import * as v from "valibot";
import type { HoldStore } from "../holds/ports";
import type { NotFound } from "../indexing/not-found";
import { cursorPosition, RoomCursorSchema } from "../indexing/room-cursor";
import { getView, listRoomPage, ROOM_LISTING } from "../indexing/room-listing";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import type { RawRequest } from "../query-values";
import { err, ok, type Result } from "../result";
import { RecordingSidSchema } from "../sids";
import type { RecordingStore } from "./ports";
import {
  RecordingStatusSchema,
  RecordingTypeSchema,
  type RecordingView,
  RecordingViewSchema,
  toRecordingView,
} from "./recording";

export type ReadDeps = { store: RecordingStore; holds: HoldStore };

export type ReadRejection = InvalidParameter | NotFound;

export const getRecording = async (
  deps: ReadDeps,
  recordingSid: string,
): Promise<Result<RecordingView, ReadRejection>> => {
  const sid = readParameters(RecordingSidSchema, recordingSid, "recordingSid");
  if (!sid.ok) return sid;
  const view = await getView(deps, recordingSid, toRecordingView);
  return view ? ok(view) : err({ kind: "not-found", resource: "recording", sid: recordingSid });
};

/** `GET /rooms/{roomSid}/recordings`: the room and the query string, checked in this order. */
export const RoomListingRequestSchema = v.pipe(
  v.object({
    ...ROOM_LISTING,
    status: v.optional(RecordingStatusSchema),
    type: v.optional(RecordingTypeSchema),
    cursor: v.optional(RoomCursorSchema),
  }),
  cursorPosition("recording"),
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
  const { after, status, type, ...page } = query.value;
  const { views, nextCursor } = await listRoomPage(
    deps,
    { ...page, ...(after && { after }), ...(status && { status }), ...(type && { type }) },
    toRecordingView,
  );
  return ok({ recordings: views, nextCursor });
};
