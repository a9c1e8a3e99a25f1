import type { Bookkeeping } from "../indexing/model";

/** Twilio keeps a deleted recording's metadata this long; the index keeps its tombstone as long. */
export const TOMBSTONE_DAYS = 30;

/**
 * When the index may forget a recording (epoch seconds, the table's TTL), or null to keep it.
 * A deleted recording stays as a tombstone for Twilio's 30 days, so callers still get "gone"
 * rather than "unknown"; one with an archive copy stays while the copy exists, since the index is
 * how that copy is found and served. Once the copy is removed the 30 days count from the deletion
 * again, so an entry whose window has run out goes at the table's next TTL pass.
 */
export const tombstoneExpiresAt = (
  state: Pick<Bookkeeping<string>, "status" | "deletedAt" | "archive">,
): number | null => {
  if (state.status !== "deleted" || state.archive !== null || state.deletedAt === null) return null;
  return Math.floor(Date.parse(state.deletedAt) / 1000) + TOMBSTONE_DAYS * 86_400;
};
