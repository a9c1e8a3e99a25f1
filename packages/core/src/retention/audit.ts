import * as v from "valibot";
import { RetentionPolicySchema } from "../settings/retention-policy";

/** What the sweep did, or declined to do, to one recording or composition. */
export const AUDIT_ACTIONS = [
  "archived",
  "deleted",
  "archive-expired",
  "personal-data-erased",
  "skipped-held",
  "failed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The step a `failed` entry (or any other) is about; `erasure`: an erasure request's, whose id is the entry's `runId`. */
const AUDIT_STEPS = ["archive", "delete", "archive-expiry", "pii-expiry", "erasure"] as const;
export type AuditStep = (typeof AUDIT_STEPS)[number];

/**
 * One line of the retention audit trail: which recording or composition, which run under which
 * policy, what happened and when. Entries are evidence: they name SIDs, keys and outcomes, never
 * media, identities, room or track names, or credentials. The API shows them as they are stored.
 */
export const AuditEntrySchema = v.strictObject({
  resource: v.picklist(["recording", "composition"]),
  sid: v.string(),
  roomSid: v.nullable(v.string()),
  runId: v.string(),
  policy: RetentionPolicySchema,
  action: v.picklist(AUDIT_ACTIONS),
  step: v.picklist(AUDIT_STEPS),
  /** Why, or what Twilio or the archive answered: "already gone", "size-mismatch: 10 ≠ 12"… null when plain. */
  detail: v.nullable(v.string()),
  /** The archive copy concerned (`archived`, a deletion with archiving, `archive-expired`). */
  archiveKey: v.nullable(v.string()),
  /** Normalized timestamp. */
  at: v.string(),
});
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;

/** Whose entries to read: one recording's or composition's, one room's, or one run's. */
export type AuditSelector =
  | { by: "resource"; sid: string }
  | { by: "room"; roomSid: string }
  | { by: "run"; runId: string };

/** Where a page of entries ends: the last entry's identity (its SID, time, action and run). */
export type AuditPosition = Pick<AuditEntry, "sid" | "at" | "action" | "runId">;

export type AuditPage = { entries: AuditEntry[]; next: AuditPosition | null };

/**
 * Where audit entries go. Entries are written at least once: each is recorded before the index
 * records the step it describes, so a crash can repeat an entry but never lose one.
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** A recording's or composition's entries, oldest first. */
  listFor(sid: string): Promise<AuditEntry[]>;
  /**
   * Up to `limit` entries of a selection, oldest first (entries of one instant by SID), after
   * `after`; `next` is where the following page starts, null after the last. Each selection is
   * read through an index of its own: the cost follows the page, not the table.
   */
  list(selector: AuditSelector, page: { limit: number; after?: AuditPosition }): Promise<AuditPage>;
}
