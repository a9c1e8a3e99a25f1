import { toIsoMillis } from "../timestamps";
import type { RecordingState } from "./recording";

/** A recording as the HTTP API answers it: every field present, unknown values null. */
export type RecordingView = {
  sid: string;
  roomSid: string | null;
  roomName: string | null;
  participantSid: string | null;
  participantIdentity: string | null;
  sourceSid: string | null;
  trackName: string | null;
  type: string | null;
  codec: string | null;
  containerFormat: string | null;
  status: string;
  size: number | null;
  duration: number | null;
  offset: number | null;
  dateCreated: string;
  completedAt: string | null;
  deletedAt: string | null;
  archive: { bucket: string; key: string; size: number; archivedAt: string } | null;
  held: boolean;
};

export const toRecordingView = (state: RecordingState, held: boolean): RecordingView => ({
  sid: state.sid,
  roomSid: state.roomSid,
  roomName: state.roomName,
  participantSid: state.participantSid,
  participantIdentity: state.participantIdentity,
  sourceSid: state.sourceSid,
  trackName: state.trackName,
  type: state.type,
  codec: state.codec,
  containerFormat: state.containerFormat,
  status: state.status,
  size: state.size,
  duration: state.duration,
  offset: state.offset,
  dateCreated: toIsoMillis(state.dateCreated),
  completedAt: state.completedAt && toIsoMillis(state.completedAt),
  deletedAt: state.deletedAt && toIsoMillis(state.deletedAt),
  archive: state.archive && { ...state.archive, archivedAt: toIsoMillis(state.archive.archivedAt) },
  held,
});
