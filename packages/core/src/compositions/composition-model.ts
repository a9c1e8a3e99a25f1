import { type IndexOutcome, indexReport } from "../indexing/index-report";
import { mergeReport } from "../indexing/merge";
import type { IndexModel, Report } from "../indexing/model";
import {
  COMPOSITION_FACT_NAMES,
  type CompositionFacts,
  type CompositionState,
  NO_COMPOSITION_FACTS,
} from "./composition";
import type { CompositionStatus } from "./composition-values";
import type { CompositionStore } from "./ports";

/** One thing somebody told us about a composition: a callback, Twilio's REST API, or our own request. */
export type CompositionReport = Report<CompositionStatus, CompositionFacts>;

// Status only moves forward. Completed and failed share a rank: the later wins.
export const COMPOSITION_STATUS_RANK: Readonly<Record<CompositionStatus, number>> = {
  enqueued: 0,
  processing: 1,
  completed: 2,
  failed: 2,
  deleted: 3,
};

/** How compositions are indexed: hooks' first callback is `composition-enqueued`. */
export const COMPOSITION_MODEL: IndexModel<CompositionStatus, CompositionFacts> = {
  statusRank: COMPOSITION_STATUS_RANK,
  firstStatus: "enqueued",
  factNames: COMPOSITION_FACT_NAMES,
  noFacts: NO_COMPOSITION_FACTS,
};

export const mergeCompositionReport = (
  current: CompositionState | undefined,
  report: CompositionReport,
): CompositionState => mergeReport(COMPOSITION_MODEL, current, report);

/** Merges a report into the stored composition, in one conditional write when it is news. */
export const indexCompositionReport = (
  store: CompositionStore,
  report: CompositionReport,
): Promise<IndexOutcome> => indexReport(COMPOSITION_MODEL, store, report);
