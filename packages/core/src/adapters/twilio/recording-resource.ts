import * as v from "valibot";
import { CONTAINER_FORMATS, RECORDING_STATUSES, RECORDING_TYPES } from "../../recordings/recording";
import { isAnySid, RecordingSidSchema } from "../../sids";
import { normalizeTimestamp } from "../../timestamps";
import type { TwilioRecording } from "../../twilio/twilio-recording";
import { maybe, whole } from "./resource-fields";

/**
 * `sid` and `status` are the exception: a recording resource without them tells nothing usable,
 * so their absence is a contract break (thrown by the client), not a null to carry around.
 * Unknown fields (`room_sid` on room-scoped items, future additions) are ignored.
 */
export const RecordingResourceSchema = v.object({
  sid: RecordingSidSchema,
  status: v.picklist(RECORDING_STATUSES, "is not a known recording status"),
  account_sid: maybe(v.string()),
  date_created: maybe(
    v.pipe(v.string(), v.transform(normalizeTimestamp), v.string("is not an ISO 8601 UTC timestamp")),
  ),
  source_sid: maybe(v.pipe(v.string(), v.check(isAnySid, "is not a SID"))),
  size: maybe(whole),
  url: maybe(v.string()),
  type: maybe(v.picklist(RECORDING_TYPES, "is not audio, video or data")),
  duration: maybe(whole),
  container_format: maybe(v.picklist(CONTAINER_FORMATS, "is not mka or mkv")),
  codec: maybe(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9]{1,16}$/, "is not a codec name"),
      v.transform((codec) => codec.toUpperCase()),
    ),
  ),
  grouping_sids: maybe(
    v.object({
      room_sid: maybe(v.string()),
      participant_sid: maybe(v.string()),
    }),
  ),
  track_name: maybe(v.string()),
  offset: maybe(v.pipe(v.number(), v.integer())),
  media_external_location: maybe(v.string()),
  status_callback: maybe(v.string()),
  status_callback_method: maybe(v.string()),
  links: maybe(v.object({ media: maybe(v.string()) })),
});

export type RecordingResource = v.InferOutput<typeof RecordingResourceSchema>;

/** `GET /v1/Recordings`: Twilio's paging envelope. Only what paging needs is read from `meta`. */
export const RecordingPageSchema = v.object({
  recordings: v.array(RecordingResourceSchema),
  meta: v.object({ next_page_url: maybe(v.string()) }),
});

export const toTwilioRecording = (resource: RecordingResource): TwilioRecording => ({
  sid: resource.sid,
  accountSid: resource.account_sid,
  status: resource.status,
  dateCreated: resource.date_created,
  sourceSid: resource.source_sid,
  size: resource.size,
  url: resource.url,
  type: resource.type,
  duration: resource.duration,
  containerFormat: resource.container_format,
  codec: resource.codec,
  roomSid: resource.grouping_sids?.room_sid ?? null,
  participantSid: resource.grouping_sids?.participant_sid ?? null,
  trackName: resource.track_name,
  offset: resource.offset,
  mediaExternalLocation: resource.media_external_location,
  statusCallback: resource.status_callback,
  statusCallbackMethod: resource.status_callback_method,
  mediaUrl: resource.links?.media ?? null,
});

/** Summarises a schema failure by path and expectation only: the received value may be personal data. */
export const describeIssues = (issues: readonly v.BaseIssue<unknown>[]): string =>
  issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join(".") || "body";
      return `${path} failed ${issue.type} (expected ${issue.expected ?? "a valid value"})`;
    })
    .join("; ");
