import * as v from "valibot";
import { DISPOSITIONS } from "../disposition";
import { type InvalidParameter, readParameters } from "../invalid-parameter";
import { integerRange, queryBoolean, queryNumber, type RawRequest } from "../query-values";
import type { Result } from "../result";
import { RecordingSidSchema } from "../sids";

export const DEFAULT_TTL_SECONDS = 600;
export const MAX_TTL_SECONDS = 3600;
const TTL_MESSAGE = `must be an integer number of seconds from 1 to ${MAX_TTL_SECONDS}`;

/** How long a media link lasts, in seconds. */
export const TtlSchema = integerRange(1, MAX_TTL_SECONDS, TTL_MESSAGE);

/** What every media link route reads from its query string. */
export const LINK_QUERY = {
  ttl: queryNumber(TtlSchema, { fallback: DEFAULT_TTL_SECONDS, message: TTL_MESSAGE, pattern: /^\d{1,4}$/ }),
  disposition: v.optional(
    v.picklist(DISPOSITIONS, `must be one of ${DISPOSITIONS.join(", ")}`),
    "attachment",
  ),
  redirect: queryBoolean(false),
};

/** What a recording's link serves: the media as Twilio recorded it, or its player-friendly rendition. */
export const MEDIA_FORMATS = ["original", "playable"] as const;
export type MediaFormat = (typeof MEDIA_FORMATS)[number];

/** `GET /recordings/{recordingSid}/media`: the recording and the query string, checked in this order. */
export const MediaLinkRequestSchema = v.object({
  recordingSid: RecordingSidSchema,
  ...LINK_QUERY,
  format: v.optional(v.picklist(MEDIA_FORMATS, `must be one of ${MEDIA_FORMATS.join(", ")}`), "original"),
});

/** Query string values as the caller sent them. */
export type MediaLinkRequest = RawRequest<typeof MediaLinkRequestSchema, "recordingSid">;

export type ValidMediaLinkRequest = v.InferOutput<typeof MediaLinkRequestSchema>;

export const readMediaLinkRequest = (
  request: MediaLinkRequest,
): Result<ValidMediaLinkRequest, InvalidParameter> => readParameters(MediaLinkRequestSchema, request);
