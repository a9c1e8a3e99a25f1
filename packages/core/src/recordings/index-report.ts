import { type IndexOutcome, indexReport as indexOf } from "../indexing/index-report";
import { RECORDING_MODEL } from "./merge-report";
import type { RecordingStore } from "./ports";
import type { RecordingReport } from "./recording-report";

export type { IndexOutcome };

/** Merges a report into the stored recording, in one conditional write when it is news. */
export const indexReport = (store: RecordingStore, report: RecordingReport): Promise<IndexOutcome> =>
  indexOf(RECORDING_MODEL, store, report);
