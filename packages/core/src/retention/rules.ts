import { mergeReport, sameState } from "../recordings/merge-report";
import type { RecordingState } from "../recordings/recording";
import type { RecordingReport } from "../recordings/recording-report";
import type { RetentionPolicy } from "../settings/retention-policy";
import { timestampFromDate } from "../timestamps";

const DAY_MS = 86_400_000;

/** The normalized instant `days` before `now`: what was created before it is old enough. */
export const cutoffBefore = (now: Date, days: number): string =>
  timestampFromDate(new Date(now.getTime() - days * DAY_MS));

/** Strictly older than the cutoff: a recording created exactly at the cutoff is kept one more run. */
export const isExpired = (state: Pick<RecordingState, "dateCreated">, cutoff: string): boolean =>
  state.dateCreated < cutoff;

export const isArchiveExpired = (state: Pick<RecordingState, "archive">, cutoff: string): boolean =>
  state.archive !== null && state.archive.archivedAt < cutoff;

/**
 * Whether deleting this recording from Twilio needs a verified copy first. Failed recordings and
 * completed ones of zero bytes (a track muted throughout) have no media: there is nothing to copy,
 * so their deletion loses nothing.
 */
export const requiresArchive = (
  state: Pick<RecordingState, "status" | "size">,
  policy: Pick<RetentionPolicy, "archive">,
): boolean => policy.archive && hasMedia(state);

export const hasMedia = (state: Pick<RecordingState, "status" | "size">): boolean =>
  state.status === "completed" && state.size !== 0;

/**
 * The index cannot decide alone: the status may be stale (a lost callback), the room unknown (so
 * its hold cannot be checked) or the size unknown (so a copy cannot be verified). Twilio is asked.
 */
export const needsTwilioFacts = (state: Pick<RecordingState, "status" | "roomSid" | "size">): boolean =>
  state.status === "processing" ||
  state.roomSid === null ||
  (state.status === "completed" && state.size === null);

/**
 * Whether what Twilio's list says would change the index. Only the status's own timestamp is
 * ignored: every listing observes it afresh, and rewriting every recording on every run for it
 * would make reconciliation cost grow with the whole account.
 */
export const needsReconcile = (stored: RecordingState | undefined, report: RecordingReport): boolean => {
  if (stored === undefined) return true;
  const next = mergeReport(stored, report);
  return !sameState({ ...next, statusAt: stored.statusAt, completedAt: stored.completedAt }, stored);
};

/** What deleting from Twilio tells the index: the recording was deleted at `at`. */
export const deletedReport = (state: RecordingState, at: string): RecordingReport => ({
  sid: state.sid,
  status: "deleted",
  at,
  facts: {},
  dateCreated: { value: state.dateCreated, basis: state.dateCreatedBasis },
});
