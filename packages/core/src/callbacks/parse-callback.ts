import * as v from "valibot";
import { CONTAINER_FORMATS, RECORDING_TYPES, type RecordingStatus } from "../recordings/recording";
import type { RecordingReport } from "../recordings/recording-report";
import { ok, type Result } from "../result";
import { isAnySid, sidSchema } from "../sids";
import { addSeconds } from "../timestamps";
import {
  count,
  FINISHED_MEDIA,
  type MalformedCallback,
  malformed,
  readCallbackFields,
  text,
  timestamp,
} from "./callback-fields";
import { type ParsedCompositionCallback, parseCompositionCallback } from "./composition-callback";

export type ParsedCallback =
  | { kind: "recording"; accountSid: string; roomSid: string; report: RecordingReport }
  | ParsedCompositionCallback;

export type { MalformedCallback };

const RECORDING_EVENT_STATUS: Readonly<Record<string, RecordingStatus>> = {
  "recording-started": "processing",
  "recording-completed": "completed",
  "recording-failed": "failed",
};

const RecordingCallback = v.object({
  AccountSid: sidSchema("account"),
  RoomSid: sidSchema("room"),
  RecordingSid: sidSchema("recording"),
  Timestamp: timestamp,
  RoomName: text,
  ParticipantSid: v.optional(sidSchema("participant")),
  ParticipantIdentity: text,
  SourceSid: v.optional(v.pipe(v.string(), v.check(isAnySid, "is not a SID"))),
  TrackName: text,
  Type: v.optional(v.picklist(RECORDING_TYPES, "is not audio, video or data")),
  Container: v.optional(v.picklist(CONTAINER_FORMATS, "is not mka or mkv")),
  Codec: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{1,16}$/, "is not a codec name"))),
  OffsetFromTwilioVideoEpoch: count,
  ...FINISHED_MEDIA,
});

type RecordingCallbackFields = v.InferOutput<typeof RecordingCallback>;

/**
 * Reads a status callback's parameters. Room events that are not about recordings are
 * acknowledged as they are; recording and composition events must carry usable SIDs and a
 * Timestamp.
 */
export const parseCallback = (
  params: Readonly<Record<string, string>>,
): Result<ParsedCallback, MalformedCallback> => {
  // Twilio sends empty values for parameters it has nothing for; they mean "absent".
  const present = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ""));
  const event = present.StatusCallbackEvent;
  if (event === undefined) return malformed("StatusCallbackEvent", "is missing");
  if (event.startsWith("composition-")) return parseCompositionCallback(event, present);
  if (!event.startsWith("recording-")) return ok({ kind: "room-event", event });
  const status = RECORDING_EVENT_STATUS[event];
  if (status === undefined)
    return malformed("StatusCallbackEvent", `is not a known recording event: ${event}`);
  const parsed = readCallbackFields(RecordingCallback, present);
  if (!parsed.ok) return parsed;
  const fields = parsed.value;
  return ok({
    kind: "recording",
    accountSid: fields.AccountSid,
    roomSid: fields.RoomSid,
    report: toReport(status, fields),
  });
};

const toReport = (status: RecordingStatus, fields: RecordingCallbackFields): RecordingReport => ({
  sid: fields.RecordingSid,
  status,
  at: fields.Timestamp,
  facts: {
    accountSid: fields.AccountSid,
    roomSid: fields.RoomSid,
    roomName: fields.RoomName ?? null,
    participantSid: fields.ParticipantSid ?? null,
    participantIdentity: fields.ParticipantIdentity ?? null,
    sourceSid: fields.SourceSid ?? null,
    trackName: fields.TrackName ?? null,
    type: fields.Type ?? null,
    codec: fields.Codec?.toUpperCase() ?? null,
    containerFormat: fields.Container ?? null,
    size: fields.Size ?? null,
    duration: fields.Duration ?? null,
    offset: fields.OffsetFromTwilioVideoEpoch ?? null,
    mediaExternalLocation: fields.MediaExternalLocation ?? null,
    failedOperation: fields.FailedOperation ?? null,
  },
  dateCreated: dateCreatedOf(status, fields),
});

// Only `recording-started` says when the media began; later events give an estimate that
// errs late, so retention never deletes early on a guess.
const dateCreatedOf = (
  status: RecordingStatus,
  fields: RecordingCallbackFields,
): RecordingReport["dateCreated"] => {
  if (status === "processing") return { value: fields.Timestamp, basis: "started" };
  if (status === "completed" && fields.Duration !== undefined)
    return { value: addSeconds(fields.Timestamp, -fields.Duration), basis: "estimated" };
  return { value: fields.Timestamp, basis: "estimated" };
};
