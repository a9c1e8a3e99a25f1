// Public surface of the retention sweeper.

export {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEntry,
  AuditEntrySchema,
  type AuditLog,
  type AuditPage,
  type AuditPosition,
  type AuditSelector,
  type AuditStep,
} from "./audit";
export {
  type AuditListing,
  type AuditListingRequest,
  AuditListingRequestSchema,
  AuditListingSchema,
  listAudit,
} from "./audit-listing";
export { noCounts } from "./context";
export { RetentionError, VanishedFromIndexError } from "./errors";
export {
  ExportAskSchema,
  type ExportDeps,
  ExportIdSchema,
  type ExportView,
  ExportViewSchema,
  readExport,
  requestExport,
} from "./exports";
export { createPacer, type Pacer, type PacerOptions } from "./pacer";
export { type PlanInput, planAction } from "./plan";
export {
  inProcessRateLimiter,
  type RateLimiter,
  type RateLimits,
  type TwilioCallKind,
} from "./rate-limiter";
export {
  cutoffBefore,
  deletedReport,
  hasMedia,
  isArchiveExpired,
  isExpired,
  needsReconcile,
  needsTwilioFacts,
  requiresArchive,
} from "./rules";
export {
  newRun,
  RUN_STATUSES,
  type Run,
  type RunEnd,
  type RunItem,
  type RunLedger,
  RunSchema,
  type RunStatus,
} from "./run-ledger";
export {
  type NextStep,
  nextStep,
  type Pass,
  type PassDeps,
  type PassSummary,
  type RunQueue,
  type RunRequest,
  readRunRequest,
  runPass,
} from "./run-pass";
export { runSweep } from "./run-sweep";
export { abandonSweepItem, type SweepItemDeps, type SweepItemJob, workSweepItem } from "./sweep-item";
export { readSweepRequest, type SweepRequest } from "./sweep-request";
export {
  isTwilioGone,
  type SweepTwilio,
  TWILIO_READS_PER_SECOND,
  TWILIO_WRITES_PER_SECOND,
} from "./sweep-twilio";
export { TOMBSTONE_DAYS, tombstoneExpiresAt } from "./tombstone";
export {
  type PlannedAction,
  type PlannedActionKind,
  SWEEP_MODES,
  type SweepCounts,
  type SweepDeps,
  type SweepLimits,
  type SweepMode,
  type SweepOptions,
  type SweepPhase,
  type SweepProgress,
  type SweepSummary,
  type SweepWorkers,
} from "./types";
