import * as v from "valibot";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import { LINK_QUERY } from "../media/media-link-request";
import type { RawRequest } from "../query-values";
import type { RecordingStore } from "../recordings/ports";
import { err, ok, type Result } from "../result";
import { RoomSidSchema } from "../sids";
import { type Playback, type PlaybackDeps, type PlaybackRejection, roomPlayback } from "./room-playback";
import {
  type InvalidShareLink,
  readShareAsk,
  type SharedQuery,
  type ShareLink,
  shareLink,
  verifySharedQuery,
} from "./share-link";

/** `GET /rooms/{roomSid}/playback`: the room and how long its links last. */
export const PlaybackRequestSchema = v.object({ roomSid: RoomSidSchema, ttl: LINK_QUERY.ttl });
export type PlaybackRequest = RawRequest<typeof PlaybackRequestSchema, "roomSid">;

/** The room's playback for a caller with the API token. */
export const readRoomPlayback = async (
  deps: PlaybackDeps,
  raw: PlaybackRequest,
): Promise<Result<Playback, PlaybackRejection | InvalidParameter>> => {
  const request = readParameters(PlaybackRequestSchema, raw, "query");
  return request.ok ? roomPlayback(deps, request.value) : request;
};

export type ShareDeps = {
  recordings: Pick<RecordingStore, "listByRoom">;
  /** `ShareSigningKey`. */
  signingKey: string;
  /** Where the API is reached from outside, which the link points at. */
  baseUrl: string;
  clock: () => Date;
};

/** A link to the room's player that works without credentials for the body's `ttl` seconds. */
export const shareRoom = async (
  deps: ShareDeps,
  roomSid: string,
  body: string,
): Promise<Result<ShareLink, InvalidParameter | PlaybackRejection>> => {
  const room = readParameters(v.object({ roomSid: RoomSidSchema }), { roomSid });
  if (!room.ok) return room;
  const ask = readShareAsk(body);
  if (!ask.ok) return ask;
  return shareFor(deps, roomSid, ask.value.ttl);
};

/** How long the link lasts that opens the player for a caller with the API token. */
export const OPERATOR_PLAYER_TTL_SECONDS = 3600;

/** `GET /rooms/{roomSid}/player`: a share link made on the fly, an hour long, to redirect an operator to. */
export const operatorPlayerLink = async (
  deps: ShareDeps,
  roomSid: string,
): Promise<Result<ShareLink, InvalidParameter | PlaybackRejection>> => {
  const room = readParameters(v.object({ roomSid: RoomSidSchema }), { roomSid });
  if (!room.ok) return room;
  return shareFor(deps, roomSid, OPERATOR_PLAYER_TTL_SECONDS);
};

const shareFor = async (
  deps: ShareDeps,
  roomSid: string,
  ttl: number,
): Promise<Result<ShareLink, PlaybackRejection>> => {
  if ((await deps.recordings.listByRoom(roomSid, { limit: 1 })).length === 0)
    return err({ kind: "room-without-recordings", roomSid });
  return ok(shareLink(deps.signingKey, { baseUrl: deps.baseUrl, roomSid, ttl }, deps.clock()));
};

/**
 * The shared room's playback, for whoever holds a share link: its links last until the share
 * link expires, an hour at most at a time (the player asks again).
 */
export const readSharedPlayback = async (
  deps: PlaybackDeps & { signingKey: string },
  query: SharedQuery,
): Promise<Result<Playback, InvalidShareLink | InvalidParameter | PlaybackRejection>> => {
  const shared = verifySharedQuery(deps.signingKey, query, deps.clock());
  if (!shared.ok) return shared;
  const { roomSid, expiresAt } = shared.value;
  return roomPlayback(deps, { roomSid, ttl: Number.POSITIVE_INFINITY, until: expiresAt });
};
