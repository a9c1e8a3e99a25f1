import type { Context } from "./context";
import { isoSeconds } from "./time";
import type { Composition, CompositionHook } from "./types";

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoSeconds(ms));

/** Average bit rate in kbit/s once there is media; 0 before (the schema's default). */
const bitrate = (c: Composition): number =>
  c.size !== null && c.duration > 0 ? Math.round((c.size * 8) / c.duration / 1000) : 0;

/** `GET /v1/Compositions/{Sid}`: the `video.v1.composition` resource, Twilio's key order. */
export const compositionJson = (ctx: Context, c: Composition): Record<string, unknown> => {
  const url = `${ctx.baseUrl}/v1/Compositions/${c.sid}`;
  return {
    account_sid: ctx.creds.accountSid,
    status: c.status,
    date_created: isoSeconds(c.createdAt),
    date_completed: isoOrNull(c.completedAt),
    date_deleted: isoOrNull(c.deletedAt),
    sid: c.sid,
    room_sid: c.roomSid,
    audio_sources: c.audioSources,
    audio_sources_excluded: c.audioSourcesExcluded,
    video_layout: c.videoLayout,
    resolution: c.resolution,
    trim: c.trim,
    format: c.format,
    bitrate: bitrate(c),
    size: c.size,
    duration: c.duration,
    media_external_location: null,
    status_callback: c.statusCallback,
    status_callback_method: c.statusCallbackMethod,
    url,
    links: { media: `${url}/Media` },
  };
};

/** `GET /v1/CompositionHooks/{Sid}`: the `video.v1.composition_hook` resource. */
export const hookJson = (ctx: Context, h: CompositionHook): Record<string, unknown> => ({
  account_sid: ctx.creds.accountSid,
  friendly_name: h.friendlyName,
  enabled: h.enabled,
  date_created: isoSeconds(h.createdAt),
  date_updated: isoSeconds(h.updatedAt),
  sid: h.sid,
  audio_sources: h.audioSources,
  audio_sources_excluded: h.audioSourcesExcluded,
  video_layout: h.videoLayout,
  resolution: h.resolution,
  trim: h.trim,
  format: h.format,
  status_callback: h.statusCallback,
  status_callback_method: h.statusCallbackMethod,
  url: `${ctx.baseUrl}/v1/CompositionHooks/${h.sid}`,
});
