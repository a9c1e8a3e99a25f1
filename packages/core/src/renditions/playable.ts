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
