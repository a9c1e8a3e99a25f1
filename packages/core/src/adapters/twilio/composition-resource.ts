import * as v from "valibot";
import { COMPOSITION_FORMATS, COMPOSITION_STATUSES } from "../../compositions/composition-values";
import { isSid } from "../../sids";
import { normalizeTimestamp } from "../../timestamps";
import type { TwilioComposition } from "../../twilio/twilio-composition";
import { maybe, whole } from "./resource-fields";

const timestamp = v.pipe(
  v.string(),
  v.transform(normalizeTimestamp),
  v.string("is not an ISO 8601 UTC timestamp"),
);

/**
 * `sid` and `status` must be there, as for recordings: without them the resource tells nothing
 * usable. Unknown fields are ignored.
 */
export const CompositionResourceSchema = v.object({
  sid: v.pipe(
    v.string(),
    v.check((value) => isSid("composition", value), "is not a composition SID"),
  ),
  status: v.picklist(COMPOSITION_STATUSES, "is not a known composition status"),
  account_sid: maybe(v.string()),
  date_created: maybe(timestamp),
  date_completed: maybe(timestamp),
  date_deleted: maybe(timestamp),
  room_sid: maybe(v.string()),
  format: maybe(v.picklist(COMPOSITION_FORMATS, "is not mp4 or webm")),
  resolution: maybe(v.string()),
  video_layout: maybe(v.record(v.string(), v.unknown())),
  audio_sources: maybe(v.array(v.string())),
  trim: maybe(v.boolean()),
  bitrate: maybe(whole),
  size: maybe(whole),
  duration: maybe(whole),
  media_external_location: maybe(v.string()),
  status_callback: maybe(v.string()),
});

export type CompositionResource = v.InferOutput<typeof CompositionResourceSchema>;

/** `GET /v1/Compositions`: Twilio's paging envelope. */
export const CompositionPageSchema = v.object({
  compositions: v.array(CompositionResourceSchema),
  meta: v.object({ next_page_url: maybe(v.string()) }),
});

export const toTwilioComposition = (resource: CompositionResource): TwilioComposition => ({
  sid: resource.sid,
  accountSid: resource.account_sid,
  status: resource.status,
  dateCreated: resource.date_created,
  dateCompleted: resource.date_completed,
  dateDeleted: resource.date_deleted,
  roomSid: resource.room_sid,
  format: resource.format,
  resolution: resource.resolution,
  // Twilio answers `{}` when a composition has no video.
  videoLayout: resource.video_layout,
  audioSources: resource.audio_sources,
  trim: resource.trim,
  bitrate: resource.bitrate,
  size: resource.size,
  duration: resource.duration,
  mediaExternalLocation: resource.media_external_location,
  statusCallback: resource.status_callback,
});
