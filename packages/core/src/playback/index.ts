// Room playback: every track of a room on one timeline, and links that share it without credentials.

export {
  type Playback,
  type PlaybackDeps,
  type PlaybackRejection,
  PlaybackSchema,
  PlaybackTrackSchema,
  roomPlayback,
} from "./room-playback";
export {
  DEFAULT_SHARE_TTL_SECONDS,
  type InvalidShareLink,
  MAX_SHARE_TTL_SECONDS,
  MIN_SHARE_TTL_SECONDS,
  ShareAskSchema,
  type SharedQuery,
  type ShareLink,
  ShareLinkSchema,
  shareLink,
  verifySharedQuery,
} from "./share-link";
export {
  OPERATOR_PLAYER_TTL_SECONDS,
  operatorPlayerLink,
  type PlaybackRequest,
  PlaybackRequestSchema,
  readRoomPlayback,
  readSharedPlayback,
  type ShareDeps,
  shareRoom,
} from "./share-room";
