import type { ArchiveStore } from "../archive/ports";
import type { CompositionStore } from "../compositions/ports";
import type { HoldStore } from "../holds/ports";
import type { IndexedResource } from "../indexing/not-found";
import type { JobQueue } from "../jobs/ports";
import type { RecordingStore } from "../recordings/ports";
import type { ParticipantFileStore } from "../renditions/participant-file";
import type { RetentionPolicy } from "../settings/retention-policy";
import type { AuditLog } from "./audit";
import type { RateLimiter } from "./rate-limiter";
import type { RunLedger } from "./run-ledger";
import type { SweepTwilio } from "./sweep-twilio";

/** `sweep` enforces the policy; `export` archives every completed recording and composition and deletes nothing. */
export const SWEEP_MODES = ["sweep", "export"] as const;
export type SweepMode = (typeof SWEEP_MODES)[number];

export type SweepPhase = "reconcile" | "plan" | "execute" | "archive-retention" | "pii-expiry";

export type SweepProgress = {
  phase: SweepPhase;
  done: number;
  /** Null while the phase cannot know (reconciliation pages through Twilio's list). */
  total: number | null;
  archivedBytes: number;
};

export type SweepOptions = {
  mode: SweepMode;
  /** Plan and report; write nothing anywhere (index, archive, Twilio, audit log). */
  dryRun: boolean;
  runId: string;
  /** Epoch ms: no new work is started at or after it, and every Twilio call gives up by it. */
  deadline: number;
  /** The run's start when this pass continues it, or works one of its items: the cutoffs count from it. Default: now. */
  startedAt?: string;
  /** The one account to work on; default: every account. */
  accountSid?: string | null;
  onProgress?: (progress: SweepProgress) => void;
};

export type SweepLimits = {
  /** Default 20 (Twilio's per-account limit). */
  writesPerSecond?: number;
  /** Default 80. */
  readsPerSecond?: number;
  /** Recordings and compositions in flight at once; default 4. */
  concurrency?: number;
};

export type SweepDeps = {
  recordings: RecordingStore;
  compositions: CompositionStore;
  /** Participants' files, forgotten when archive retention removes a track they hold. */
  participantFiles: ParticipantFileStore;
  holds: HoldStore;
  twilio: SweepTwilio;
  /**
   * The Twilio accounts swept, the first being the one that owns resources indexed without an
   * account. Each is listed, worked and reported on its own.
   */
  accounts: readonly [string, ...string[]];
  archive: ArchiveStore;
  audit: AuditLog;
  /** Where the rendition of each newly archived recording is queued, with `PLAYABLE=on-archive`. */
  jobs: JobQueue;
  clock: () => Date;
  policy: RetentionPolicy;
  limits?: SweepLimits;
  /**
   * Twilio's budget shared with every other process calling for these accounts (the workers);
   * default: one in this process, at `limits`.
   */
  limiter?: RateLimiter;
  /** Pauses for pacing; default `setTimeout`. Tests inject one that follows their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Workers to hand archive work to, through `jobs`; default: the run does all its work itself. */
  workers?: SweepWorkers;
};

export type SweepWorkers = {
  /** Where the run is recorded and its workers settle their items. */
  ledger: RunLedger;
  /** Items handed out and not yet settled, at most: about twice the workers, so none waits for its next job. */
  window: number;
  /** How often the run looks at what its workers settled; default a quarter second (a strongly consistent read each). */
  pollMs?: number;
};

const PLANNED_ACTIONS = [
  /** Reconciliation would write what Twilio knows into the index (dry run only). */
  "reconcile",
  "archive-and-delete",
  "delete",
  /** Export: copy to the archive, delete nothing. */
  "archive",
  /** The index cannot tell yet (stale status, unknown room or size): Twilio is asked first. */
  "check",
  "skip-held",
  "expire-archive",
  /** PII expiry: the recording's participant identity, room and track names are erased from the index. */
  "erase-personal-data",
] as const;
export type PlannedActionKind = (typeof PLANNED_ACTIONS)[number];

export type PlannedAction = {
  resource: IndexedResource;
  sid: string;
  /** The account that owns it, and whose Twilio budget its calls draw on. */
  accountSid: string;
  roomSid: string | null;
  /** Normalized. */
  dateCreated: string;
  action: PlannedActionKind;
  /** Bytes an archive step would copy, when known. */
  size: number | null;
  detail: string | null;
};

/** What a run did, to one kind or to all. */
export type SweepCounts = {
  /** Resources the plan looked at: live and past their cutoff (every live one in export mode). */
  examined: number;
  /** Of those, the ones planned for work (not held, not already done). */
  eligible: number;
  /** Index entries written (or, in a dry run, that would be) from what Twilio said. */
  reconciled: number;
  archived: number;
  archivedBytes: number;
  deleted: number;
  /**
   * Deletions and archive removals a hold prevented, at planning or at the last moment (erasures
   * a hold prevented are `personalDataHeld`).
   */
  held: number;
  /** Started but nothing to do after a fresh look (done meanwhile, still processing, no media). */
  skipped: number;
  failed: number;
  /**
   * Eligible work not started: the deadline came, or Twilio became unavailable. PII expiry counts
   * the rest of the page it stopped in; more may be due.
   */
  remaining: number;
  archiveExpired: number;
  /** Recordings whose personal facts PII expiry erased (or, in a dry run, would). */
  personalDataErased: number;
  /** Recordings past PII retention whose personal facts a hold on their room kept. */
  personalDataHeld: number;
};

export type TwilioAvailability = "available" | "unavailable";

export type SweepSummary = SweepCounts & {
  runId: string;
  mode: SweepMode;
  dryRun: boolean;
  /** The counts above, kind by kind; the top-level counts are their sums. */
  byKind: Record<IndexedResource, SweepCounts>;
  /** Unavailable when any account's is: that account's work stopped, the others' went on. */
  twilio: TwilioAvailability;
  /** Every account swept (and any account a resource named that none of those is). */
  byAccount: Record<string, { twilio: TwilioAvailability }>;
  durationMs: number;
  /** Dry run only: everything the run would do. */
  plan?: PlannedAction[];
};
