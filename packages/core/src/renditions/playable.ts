import * as v from "valibot";
import { WholeSchema } from "../indexing/schema";
import { StoredTimestampSchema, timestampFromDate } from "../timestamps";

/**
 * A recording's stored rendition, as its record keeps it: `{key, size, contentType, createdAt}`
 * (the archive bucket's object, its verified size, what to serve it as, when it was stored).
 */
export const PlayableSchema = v.object({
  key: v.string(),
  size: WholeSchema,
  contentType: v.string(),
  createdAt: StoredTimestampSchema,
});
export type Playable = v.InferOutput<typeof PlayableSchema>;

/**
 * Where a rendition lies in its source media, in ms: `startMs`, the source's first timestamp
 * (renditions start at 0; this with the recording's `offset` places the track on the room's
 * timeline), and how long it plays.
 */
export const PlayableSpanSchema = v.object({ startMs: WholeSchema, durationMs: WholeSchema });
export type PlayableSpan = v.InferOutput<typeof PlayableSpanSchema>;

/** The span of a verified rendition, from what the remuxer measured. */
export const playableSpanOf = (rendition: {
  sourceStartSeconds: number;
  durationSeconds: number;
}): PlayableSpan => ({
  startMs: Math.max(0, Math.round(rendition.sourceStartSeconds * 1000)),
  durationMs: Math.round(rendition.durationSeconds * 1000),
});

/** The `playable` to record once a verified rendition of `size` bytes is stored at `key`. */
export const playableOf = (
  key: string,
  rendition: { size: number; contentType: string },
  storedAt: Date,
): Playable => ({
  key,
  size: rendition.size,
  contentType: rendition.contentType,
  createdAt: timestampFromDate(storedAt),
});
