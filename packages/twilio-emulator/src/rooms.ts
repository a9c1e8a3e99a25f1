import { runHooks } from "./composition-hooks";
import type { Context } from "./context";
import { emitParticipant, emitRoomCreated, emitRoomEnded } from "./events";
import { completeRecording, processingOf, startRecording, type TrackSpec } from "./recordings";
import type { CallbackMethod, Participant, Room, RoomType } from "./types";

export interface RoomSpec {
  sid?: string;
  uniqueName?: string;
  type?: RoomType;
  recordParticipantsOnConnect?: boolean;
  statusCallback?: string | null;
  statusCallbackMethod?: CallbackMethod;
  maxParticipants?: number;
  videoCodecs?: Array<"VP8" | "H264">;
  audioOnly?: boolean;
}

/** Rooms are addressed by SID, or by UniqueName while in progress (as Twilio allows). */
export const findRoom = (ctx: Context, sidOrName: string): Room | undefined => {
  const bySid = ctx.state.rooms.get(sidOrName);
  if (bySid) return bySid;
  for (const room of ctx.state.rooms.values()) {
    if (room.status === "in-progress" && room.uniqueName === sidOrName) return room;
  }
  return undefined;
};

export const openRoom = (ctx: Context, spec: RoomSpec, opts: { silent?: boolean } = {}): Room => {
  const now = ctx.now();
  const sid = spec.sid ?? ctx.sid("RM");
  const room: Room = {
    sid,
    uniqueName: spec.uniqueName ?? sid,
    type: spec.type ?? "group",
    status: "in-progress",
    createdAt: now,
    updatedAt: now,
    endedAt: null,
    recordParticipantsOnConnect: spec.recordParticipantsOnConnect ?? false,
    statusCallback: spec.statusCallback ?? null,
    statusCallbackMethod: spec.statusCallbackMethod ?? "POST",
    maxParticipants: spec.maxParticipants ?? (spec.type === "group-small" ? 4 : 50),
    videoCodecs: spec.videoCodecs ?? (spec.audioOnly ? [] : ["VP8"]),
    audioOnly: spec.audioOnly ?? false,
    sequence: 0,
  };
  ctx.state.rooms.set(sid, room);
  if (!opts.silent) emitRoomCreated(ctx, room);
  return room;
};

export const connectedCount = (ctx: Context, room: Room): number =>
  [...ctx.state.participants.values()].filter((p) => p.roomSid === room.sid && p.status === "connected")
    .length;

/** Connects a participant; in a recording room each published track starts a recording. */
export const connectParticipant = (
  ctx: Context,
  room: Room,
  identity: string,
  tracks: readonly TrackSpec[],
): { participant: Participant; recordingSids: string[] } => {
  const participant: Participant = {
    sid: ctx.sid("PA"),
    roomSid: room.sid,
    identity,
    status: "connected",
    connectedAt: ctx.now(),
    disconnectedAt: null,
  };
  ctx.state.participants.set(participant.sid, participant);
  emitParticipant(ctx, room, participant, "participant-connected");
  const recordingSids = room.recordParticipantsOnConnect
    ? tracks.map((t) => startRecording(ctx, room, participant, t).sid)
    : [];
  return { participant, recordingSids };
};

/** Leaving completes the participant's recordings, then `participant-disconnected`. */
export const disconnectParticipant = (ctx: Context, room: Room, p: Participant): string[] => {
  const done = processingOf(ctx, (r) => r.participantSid === p.sid);
  for (const rec of done) completeRecording(ctx, rec);
  p.status = "disconnected";
  p.disconnectedAt = ctx.now();
  emitParticipant(ctx, room, p, "participant-disconnected");
  return done.map((r) => r.sid);
};

/**
 * Ends a room: everyone leaves (completing their recordings), recordings left
 * without a connected participant complete too, then `room-ended`; then the
 * enabled Composition Hooks compose it.
 */
export const endRoom = (ctx: Context, room: Room): string[] => {
  const completed: string[] = [];
  for (const p of [...ctx.state.participants.values()]) {
    if (p.roomSid === room.sid && p.status === "connected")
      completed.push(...disconnectParticipant(ctx, room, p));
  }
  for (const rec of processingOf(ctx, (r) => r.roomSid === room.sid)) {
    completeRecording(ctx, rec);
    completed.push(rec.sid);
  }
  const now = ctx.now();
  room.status = "completed";
  room.endedAt = now;
  room.updatedAt = now;
  emitRoomEnded(ctx, room);
  runHooks(ctx, room);
  return completed;
};
