import * as v from "valibot";
import type { HoldStore } from "../holds/ports";
import type { NotFound } from "../indexing/not-found";
import { cursorPosition, RoomCursorSchema } from "../indexing/room-cursor";
import { getView, listRoomPage, ROOM_LISTING } from "../indexing/room-listing";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import type { RawRequest } from "../query-values";
import { err, ok, type Result } from "../result";
import {
  CompositionSidSchema,
  CompositionStatusSchema,
  type CompositionView,
  CompositionViewSchema,
  toCompositionView,
} from "./composition";
import type { CompositionStore } from "./ports";

export type CompositionReadDeps = { compositions: CompositionStore; holds: HoldStore };

/** `GET /compositions/{compositionSid}`. */
export const getComposition = async (
  deps: CompositionReadDeps,
  compositionSid: string,
): Promise<Result<CompositionView, InvalidParameter | NotFound>> => {
  const sid = readParameters(CompositionSidSchema, compositionSid, "compositionSid");
  if (!sid.ok) return sid;
  const view = await getView(
    { store: deps.compositions, holds: deps.holds },
    compositionSid,
    toCompositionView,
  );
  return view ? ok(view) : err({ kind: "not-found", resource: "composition", sid: compositionSid });
};

/** `GET /rooms/{roomSid}/compositions`: the room and the query string, checked in this order. */
export const CompositionListingRequestSchema = v.pipe(
  v.object({
    ...ROOM_LISTING,
    status: v.optional(CompositionStatusSchema),
    cursor: v.optional(RoomCursorSchema),
  }),
  cursorPosition("composition"),
);

export type CompositionListingRequest = RawRequest<typeof CompositionListingRequestSchema, "roomSid">;

/** A page of a room's compositions, oldest first. */
export const CompositionListingSchema = v.strictObject({
  compositions: v.array(CompositionViewSchema),
  nextCursor: v.nullable(v.string()),
});
export type CompositionListing = v.InferOutput<typeof CompositionListingSchema>;

export const listRoomCompositions = async (
  deps: CompositionReadDeps,
  request: CompositionListingRequest,
): Promise<Result<CompositionListing, InvalidParameter>> => {
  const query = readParameters(CompositionListingRequestSchema, request);
  if (!query.ok) return query;
  const { after, status, ...page } = query.value;
  const { views, nextCursor } = await listRoomPage(
    { store: deps.compositions, holds: deps.holds },
    { ...page, ...(after && { after }), ...(status && { status }) },
    toCompositionView,
  );
  return ok({ compositions: views, nextCursor });
};
