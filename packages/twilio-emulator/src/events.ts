import type { Context } from "./context";
import { containerOf, roomDuration } from "./serialize";
import { isoMicros } from "./time";
import type { FailedOperation, Participant, Recording, Room } from "./types";

// Builders for the status callbacks of a room, with the parameters Twilio
// documents per event. Nothing is sent when the room has no StatusCallback.

const send = (ctx: Context, room: Room, event: string, params: Record<string, string>): void => {
  if (room.statusCallback === null) return;
  ctx.callbacks.send({
    roomSid: room.sid,
    event,
    url: room.statusCallback,
    method: room.statusCallbackMethod,
    params,
  });
};

const roomParams = (ctx: Context, room: Room, event: string): Record<string, string> => {
  room.sequence += 1;
  return {
    AccountSid: ctx.creds.accountSid,
    RoomSid: room.sid,
    RoomName: room.uniqueName,
    RoomType: room.type,
    RoomStatus: room.status,
    StatusCallbackEvent: event,
    Timestamp: isoMicros(ctx.now()),
    SequenceNumber: String(room.sequence - 1),
  };
};

export const emitRoomCreated = (ctx: Context, room: Room): void =>
  send(ctx, room, "room-created", roomParams(ctx, room, "room-created"));

export const emitRoomEnded = (ctx: Context, room: Room): void =>
  send(ctx, room, "room-ended", {
    ...roomParams(ctx, room, "room-ended"),
    RoomDuration: String(roomDuration(room) ?? 0),
  });

export const emitParticipant = (
  ctx: Context,
  room: Room,
  p: Participant,
  event: "participant-connected" | "participant-disconnected",
): void => {
  const params = {
    ...roomParams(ctx, room, event),
    ParticipantSid: p.sid,
    ParticipantIdentity: p.identity,
    ParticipantStatus: p.status,
  };
  if (p.disconnectedAt !== null) {
    Object.assign(params, {
      ParticipantDuration: String(Math.round((p.disconnectedAt - p.connectedAt) / 1000)),
    });
  }
  send(ctx, room, event, params);
};

type RecordingEvent = "recording-started" | "recording-completed" | "recording-failed";

/** The documented parameters of every `recording-*` event (no `TrackSid`, no `RoomStatus`). */
const recordingParams = (
  ctx: Context,
  room: Room,
  rec: Recording,
  event: RecordingEvent,
): Record<string, string> => ({
  AccountSid: ctx.creds.accountSid,
  RoomSid: room.sid,
  RoomName: room.uniqueName,
  RoomType: room.type,
  StatusCallbackEvent: event,
  Timestamp: isoMicros(ctx.now()),
  RecordingSid: rec.sid,
  ParticipantSid: rec.participantSid,
  ParticipantIdentity: rec.participantIdentity,
  SourceSid: rec.sourceSid,
  TrackName: rec.trackName,
  Type: rec.type,
  Container: containerOf(rec),
  Codec: rec.codec.toLowerCase(),
  RecordingUri: `/v1/Recordings/${rec.sid}`,
  OffsetFromTwilioVideoEpoch: String(rec.offset),
});

export const emitRecordingStarted = (ctx: Context, room: Room, rec: Recording): void =>
  send(ctx, room, "recording-started", recordingParams(ctx, room, rec, "recording-started"));

/** `MediaExternalLocation` is left out: the emulator has no external S3 storage. */
export const emitRecordingCompleted = (ctx: Context, room: Room, rec: Recording): void =>
  send(ctx, room, "recording-completed", {
    ...recordingParams(ctx, room, rec, "recording-completed"),
    MediaUri: `/v1/Recordings/${rec.sid}/Media`,
    Duration: String(rec.duration ?? 0),
    Size: String(rec.size ?? 0),
  });

export const emitRecordingFailed = (ctx: Context, room: Room, rec: Recording, op: FailedOperation): void =>
  send(ctx, room, "recording-failed", {
    ...recordingParams(ctx, room, rec, "recording-failed"),
    FailedOperation: op,
  });
