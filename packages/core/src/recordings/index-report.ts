import { WriteContentionError } from "./errors";
import { mergeReport, sameState } from "./merge-report";
import type { RecordingStore } from "./ports";
import type { RecordingReport } from "./recording-report";

export type IndexOutcome = "created" | "updated" | "duplicate";

// Each lost race means another report was written, so contention ends quickly; this bound
// only guards against a store that never accepts a write.
const MAX_ATTEMPTS = 50;

/** Merges a report into the stored recording with an optimistic, version-checked write. */
export const indexReport = async (store: RecordingStore, report: RecordingReport): Promise<IndexOutcome> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await store.get(report.sid);
    const next = mergeReport(stored?.state, report);
    if (stored && sameState(stored.state, next)) return "duplicate";
    if ((await store.put(next, stored?.version)) === "written") return stored ? "updated" : "created";
  }
  throw new WriteContentionError(report.sid, MAX_ATTEMPTS);
};
