import type { HoldStore } from "../holds/ports";
import { type InvalidParameter, invalidParameter as invalid } from "../invalid-parameter";
import { err, ok, type Result } from "../result";
import { isSid } from "../sids";
import type { RecordingStore, RoomPosition } from "./ports";
import { RECORDING_STATUSES, RECORDING_TYPES, type RecordingStatus, type RecordingType } from "./recording";
import { type RecordingView, toRecordingView } from "./recording-view";
import { decodeRoomCursor, encodeRoomCursor } from "./room-cursor";

export type ReadDeps = { store: RecordingStore; holds: HoldStore };

export type ReadRejection = InvalidParameter | { kind: "not-found"; sid: string };

export const getRecording = async (
  deps: ReadDeps,
  recordingSid: string,
): Promise<Result<RecordingView, ReadRejection>> => {
  if (!isSid("recording", recordingSid)) return invalid("recordingSid", "is not a recording SID (RT…)");
  const stored = await deps.store.get(recordingSid);
  if (!stored) return err({ kind: "not-found", sid: recordingSid });
  const { roomSid } = stored.state;
  const held = roomSid !== null && (await deps.holds.isHeld(roomSid));
  return ok(toRecordingView(stored.state, held));
};

/** Query string values as the caller sent them. */
export type RoomListingRequest = {
  roomSid: string;
  limit?: string | undefined;
  cursor?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
};

export type RoomListing = { recordings: RecordingView[]; nextCursor: string | null };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export const listRoomRecordings = async (
  deps: ReadDeps,
  request: RoomListingRequest,
): Promise<Result<RoomListing, InvalidParameter>> => {
  const query = readRoomQuery(request);
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

type RoomQuery = {
  roomSid: string;
  limit: number;
  after: RoomPosition | undefined;
  status: RecordingStatus | undefined;
  type: RecordingType | undefined;
};

const readRoomQuery = (request: RoomListingRequest): Result<RoomQuery, InvalidParameter> => {
  const { roomSid } = request;
  if (!isSid("room", roomSid)) return invalid("roomSid", "is not a room SID (RM…)");
  const limit = request.limit === undefined ? DEFAULT_PAGE_SIZE : Number(request.limit);
  if (
    !/^\d+$/.test(request.limit ?? "0") ||
    !Number.isSafeInteger(limit) ||
    limit < 1 ||
    limit > MAX_PAGE_SIZE
  ) {
    return invalid("limit", `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const status = request.status;
  if (status !== undefined && !isOneOf(RECORDING_STATUSES, status)) {
    return invalid("status", `must be one of ${RECORDING_STATUSES.join(", ")}`);
  }
  const type = request.type;
  if (type !== undefined && !isOneOf(RECORDING_TYPES, type)) {
    return invalid("type", `must be one of ${RECORDING_TYPES.join(", ")}`);
  }
  const after = request.cursor === undefined ? undefined : decodeRoomCursor(roomSid, request.cursor);
  if (after === null) return invalid("cursor", "is not a cursor this room's listing issued");
  return ok({ roomSid, limit, after, status, type });
};

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);
