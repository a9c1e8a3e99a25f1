import type { IndexedResource } from "../indexing/not-found";
import { timestampFromDate, toIsoMillis } from "../timestamps";
import type { AuditEntry } from "./audit";
import { inProcessRateLimiter } from "./rate-limiter";
import { cutoffBefore } from "./rules";
import { pacedTwilio, TWILIO_READS_PER_SECOND, TWILIO_WRITES_PER_SECOND } from "./sweep-twilio";
import { compositionKind, recordingKind, type SweptKind } from "./swept-kind";
import type { PlannedAction, SweepCounts, SweepDeps, SweepOptions, SweepPhase } from "./types";

const DEFAULT_CONCURRENCY = 4;

/** One run's shared state: its dependencies (Twilio paced), the kinds it sweeps, its cutoffs, counters and flags. */
export type SweepContext = {
  deps: SweepDeps;
  options: SweepOptions;
  /** Every kind the run sweeps (phases take them in this order); their Twilio calls share one budget. */
  kinds: Readonly<Record<IndexedResource, SweptKind>>;
  /** Run start, normalized: the cutoffs count from it. */
  startedAt: string;
  /** What was created before it is past retention, per kind (export: everything). */
  cutoff(kind: SweptKind): string;
  /** Archive copies made before it are past archive retention; null keeps them. */
  archiveCutoff: string | null;
  /** Recordings created before it are past PII retention; null keeps their personal data. */
  piiCutoff: string | null;
  concurrency: number;
  counts: Record<IndexedResource, SweepCounts>;
  /** Dry run only: what the run would do, in the order it found out. */
  plan: PlannedAction[];
  /** The accounts swept: the run's one account, or every one. What is indexed without an account is the deployment's first's. */
  accounts: readonly [string, ...string[]];
  /** The account a resource's calls act for. */
  accountOf(state: { accountSid: string | null }): string;
  /** Accounts whose Twilio stopped answering (or refused us) during the run. */
  unavailable: Set<string>;
  now(): string;
  /** Whether new work for the account may start: before the deadline, while its Twilio answers. */
  canStart(accountSid: string): boolean;
  pastDeadline(): boolean;
  audit(entry: Omit<AuditEntry, "runId" | "policy" | "at">): Promise<void>;
  progress(phase: SweepPhase, done: number, total: number | null): void;
};

export const createContext = (deps: SweepDeps, options: SweepOptions): SweepContext => {
  const { policy } = deps;
  const started = options.startedAt === undefined ? deps.clock() : new Date(toIsoMillis(options.startedAt));
  const clock = () => deps.clock().getTime();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limiter =
    deps.limiter ??
    inProcessRateLimiter(
      {
        readsPerSecond: deps.limits?.readsPerSecond ?? TWILIO_READS_PER_SECOND,
        writesPerSecond: deps.limits?.writesPerSecond ?? TWILIO_WRITES_PER_SECOND,
      },
      { clock, sleep },
    );
  const twilio = pacedTwilio(deps.twilio, limiter);
  const ctx: SweepContext = {
    deps: { ...deps, twilio },
    options,
    kinds: {
      recording: recordingKind(deps.recordings, twilio, deps.participantFiles),
      composition: compositionKind(deps.compositions, twilio),
    },
    startedAt: timestampFromDate(started),
    // Export takes everything that exists when the run starts.
    cutoff: (kind) =>
      options.mode === "export"
        ? timestampFromDate(started)
        : cutoffBefore(started, kind.retentionDays(policy)),
    archiveCutoff:
      policy.archiveRetentionDays === null ? null : cutoffBefore(started, policy.archiveRetentionDays),
    piiCutoff: policy.piiRetentionDays === null ? null : cutoffBefore(started, policy.piiRetentionDays),
    concurrency: Math.max(1, deps.limits?.concurrency ?? DEFAULT_CONCURRENCY),
    counts: { recording: noCounts(), composition: noCounts() },
    plan: [],
    // A run for one account sweeps that one alone.
    accounts: options.accountSid ? [options.accountSid] : deps.accounts,
    accountOf: (state) => state.accountSid ?? deps.accounts[0],
    unavailable: new Set(),
    now: () => timestampFromDate(deps.clock()),
    pastDeadline: () => clock() >= options.deadline,
    canStart: (accountSid) => !ctx.unavailable.has(accountSid) && !ctx.pastDeadline(),
    audit: (entry) =>
      deps.audit.record({ ...entry, runId: options.runId, policy, at: timestampFromDate(deps.clock()) }),
    progress: (phase, done, total) =>
      options.onProgress?.({
        phase,
        done,
        total,
        archivedBytes: ctx.counts.recording.archivedBytes + ctx.counts.composition.archivedBytes,
      }),
  };
  return ctx;
};

/** A run's counts before it has done anything. */
export const noCounts = (): SweepCounts => ({
  examined: 0,
  eligible: 0,
  reconciled: 0,
  archived: 0,
  archivedBytes: 0,
  deleted: 0,
  held: 0,
  skipped: 0,
  failed: 0,
  remaining: 0,
  archiveExpired: 0,
  personalDataErased: 0,
  personalDataHeld: 0,
});
