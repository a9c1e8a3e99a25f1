import * as v from "valibot";
import { CONTAINER_FORMATS, RECORDING_TYPES, type RecordingStatus } from "../recordings/recording";
import type { RecordingReport } from "../recordings/recording-report";
import { err, ok, type Result } from "../result";
import { isAnySid, sidSchema } from "../sids";
import { addSeconds, normalizeTimestamp } from "../timestamps";

export type ParsedCallback =
  | { kind: "recording"; accountSid: string; roomSid: string; report: RecordingReport }
  | { kind: "room-event"; event: string };

export type MalformedCallback = { kind: "malformed"; field: string; message: string };

const RECORDING_EVENT_STATUS: Readonly<Record<string, RecordingStatus>> = {
  "recording-started": "processing",
  "recording-completed": "completed",
  "recording-failed": "failed",
};

const text = v.optional(v.pipe(v.string(), v.maxLength(2048, "is longer than 2048 characters")));
const count = v.optional(
  v.pipe(v.string(), v.regex(/^\d{1,15}$/, "is not a whole number"), v.transform(Number)),
);
// Rooms last at most 24 hours; a week leaves room and keeps date arithmetic far from overflow.
const MAX_DURATION_SECONDS = 7 * 24 * 3600;
const duration = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,7}$/, "is not a whole number"),
    v.transform(Number),
    v.maxValue(MAX_DURATION_SECONDS, `is more than ${MAX_DURATION_SECONDS} seconds`),
  ),
);
const timestamp = v.pipe(
  v.string(),
  v.transform(normalizeTimestamp),
  v.string("is not an ISO 8601 UTC timestamp"),
);

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
  Duration: duration,
  Size: count,
  MediaExternalLocation: text,
  FailedOperation: text,
});

type RecordingCallbackFields = v.InferOutput<typeof RecordingCallback>;

/**
 * Reads a room status callback's parameters. Events that are not about recordings are
 * acknowledged as they are; recording events must carry usable SIDs and a Timestamp.
 */
export const parseCallback = (
  params: Readonly<Record<string, string>>,
): Result<ParsedCallback, MalformedCallback> => {
  // Twilio sends empty values for parameters it has nothing for; they mean "absent".
  const present = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ""));
  const event = present.StatusCallbackEvent;
  if (event === undefined) return malformed("StatusCallbackEvent", "is missing");
  if (!event.startsWith("recording-")) return ok({ kind: "room-event", event });
  const status = RECORDING_EVENT_STATUS[event];
  if (status === undefined)
    return malformed("StatusCallbackEvent", `is not a known recording event: ${event}`);
  const parsed = v.safeParse(RecordingCallback, present);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = issue.path?.[0]?.key;
    return malformed(typeof field === "string" ? field : "body", issue.message);
  }
  const fields = parsed.output;
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

const malformed = (field: string, message: string) =>
  err<MalformedCallback>({ kind: "malformed", field, message });
