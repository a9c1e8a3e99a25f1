import type { IndexModel, Report, StateOf } from "./model";
import { DATE_CREATED_BASES, type DateCreatedBasis } from "./schema";

/**
 * Folds one report into the indexed state. The fold is commutative, associative and
 * idempotent, so duplicated and reordered deliveries all converge on the same record, and no
 * fact that any report carried is lost.
 */
export const mergeReport = <Status extends string, Facts extends { roomSid: string | null }>(
  model: IndexModel<Status, Facts>,
  current: StateOf<Status, Facts> | undefined,
  report: Report<Status, Facts>,
): StateOf<Status, Facts> => {
  // With nothing stored the base is made from the report, so the report's status stands either way.
  const base = current ?? fromReport(model, report);
  const statusWins = isLater(model, report, { status: base.status, at: base.statusAt });
  const dateCreatedWins =
    basisRank(report.dateCreated.basis) > basisRank(base.dateCreatedBasis) ||
    (report.dateCreated.basis === base.dateCreatedBasis && report.dateCreated.value < base.dateCreated);
  return {
    ...withoutErased(model, mergeFacts(model, base, report.facts)),
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

/** Whether two states hold the same values; objects (archive copy, layouts) compare by content, as JSON. */
export const sameState = <State extends object>(a: State, b: State): boolean =>
  (Object.keys(a) as (keyof State)[]).every((name) => JSON.stringify(a[name]) === JSON.stringify(b[name]));

type StatusMark<Status> = { status: Status; at: string };

const isLater = <Status extends string>(
  model: { statusRank: Readonly<Record<Status, number>> },
  candidate: StatusMark<Status>,
  incumbent: StatusMark<Status>,
): boolean => {
  const rankDelta = model.statusRank[candidate.status] - model.statusRank[incumbent.status];
  if (rankDelta !== 0) return rankDelta > 0;
  if (candidate.at !== incumbent.at) return candidate.at > incumbent.at;
  return candidate.status > incumbent.status;
};

export const basisRank = (basis: DateCreatedBasis): number => DATE_CREATED_BASES.indexOf(basis);

const earliest = (a: string | null, b: string): string => (a === null || b < a ? b : a);

/** Reports agree on facts; where they ever disagree the larger value wins, so order cannot matter. */
const mergeFacts = <Facts extends { roomSid: string | null }>(
  model: { factNames: readonly (keyof Facts)[] },
  base: Facts,
  incoming: Partial<Facts>,
): Facts => {
  const merged: Partial<Facts> = {};
  for (const name of model.factNames)
    merged[name] = larger(base[name], incoming[name] ?? null) as Facts[keyof Facts];
  return merged as Facts;
};

/** Facts with the personal ones nulled once they were erased: erasure absorbs every later report. */
export const withoutErased = <Facts extends { roomSid: string | null }>(
  model: Pick<IndexModel<string, Facts>, "personal">,
  facts: Facts,
): Facts => {
  if (model.personal === undefined || facts[model.personal.erasedMark] === null) return facts;
  const erased = { ...facts };
  for (const name of model.personal.facts) erased[name] = null as Facts[typeof name];
  return erased;
};

// Objects (a layout, a list of sources) have no order of their own: their JSON has one.
const larger = (a: unknown, b: unknown): unknown => {
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  const [left, right] = typeof a === "object" ? [JSON.stringify(a), JSON.stringify(b)] : [a, b];
  return (right as string | number | boolean) > (left as string | number | boolean) ? b : a;
};

const fromReport = <Status extends string, Facts extends { roomSid: string | null }>(
  model: IndexModel<Status, Facts>,
  report: Report<Status, Facts>,
): StateOf<Status, Facts> => ({
  ...model.noFacts,
  sid: report.sid,
  status: report.status,
  statusAt: report.at,
  dateCreated: report.dateCreated.value,
  dateCreatedBasis: report.dateCreated.basis,
  completedAt: null,
  deletedAt: null,
  archive: null,
});
