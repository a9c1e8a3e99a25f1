import { sameState } from "../indexing/merge";
import type { RetentionPolicy } from "../settings/retention-policy";
import { timestampFromDate } from "../timestamps";
import type { SweptKind, SweptReport, SweptState } from "./swept-kind";

const DAY_MS = 86_400_000;

/** The normalized instant `days` before `now`: what was created before it is old enough. */
export const cutoffBefore = (now: Date, days: number): string =>
  timestampFromDate(new Date(now.getTime() - days * DAY_MS));

/** Strictly older than the cutoff: a recording created exactly at the cutoff is kept one more run. */
export const isExpired = (state: Pick<SweptState, "dateCreated">, cutoff: string): boolean =>
  state.dateCreated < cutoff;

export const isArchiveExpired = (state: Pick<SweptState, "archive">, cutoff: string): boolean =>
  state.archive !== null && state.archive.archivedAt < cutoff;

/**
 * Whether deleting this recording or composition from Twilio needs a verified copy first. Failed
 * ones and completed ones of zero bytes (a track muted throughout) have no media: there is
 * nothing to copy, so their deletion loses nothing.
 */
export const requiresArchive = (
  state: Pick<SweptState, "status" | "size">,
  policy: Pick<RetentionPolicy, "archive">,
): boolean => policy.archive && hasMedia(state);

export const hasMedia = (state: Pick<SweptState, "status" | "size">): boolean =>
  state.status === "completed" && state.size !== 0;

// Statuses after which Twilio changes nothing but deletion; every kind shares them.
const SETTLED_STATUSES: readonly string[] = ["completed", "failed", "deleted"];

/**
 * The index cannot decide alone: the status may be stale (a lost callback left a recording
 * `processing`, a composition `enqueued` or `processing`), the room unknown (so its hold cannot be
 * checked) or the size unknown (so a copy cannot be verified). Twilio is asked.
 */
export const needsTwilioFacts = (state: Pick<SweptState, "status" | "roomSid" | "size">): boolean =>
  !SETTLED_STATUSES.includes(state.status) ||
  state.roomSid === null ||
  (state.status === "completed" && state.size === null);

/**
 * Whether what Twilio's list says would change the index. Only the status's own timestamp is
 * ignored: every listing observes it afresh, and rewriting every recording on every run for it
 * would make reconciliation cost grow with the whole account.
 */
export const needsReconcile = (
  kind: Pick<SweptKind, "merge">,
  stored: SweptState | undefined,
  report: SweptReport,
): boolean => {
  if (stored === undefined) return true;
  const next = kind.merge(stored, report);
  return !sameState({ ...next, statusAt: stored.statusAt, completedAt: stored.completedAt }, stored);
};

/** What deleting from Twilio tells the index: the recording or composition was deleted at `at`. */
export const deletedReport = (state: SweptState, at: string): SweptReport => ({
  sid: state.sid,
  status: "deleted",
  at,
  facts: {},
  dateCreated: { value: state.dateCreated, basis: state.dateCreatedBasis },
});
