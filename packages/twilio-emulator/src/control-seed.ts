import type { Context } from "./context";
import { type Checked, Fields, type JsonObject, parseGap } from "./control-input";
import { isSid } from "./ids";
import { mediaLength } from "./media-bytes";
import { defaultCodec } from "./recordings";
import { openRoom } from "./rooms";
import { parseDateTime, TWILIO_VIDEO_EPOCH_MS } from "./time";
import { CODECS, MEDIA_TYPES, RECORDING_STATUSES, type Recording, type Room } from "./types";

/**
 * `POST /_emulator/recordings`: puts a recording straight into the store, with
 * no callback. An unknown `roomSid` gets a completed room of that SID (created
 * silently), so tests can seed history for rooms the emulator never saw.
 */
export const seedRecording = (ctx: Context, body: JsonObject): Checked<Recording> => {
  const f = new Fields(body);
  const roomSidIn = f.string("roomSid", (s) => isSid(s, "RM"), "a room SID (RM + 32 hex)");
  const participantSid = f.string("participantSid", (s) => isSid(s, "PA"), "a participant SID (PA + 32 hex)");
  const sourceSidIn = f.string("sourceSid", (s) => isSid(s), "a SID (2 letters + 32 hex)");
  const type = f.oneOf("type", MEDIA_TYPES) ?? "audio";
  const status = f.oneOf("status", RECORDING_STATUSES) ?? "completed";
  const codecIn = f.oneOf("codec", CODECS);
  const dateIn = f.string("dateCreated", (s) => parseDateTime(s) !== null, "an ISO 8601 date-time");
  const deletedIn = f.string("dateDeleted", (s) => parseDateTime(s) !== null, "an ISO 8601 date-time");
  const sizeIn = f.integer("size", 0);
  const durationIn = f.integer("duration", 0, 24 * 3600);
  const trackName = f.string("trackName");
  const identity = f.string("participantIdentity");
  const gapIn = f.object("gap");
  if (f.error !== null) return { ok: false, reason: f.error };
  const finished = status === "completed" || status === "deleted";
  const duration = durationIn ?? (finished ? 10 : null);
  const gap = parseGap(gapIn, duration ?? 0);
  if (!gap.ok) return gap;

  const now = ctx.now();
  const createdAt = dateOr(dateIn, now);
  const room = seedRoom(ctx, roomSidIn, createdAt);
  const sourceSid = sourceSidIn ?? ctx.sid("MT");
  const sid = ctx.sid("RT");
  const codec = codecIn ?? defaultCodec(type, room);
  const rec: Recording = {
    sid,
    roomSid: room.sid,
    participantSid: participantSid ?? ctx.sid("PA"),
    participantIdentity: identity ?? "seeded",
    sourceSid,
    trackName: trackName ?? sourceSid,
    type,
    codec,
    status,
    createdAt,
    completedAt: finished ? Math.min(now, createdAt + (duration ?? 0) * 1000) : null,
    deletedAt: status === "deleted" ? dateOr(deletedIn, now) : null,
    size:
      sizeIn ??
      (finished
        ? mediaLength({ sid, codec, duration: duration ?? 0, gap: gap.value ?? null })
        : status === "failed"
          ? 0
          : null),
    duration,
    gap: gap.value ?? null,
    offset: createdAt - TWILIO_VIDEO_EPOCH_MS,
    statusCallback: room.statusCallback,
    statusCallbackMethod: room.statusCallbackMethod,
  };
  ctx.state.recordings.set(rec.sid, rec);
  return { ok: true, value: rec };
};

/** A checked date-time field of a seed (epoch ms), or the fallback when absent. */
export const dateOr = (raw: string | undefined, fallback: number): number =>
  raw === undefined ? fallback : (parseDateTime(raw) as number);

/**
 * The room a seeded resource belongs to: the one named when the emulator
 * knows it, else a completed room of that SID (or of a new one), made silently.
 */
export const seedRoom = (ctx: Context, roomSid: string | undefined, createdAt: number): Room =>
  (roomSid === undefined ? undefined : ctx.state.rooms.get(roomSid)) ??
  closedRoom(ctx, roomSid ?? ctx.sid("RM"), createdAt);

const closedRoom = (ctx: Context, sid: string, createdAt: number) => {
  const room = openRoom(ctx, { sid, recordParticipantsOnConnect: true }, { silent: true });
  room.createdAt = createdAt;
  room.status = "completed";
  room.endedAt = Math.max(createdAt, ctx.now());
  room.updatedAt = room.endedAt;
  return room;
};
