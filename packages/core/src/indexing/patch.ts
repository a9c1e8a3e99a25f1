import { mergeReport } from "./merge";
import type { IndexModel, Report, StateOf } from "./model";
import { DATE_CREATED_BASES, type DateCreatedBasis } from "./schema";

/**
 * Indexing's common case in one conditional write, without reading first. A report that is news
 * to the stored record (a later status, facts the record lacks or already agrees on, a dateCreated
 * no better than the stored one) merges into exactly "the record with the report's fields set".
 * That is what Twilio's callbacks mostly are: one per step of the resource's life, in order.
 * Where the condition does not hold, the full merge (`mergeReport`) decides.
 */
export type ReportPatch<State extends StateOf<string, object> = StateOf<string, object>> = {
  /** The record when nothing is stored yet: `mergeReport(undefined, report)`. */
  created: State;
  /** Fields the report sets on a stored record, valued as in `created`; every other field stays. */
  sets: readonly (keyof State & string)[];
  /**
   * Whether nothing is likely stored yet, so a store tries creating first: Twilio's first
   * callback about a resource comes first, and later ones find it stored.
   */
  likelyFirst: boolean;
  requires: PatchCondition<State>;
};

/** What a stored record must be for the patch to equal the full merge. Every clause must hold. */
export type PatchCondition<State> = {
  /** The stored status ranks below the report's, or ties with it at an earlier `statusAt`. */
  status: { below: readonly string[]; tied: readonly string[]; tiedBefore: string };
  /** Facts absent from the stored record or equal to the report's (as valued in `created`). */
  absentOrEqual: readonly (keyof State & string)[];
  /** Fields the stored record must not have: `completedAt`, or the mark of erased personal facts. */
  absent: readonly (keyof State & string)[];
  /** The stored `dateCreated` stands: its basis is stronger, or the same and not later. */
  dateCreated: { strongerBases: readonly DateCreatedBasis[]; basis: DateCreatedBasis; notAfter: string };
};

/**
 * The patch a report makes, or undefined when it must always be merged: a deletion moves the
 * record out of the age index and may set its expiry, which depend on what is stored; and a
 * report carrying an object (a layout, a list of sources) is compared by content, which a
 * condition on the stored item does not do.
 */
export const reportPatch = <Status extends string, Facts extends { roomSid: string | null }>(
  model: IndexModel<Status, Facts>,
  report: Report<Status, Facts>,
): ReportPatch<StateOf<Status, Facts>> | undefined => {
  if (report.status === "deleted") return undefined;
  const created = mergeReport(model, undefined, report);
  const facts = model.factNames.filter((name) => created[name] !== null) as (keyof Facts & string)[];
  if (facts.some((name) => typeof created[name] === "object")) return undefined;
  const completes = report.status === "completed";
  // A record whose personal facts were erased keeps them null: the full merge sees to that.
  const erasedMark = model.personal?.facts.some((name) => created[name] !== null)
    ? (model.personal.erasedMark as keyof Facts & string)
    : undefined;
  const rank = model.statusRank[report.status];
  const statuses = Object.keys(model.statusRank) as Status[];
  return {
    created,
    sets: ["status", "statusAt", ...facts, ...(completes ? (["completedAt"] as const) : [])],
    likelyFirst: report.status === model.firstStatus,
    requires: {
      status: {
        below: statuses.filter((status) => model.statusRank[status] < rank),
        tied: statuses.filter((status) => model.statusRank[status] === rank),
        tiedBefore: report.at,
      },
      absentOrEqual: facts,
      absent: [
        ...(completes ? (["completedAt"] as const) : []),
        ...(erasedMark === undefined ? [] : [erasedMark]),
      ],
      dateCreated: {
        strongerBases: DATE_CREATED_BASES.slice(DATE_CREATED_BASES.indexOf(report.dateCreated.basis) + 1),
        basis: report.dateCreated.basis,
        notAfter: report.dateCreated.value,
      },
    },
  };
};

/** The stored record with the patch applied, or undefined when it does not meet the condition. */
export const applyPatch = <State extends StateOf<string, object>>(
  stored: State,
  patch: ReportPatch<State>,
): State | undefined => {
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
  return patched as State;
};
