import type { Context } from "./context";
import { isoSeconds } from "./time";
import type { Recording, Room } from "./types";

/** Real payloads use lower-case codecs (`vp8`, `opus`) although the OpenAPI enum is upper case. */
const codecOut = (rec: Recording): string => rec.codec.toLowerCase();

export const containerOf = (rec: Pick<Recording, "type">): "mka" | "mkv" =>
  rec.type === "video" ? "mkv" : "mka";

/** What the account-wide and the room-scoped recording resources both carry. */
const sharedFields = (ctx: Context, rec: Recording): Record<string, unknown> => ({
  account_sid: ctx.creds.accountSid,
  status: rec.status,
  date_created: isoSeconds(rec.createdAt),
  sid: rec.sid,
  source_sid: rec.sourceSid,
  size: rec.size,
  type: rec.type,
  duration: rec.duration,
  container_format: containerOf(rec),
  codec: codecOut(rec),
});

/** `GET /v1/Recordings/{Sid}`: the `video.v1.recording` resource, Twilio's key order. */
export const recordingJson = (ctx: Context, rec: Recording): Record<string, unknown> => {
  const url = `${ctx.baseUrl}/v1/Recordings/${rec.sid}`;
  return {
    ...sharedFields(ctx, rec),
    track_name: rec.trackName,
    offset: rec.offset,
    status_callback: rec.statusCallback,
    status_callback_method: rec.statusCallbackMethod,
    grouping_sids: { room_sid: rec.roomSid, participant_sid: rec.participantSid },
    media_external_location: null,
    url,
    links: { media: `${url}/Media` },
  };
};

/** `GET /v1/Rooms/{RoomSid}/Recordings/{Sid}`: `video.v1.room.room_recording` (adds `room_sid`, no callback fields). */
export const roomRecordingJson = (ctx: Context, rec: Recording): Record<string, unknown> => {
  const url = `${ctx.baseUrl}/v1/Rooms/${rec.roomSid}/Recordings/${rec.sid}`;
  return {
    ...sharedFields(ctx, rec),
    grouping_sids: { room_sid: rec.roomSid, participant_sid: rec.participantSid },
    track_name: rec.trackName,
    offset: rec.offset,
    media_external_location: null,
    room_sid: rec.roomSid,
    url,
    links: { media: `${url}/Media` },
  };
};

/** Room duration in whole seconds, null while in progress (Twilio reports it once ended). */
export const roomDuration = (room: Room): number | null =>
  room.endedAt === null ? null : Math.max(0, Math.round((room.endedAt - room.createdAt) / 1000));

export const roomJson = (ctx: Context, room: Room): Record<string, unknown> => {
  const url = `${ctx.baseUrl}/v1/Rooms/${room.sid}`;
  return {
    sid: room.sid,
    status: room.status,
    date_created: isoSeconds(room.createdAt),
    date_updated: isoSeconds(room.updatedAt),
    account_sid: ctx.creds.accountSid,
    enable_turn: true,
    unique_name: room.uniqueName,
    status_callback: room.statusCallback,
    status_callback_method: room.statusCallbackMethod,
    end_time: room.endedAt === null ? null : isoSeconds(room.endedAt),
    duration: roomDuration(room),
    type: room.type,
    max_participants: room.maxParticipants,
    max_participant_duration: 14400,
    max_concurrent_published_tracks: room.type === "group" ? 170 : 0,
    record_participants_on_connect: room.recordParticipantsOnConnect,
    video_codecs: room.videoCodecs,
    media_region: "us1",
    audio_only: room.audioOnly,
    empty_room_timeout: 5,
    unused_room_timeout: 5,
    large_room: false,
    url,
    links: {
      participants: `${url}/Participants`,
      recordings: `${url}/Recordings`,
      transcriptions: `${url}/Transcriptions`,
      recording_rules: `${url}/RecordingRules`,
    },
  };
};
