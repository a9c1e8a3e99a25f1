import * as v from "valibot";
import type { ArchiveLinks } from "../archive/ports";
import { everyInRoom } from "../indexing/every-in-room";
import { WholeSchema } from "../indexing/schema";
import type { JobQueue } from "../jobs/ports";
import { linkWindow } from "../media/media-link";
import { MAX_TTL_SECONDS } from "../media/media-link-request";
import { presignRendition } from "../media/playable-link";
import type { RecordingStore } from "../recordings/ports";
import type { RecordingState } from "../recordings/recording";
import { mediaKindOf } from "../renditions/participant-tracks";
import type { QueueUnavailable } from "../renditions/queue-once";
import { trackRendition } from "../renditions/rendition";
import { requestRendition } from "../renditions/request-rendition";
import { err, ok, type Result } from "../result";
import { forEachBounded } from "../retention/bounded";
import { RecordingSidSchema, RoomSidSchema, sidSchema } from "../sids";

/** One track of a room's playback: its playable link and its place on the room's timeline. */
export const PlaybackTrackSchema = v.strictObject({
  recordingSid: RecordingSidSchema,
  participantSid: v.nullable(sidSchema("participant")),
  participantIdentity: v.nullable(v.string()),
  type: v.picklist(["audio", "video"]),
  /** Where the track begins, in ms from the room's earliest track. */
  startMs: WholeSchema,
  durationMs: WholeSchema,
  url: v.pipe(v.string(), v.url()),
  contentType: v.string(),
});
export type PlaybackTrack = v.InferOutput<typeof PlaybackTrackSchema>;

/** A room's playback manifest, as `GET /rooms/{roomSid}/playback` and the player read it. */
export const PlaybackSchema = v.strictObject({
  roomSid: RoomSidSchema,
  roomName: v.nullable(v.string()),
  /** From the earliest track's start to the latest track's end. */
  durationMs: WholeSchema,
  /** When the links stop working (for a shared player, when the share link does). */
  expiresAt: v.pipe(v.string(), v.isoTimestamp()),
  /** In the order they start. */
  tracks: v.array(PlaybackTrackSchema),
  /** Tracks whose rendition is still being made (their jobs queued), or still recording. */
  pending: v.array(RecordingSidSchema),
});
export type Playback = v.InferOutput<typeof PlaybackSchema>;

export type PlaybackDeps = {
  recordings: RecordingStore;
  archive: ArchiveLinks;
  jobs: JobQueue;
  clock: () => Date;
};

// A large room's first read queues many renditions: one claim and one enqueue each, overlapped.
const RENDITIONS_QUEUED_AT_ONCE = 8;

export type PlaybackRejection = { kind: "room-without-recordings"; roomSid: string } | QueueUnavailable;

/**
 * Every audio and video track of a room as the player needs it: a link to its rendition and its
 * start on the room's timeline, which is its `offset` plus its media's first timestamp, counted
 * from the earliest track's. Tracks without a rendition yet have one queued and are listed as
 * pending, as are those still recording. Tracks that can have none (failed, deleted without a
 * copy, media no rendition carries) are left out.
 *
 * Links last `ttl` seconds (at most an hour, as every media link) and never past `until` (a share
 * link's expiry), which the manifest states as its `expiresAt` when given.
 */
export const roomPlayback = async (
  deps: PlaybackDeps,
  room: { roomSid: string; ttl: number; until?: Date },
): Promise<Result<Playback, PlaybackRejection>> => {
  const { roomSid } = room;
  const recordings = await everyInRoom(deps.recordings, roomSid);
  if (recordings.length === 0) return err({ kind: "room-without-recordings", roomSid });
  const started = deps.clock();
  const secondsLeft = room.until ? Math.floor((room.until.getTime() - started.getTime()) / 1000) : room.ttl;
  const ttl = Math.max(1, Math.min(room.ttl, secondsLeft, MAX_TTL_SECONDS));
  const { issuedAt, expiresAt } = linkWindow(started, ttl);

  const placed: (Omit<PlaybackTrack, "startMs"> & { atMs: number })[] = [];
  const pending: string[] = [];
  const toMake: string[] = [];
  for (const recording of recordings) {
    const type = mediaKindOf(recording);
    if (type === null) continue;
    const { playable, playableSpan } = recording;
    if (playable !== null) {
      const url = await presignRendition(deps.archive, playable, { ttl, disposition: "inline", issuedAt });
      placed.push({
        recordingSid: recording.sid,
        participantSid: recording.participantSid,
        participantIdentity: recording.participantIdentity,
        type,
        atMs: (recording.offset ?? 0) + (playableSpan?.startMs ?? 0),
        durationMs: playableSpan?.durationMs ?? (recording.duration ?? 0) * 1000,
        url,
        contentType: playable.contentType,
      });
    } else if (recording.status === "processing") pending.push(recording.sid);
    else if (canBeMadePlayable(recording)) {
      toMake.push(recording.sid);
      pending.push(recording.sid);
    }
  }
  let refused: QueueUnavailable | undefined;
  await forEachBounded(
    toMake,
    RENDITIONS_QUEUED_AT_ONCE,
    () => refused === undefined,
    async (sid) => {
      const queued = await requestRendition(deps, sid);
      if (!queued.ok) refused = queued.error;
    },
  );
  if (refused) return err(refused);
  const origin = Math.min(...placed.map((track) => track.atMs));
  const tracks = placed
    .map(({ atMs, ...track }) => ({ ...track, startMs: atMs - origin }))
    .sort((a, b) => a.startMs - b.startMs);
  return ok({
    roomSid,
    roomName: recordings.find((recording) => recording.roomName !== null)?.roomName ?? null,
    durationMs: Math.max(0, ...tracks.map((track) => track.startMs + track.durationMs)),
    expiresAt: room.until?.toISOString() ?? expiresAt,
    tracks,
    pending,
  });
};

const canBeMadePlayable = (recording: RecordingState): boolean =>
  recording.unplayable === null &&
  trackRendition(recording.codec).ok &&
  (recording.status === "completed" || recording.archive !== null);
