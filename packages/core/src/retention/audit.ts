import type { IndexedResource } from "../indexing/not-found";
import type { RetentionPolicy } from "../settings/retention-policy";

/** What the sweep did, or declined to do, to one recording or composition. */
const AUDIT_ACTIONS = ["archived", "deleted", "archive-expired", "skipped-held", "failed"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The step a `failed` entry (or any other) is about. */
export type AuditStep = "archive" | "delete" | "archive-expiry";

/**
 * One line of the retention audit trail: which recording or composition, which run under which
 * policy, what happened and when. Entries are evidence: they name SIDs, keys and outcomes, never
 * media, track names or credentials.
 */
export type AuditEntry = {
  resource: IndexedResource;
  sid: string;
  roomSid: string | null;
  runId: string;
  policy: RetentionPolicy;
  action: AuditAction;
  step: AuditStep;
  /** Why, or what Twilio or the archive answered: "already gone", "size-mismatch: 10 ≠ 12"… null when plain. */
  detail: string | null;
  /** The archive copy concerned (`archived`, a deletion with archiving, `archive-expired`). */
  archiveKey: string | null;
  /** Normalized timestamp. */
  at: string;
};

/**
 * Where audit entries go. Entries are written at least once: each is recorded before the index
 * records the step it describes, so a crash can repeat an entry but never lose one.
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** A recording's or composition's entries, oldest first. */
  listFor(sid: string): Promise<AuditEntry[]>;
}
