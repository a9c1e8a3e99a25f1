import {
  DATE_CREATED_BASES,
  FACT_NAMES,
  NO_FACTS,
  type RecordingFacts,
  type RecordingState,
  type RecordingStatus,
} from "./recording";
import type { RecordingReport } from "./recording-report";

// A recording's status only moves forward. Completed and failed share a rank: the later wins.
export const STATUS_RANK: Readonly<Record<RecordingStatus, number>> = {
  processing: 0,
  completed: 1,
  failed: 1,
  deleted: 2,
};

/**
 * Folds one report into the indexed state. The fold is commutative, associative and
 * idempotent, so duplicated and reordered deliveries all converge on the same record, and no
 * fact that any report carried is lost.
 */
export const mergeReport = (current: RecordingState | undefined, report: RecordingReport): RecordingState => {
  const base = current ?? fromReport(report);
  const statusWins = current === undefined || isLater(report, { status: base.status, at: base.statusAt });
  const dateCreatedWins =
    basisRank(report.dateCreated.basis) > basisRank(base.dateCreatedBasis) ||
    (report.dateCreated.basis === base.dateCreatedBasis && report.dateCreated.value < base.dateCreated);
  return {
    ...mergeFacts(base, report.facts),
    sid: base.sid,
    status: statusWins ? report.status : base.status,
    statusAt: statusWins ? report.at : base.statusAt,
    dateCreated: dateCreatedWins ? report.dateCreated.value : base.dateCreated,
    dateCreatedBasis: dateCreatedWins ? report.dateCreated.basis : base.dateCreatedBasis,
    completedAt: report.status === "completed" ? earliest(base.completedAt, report.at) : base.completedAt,
    deletedAt: report.status === "deleted" ? earliest(base.deletedAt, report.at) : base.deletedAt,
    archive: base.archive,
  };
};

export const sameState = (a: RecordingState, b: RecordingState): boolean =>
  (Object.keys(a) as (keyof RecordingState)[]).every((name) =>
    name === "archive" ? JSON.stringify(a.archive) === JSON.stringify(b.archive) : a[name] === b[name],
  );

type StatusMark = { status: RecordingStatus; at: string };

const isLater = (candidate: StatusMark, incumbent: StatusMark): boolean => {
  const rankDelta = STATUS_RANK[candidate.status] - STATUS_RANK[incumbent.status];
  if (rankDelta !== 0) return rankDelta > 0;
  if (candidate.at !== incumbent.at) return candidate.at > incumbent.at;
  return candidate.status > incumbent.status;
};

const basisRank = (basis: RecordingState["dateCreatedBasis"]): number => DATE_CREATED_BASES.indexOf(basis);

const earliest = (a: string | null, b: string): string => (a === null || b < a ? b : a);

/** Reports agree on facts; where they ever disagree the larger value wins, so order cannot matter. */
const mergeFacts = (base: RecordingFacts, incoming: Partial<RecordingFacts>): RecordingFacts => {
  const merged: Record<string, unknown> = {};
  for (const name of FACT_NAMES) merged[name] = larger(base[name], incoming[name] ?? null);
  return merged as RecordingFacts;
};

const larger = <T extends string | number>(a: T | null, b: T | null): T | null => {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
};

const fromReport = (report: RecordingReport): RecordingState => ({
  ...NO_FACTS,
  sid: report.sid,
  status: report.status,
  statusAt: report.at,
  dateCreated: report.dateCreated.value,
  dateCreatedBasis: report.dateCreated.basis,
  completedAt: null,
  deletedAt: null,
  archive: null,
});
