import type { Context } from "./context";
import { Fields, type JsonObject, parseGap } from "./control-input";
import { type EmuResponse, json } from "./http-types";
import {
  completeRecording,
  elapsedSeconds,
  failRecording,
  findRecording,
  type TrackSpec,
} from "./recordings";
import { connectedCount, connectParticipant, disconnectParticipant, endRoom, findRoom } from "./rooms";
import { recordingJson, roomJson } from "./serialize";
import { CODECS, FAILED_OPERATIONS, MEDIA_TYPES } from "./types";

// Controls that play what Twilio's media servers would do: participants join
// and leave, recordings finish or fail, rooms end.

export const controlError = (status: number, reason: string): EmuResponse => json(status, { error: reason });

const parseTracks = (raw: unknown[] | undefined): TrackSpec[] | string => {
  const tracks: TrackSpec[] = [];
  for (const [i, t] of (raw ?? []).entries()) {
    if (typeof t !== "object" || t === null || Array.isArray(t)) return `tracks[${i}] must be an object`;
    const f = new Fields(t as JsonObject);
    const kind = f.oneOf("kind", MEDIA_TYPES);
    const name = f.string("name", (s) => s.length > 0 && s.length <= 128, "a string of 1 to 128 characters");
    const codec = f.oneOf("codec", CODECS);
    if (f.error !== null) return `tracks[${i}]: ${f.error}`;
    if (kind === undefined) return `tracks[${i}].kind is required`;
    tracks.push({ kind, ...(name === undefined ? {} : { name }), ...(codec === undefined ? {} : { codec }) });
  }
  return tracks;
};

export const addParticipant = (ctx: Context, roomId: string, body: JsonObject): EmuResponse => {
  const room = findRoom(ctx, roomId);
  if (!room) return controlError(404, `no room ${roomId}`);
  if (room.status !== "in-progress") return controlError(409, `room ${room.sid} is ${room.status}`);
  if (connectedCount(ctx, room) >= room.maxParticipants) return controlError(409, "room is full");
  const f = new Fields(body);
  const identity = f.string(
    "identity",
    (s) => s.length > 0 && s.length <= 256,
    "a string of 1 to 256 characters",
  );
  const tracks = parseTracks(f.array("tracks"));
  if (f.error !== null) return controlError(400, f.error);
  if (identity === undefined) return controlError(400, "identity is required");
  if (typeof tracks === "string") return controlError(400, tracks);
  const { participant, recordingSids } = connectParticipant(ctx, room, identity, tracks);
  return json(201, { participantSid: participant.sid, recordingSids });
};

export const removeParticipant = (ctx: Context, roomId: string, participantSid: string): EmuResponse => {
  const room = findRoom(ctx, roomId);
  const p = ctx.state.participants.get(participantSid);
  if (!room || !p || p.roomSid !== room.sid)
    return controlError(404, `no participant ${participantSid} in ${roomId}`);
  if (p.status !== "connected") return controlError(409, "participant already disconnected");
  return json(200, { participantSid: p.sid, completedRecordingSids: disconnectParticipant(ctx, room, p) });
};

export const finishRoom = (ctx: Context, roomId: string): EmuResponse => {
  const room = findRoom(ctx, roomId);
  if (!room) return controlError(404, `no room ${roomId}`);
  if (room.status !== "in-progress") return controlError(409, `room ${room.sid} is ${room.status}`);
  const completedRecordingSids = endRoom(ctx, room);
  return json(200, { room: roomJson(ctx, room), completedRecordingSids });
};

export const finishRecording = (ctx: Context, sid: string, body: JsonObject): EmuResponse => {
  const rec = findRecording(ctx, sid);
  if (!rec) return controlError(404, `no recording ${sid}`);
  const f = new Fields(body);
  const size = f.integer("size", 0);
  const duration = f.integer("duration", 0, 24 * 3600);
  const gapIn = f.object("gap");
  if (f.error !== null) return controlError(400, f.error);
  const gap = parseGap(gapIn, duration ?? elapsedSeconds(ctx, rec));
  if (!gap.ok) return controlError(400, gap.reason);
  if (rec.status !== "processing") return controlError(409, `recording ${sid} is ${rec.status}`);
  completeRecording(ctx, rec, {
    ...(size === undefined ? {} : { size }),
    ...(duration === undefined ? {} : { duration }),
    ...(gap.value === undefined ? {} : { gap: gap.value }),
  });
  return json(200, recordingJson(ctx, rec));
};

export const breakRecording = (ctx: Context, sid: string, body: JsonObject): EmuResponse => {
  const rec = findRecording(ctx, sid);
  if (!rec) return controlError(404, `no recording ${sid}`);
  const f = new Fields(body);
  const op = f.oneOf("failedOperation", FAILED_OPERATIONS) ?? "RecordingComplete";
  if (f.error !== null) return controlError(400, f.error);
  if (rec.status !== "processing") return controlError(409, `recording ${sid} is ${rec.status}`);
  failRecording(ctx, rec, op);
  return json(200, recordingJson(ctx, rec));
};
