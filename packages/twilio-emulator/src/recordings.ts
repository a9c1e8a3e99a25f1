import type { Context } from "./context";
import { emitRecordingCompleted, emitRecordingFailed, emitRecordingStarted } from "./events";
import { mediaLength } from "./media-bytes";
import { allKept, findKept } from "./retention";
import { TWILIO_VIDEO_EPOCH_MS } from "./time";
import type { Codec, FailedOperation, Gap, MediaType, Participant, Recording, Room } from "./types";

export const defaultCodec = (type: MediaType, room: Room | undefined): Codec =>
  type === "video" ? (room?.videoCodecs[0] ?? "VP8") : "OPUS";

/** Looks a recording up, forgetting it once its 30 days as `deleted` are over. */
export const findRecording = (ctx: Context, sid: string): Recording | undefined =>
  findKept(ctx, ctx.state.recordings, sid);

/** Every recording still visible to the API (expired deleted ones are purged). */
export const visibleRecordings = (ctx: Context): Recording[] => allKept(ctx, ctx.state.recordings);

export interface TrackSpec {
  kind: MediaType;
  name?: string;
  codec?: Codec;
}

/** A participant published a track in a recording room: one `processing` recording. */
export const startRecording = (ctx: Context, room: Room, p: Participant, track: TrackSpec): Recording => {
  const now = ctx.now();
  const sourceSid = ctx.sid("MT");
  const rec: Recording = {
    sid: ctx.sid("RT"),
    roomSid: room.sid,
    participantSid: p.sid,
    participantIdentity: p.identity,
    sourceSid,
    trackName: track.name ?? sourceSid,
    type: track.kind,
    codec: track.codec ?? defaultCodec(track.kind, room),
    status: "processing",
    createdAt: now,
    completedAt: null,
    deletedAt: null,
    size: null,
    duration: null,
    gap: null,
    offset: now - TWILIO_VIDEO_EPOCH_MS,
    statusCallback: room.statusCallback,
    statusCallbackMethod: room.statusCallbackMethod,
  };
  ctx.state.recordings.set(rec.sid, rec);
  emitRecordingStarted(ctx, room, rec);
  return rec;
};

export interface Completion {
  size?: number;
  duration?: number;
  gap?: Gap;
}

/** Seconds since the recording began, as Twilio rounds them (a sub-second track reports 1). */
export const elapsedSeconds = (ctx: Context, rec: Recording): number =>
  Math.max(1, Math.round((ctx.now() - rec.createdAt) / 1000));

/**
 * The media becomes available: supplied bytes when a caller put some, else
 * generated media lasting `duration` (default: the elapsed time), of `size`
 * bytes when given (padded or cut, see media-bytes.ts).
 */
export const completeRecording = (ctx: Context, rec: Recording, done: Completion = {}): void => {
  const duration = done.duration ?? elapsedSeconds(ctx, rec);
  const gap = done.gap ?? null;
  rec.status = "completed";
  rec.completedAt = ctx.now();
  rec.duration = duration;
  rec.gap = gap;
  rec.size =
    ctx.uploads.get(rec.sid)?.size ??
    done.size ??
    mediaLength({ sid: rec.sid, codec: rec.codec, duration, gap });
  const room = ctx.state.rooms.get(rec.roomSid);
  if (room) emitRecordingCompleted(ctx, room, rec);
};

export const failRecording = (ctx: Context, rec: Recording, op: FailedOperation): void => {
  rec.status = "failed";
  rec.size = 0;
  const room = ctx.state.rooms.get(rec.roomSid);
  if (room) emitRecordingFailed(ctx, room, rec, op);
};

/** DELETE: media gone at once, metadata kept for 30 days. */
export const deleteRecording = (ctx: Context, rec: Recording): void => {
  rec.status = "deleted";
  rec.deletedAt = ctx.now();
  ctx.uploads.forget(rec.sid);
};

/** Recordings of one participant (or a whole room) still being captured. */
export const processingOf = (ctx: Context, match: (rec: Recording) => boolean): Recording[] =>
  [...ctx.state.recordings.values()].filter((r) => r.status === "processing" && match(r));
