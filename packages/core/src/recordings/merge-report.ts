import { mergeReport as mergeIndexed } from "../indexing/merge";
import type { IndexModel } from "../indexing/model";
import {
  FACT_NAMES,
  NO_FACTS,
  PERSONAL_FACTS,
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

/** How recordings are indexed: `recording-started` comes first. */
export const RECORDING_MODEL: IndexModel<RecordingStatus, RecordingFacts> = {
  statusRank: STATUS_RANK,
  firstStatus: "processing",
  factNames: FACT_NAMES,
  noFacts: NO_FACTS,
  personal: { facts: PERSONAL_FACTS, erasedMark: "personalDataErasedAt" },
};

/**
 * Folds one report into the indexed recording: commutative, associative and idempotent
 * (`indexing/merge.ts`), so duplicated and reordered callbacks converge on the same record.
 */
export const mergeReport = (current: RecordingState | undefined, report: RecordingReport): RecordingState =>
  mergeIndexed(RECORDING_MODEL, current, report);

export { sameState } from "../indexing/merge";
