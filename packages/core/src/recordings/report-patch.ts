import { mergeReport, STATUS_RANK } from "./merge-report";
import {
  DATE_CREATED_BASES,
  type DateCreatedBasis,
  FACT_NAMES,
  type RecordingFacts,
  type RecordingState,
  type RecordingStatus,
} from "./recording";
import type { RecordingReport } from "./recording-report";

/**
 * Indexing's common case in one conditional write, without reading first. A report that is news
 * to the stored record (a later status, facts the record lacks or already agrees on, a dateCreated
 * no better than the stored one) merges into exactly "the record with the report's fields set".
 * That is what Twilio's callbacks mostly are: `recording-started`, then `recording-completed`.
 * Where the condition does not hold, the full merge (`mergeReport`) decides.
 */
export type ReportPatch = {
  /** The record when nothing is stored yet: `mergeReport(undefined, report)`. */
  created: RecordingState;
  /** Fields the report sets on a stored record, valued as in `created`; every other field stays. */
  sets: readonly (keyof RecordingState)[];
  /**
   * Whether nothing is likely stored yet, so a store tries creating first: Twilio's first
   * callback about a recording is `recording-started`, and later ones find it stored.
   */
  likelyFirst: boolean;
  requires: PatchCondition;
};

/** What a stored record must be for the patch to equal the full merge. Every clause must hold. */
export type PatchCondition = {
  /** The stored status ranks below the report's, or ties with it at an earlier `statusAt`. */
  status: { below: readonly RecordingStatus[]; tied: readonly RecordingStatus[]; tiedBefore: string };
  /** Facts absent from the stored record or equal to the report's (as valued in `created`). */
  absentOrEqual: readonly (keyof RecordingFacts)[];
  /** Fields the stored record must not have. */
  absent: readonly "completedAt"[];
  /** The stored `dateCreated` stands: its basis is stronger, or the same and not later. */
  dateCreated: { strongerBases: readonly DateCreatedBasis[]; basis: DateCreatedBasis; notAfter: string };
};

/**
 * The patch a report makes, or undefined when it must always be merged: a deletion moves the
 * record out of the age index and may set its expiry, which depend on what is stored.
 */
export const reportPatch = (report: RecordingReport): ReportPatch | undefined => {
  if (report.status === "deleted") return undefined;
  const created = mergeReport(undefined, report);
  const facts = FACT_NAMES.filter((name) => created[name] !== null);
  const completes = report.status === "completed";
  const rank = STATUS_RANK[report.status];
  const statuses = Object.keys(STATUS_RANK) as RecordingStatus[];
  return {
    created,
    sets: ["status", "statusAt", ...facts, ...(completes ? (["completedAt"] as const) : [])],
    likelyFirst: report.status === "processing",
    requires: {
      status: {
        below: statuses.filter((status) => STATUS_RANK[status] < rank),
        tied: statuses.filter((status) => STATUS_RANK[status] === rank),
        tiedBefore: report.at,
      },
      absentOrEqual: facts,
      absent: completes ? ["completedAt"] : [],
      dateCreated: {
        strongerBases: DATE_CREATED_BASES.slice(DATE_CREATED_BASES.indexOf(report.dateCreated.basis) + 1),
        basis: report.dateCreated.basis,
        notAfter: report.dateCreated.value,
      },
    },
  };
};

/** The stored record with the patch applied, or undefined when it does not meet the condition. */
export const applyPatch = (stored: RecordingState, patch: ReportPatch): RecordingState | undefined => {
  const { status, absentOrEqual, absent, dateCreated } = patch.requires;
  const statusAdvances =
    status.below.includes(stored.status) ||
    (status.tied.includes(stored.status) && stored.statusAt < status.tiedBefore);
  const factsAgree = absentOrEqual.every(
    (name) => stored[name] === null || stored[name] === patch.created[name],
  );
  const dateCreatedStands =
    dateCreated.strongerBases.includes(stored.dateCreatedBasis) ||
    (stored.dateCreatedBasis === dateCreated.basis && stored.dateCreated <= dateCreated.notAfter);
  if (!statusAdvances || !factsAgree || !dateCreatedStands || absent.some((name) => stored[name] !== null))
    return undefined;
  const patched: Record<string, unknown> = { ...stored };
  for (const name of patch.sets) patched[name] = patch.created[name];
  return patched as RecordingState;
};
