import type {
  ContainerFormat,
  RecordingFacts,
  RecordingStatus,
  RecordingType,
} from "../recordings/recording";
import type { RecordingReport } from "../recordings/recording-report";

/** A Twilio Video recording as its REST resource describes it, camelCased; null where Twilio had nothing. */
export type TwilioRecording = {
  sid: string;
  accountSid: string | null;
  status: RecordingStatus;
  /** Normalized (`normalizeTimestamp`), so it compares with every other stored timestamp. */
  dateCreated: string | null;
  sourceSid: string | null;
  size: number | null;
  url: string | null;
  type: RecordingType | null;
  duration: number | null;
  containerFormat: ContainerFormat | null;
  /** Upper case (`VP8`, `OPUS`): real payloads are lower case, the spec's enum upper case. */
  codec: string | null;
  roomSid: string | null;
  participantSid: string | null;
  trackName: string | null;
  offset: number | null;
  mediaExternalLocation: string | null;
  statusCallback: string | null;
  statusCallbackMethod: string | null;
  mediaUrl: string | null;
};

// Size and duration are facts only once the media is final. Before that Twilio gives
// placeholders (null or 0 while processing, 0 when failed) which, stored, would read as a real
// empty recording; and mergeReport keeps the larger value, so the merge cannot tell them apart.
const FINAL_MEDIA: ReadonlySet<RecordingStatus> = new Set(["completed", "deleted"]);

/**
 * What Twilio's REST API told us about a recording, as a report for `mergeReport`.
 * `observedAt` (normalized) is when Twilio was asked: the status held then.
 */
export const toRecordingReport = (recording: TwilioRecording, observedAt: string): RecordingReport => {
  const facts: Partial<RecordingFacts> = {
    accountSid: recording.accountSid,
    roomSid: recording.roomSid,
    participantSid: recording.participantSid,
    sourceSid: recording.sourceSid,
    trackName: recording.trackName,
    type: recording.type,
    codec: recording.codec,
    containerFormat: recording.containerFormat,
    offset: recording.offset,
    mediaExternalLocation: recording.mediaExternalLocation,
  };
  if (FINAL_MEDIA.has(recording.status)) {
    facts.size = recording.size;
    facts.duration = recording.duration;
  }
  return {
    sid: recording.sid,
    status: recording.status,
    at: observedAt,
    facts,
    // Twilio's own date is the strongest basis. Without one, the moment of asking is a bound that
    // errs late, which retention tolerates (it never deletes early on a guess).
    dateCreated:
      recording.dateCreated === null
        ? { value: observedAt, basis: "estimated" }
        : { value: recording.dateCreated, basis: "twilio" },
  };
};
