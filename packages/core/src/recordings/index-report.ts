import { WriteContentionError } from "./errors";
import { mergeReport, sameState } from "./merge-report";
import type { RecordingStore, StoredRecording } from "./ports";
import type { RecordingReport } from "./recording-report";
import { reportPatch } from "./report-patch";

export type IndexOutcome = "created" | "updated" | "duplicate";

// Each lost race means another report was written, so contention ends quickly; this bound
// only guards against a store that never accepts a write.
const MAX_ATTEMPTS = 50;

/**
 * Merges a report into the stored recording. Most reports are news and go in one conditional
 * write; the rest are merged in full and written back with an optimistic, version-checked write.
 */
export const indexReport = async (store: RecordingStore, report: RecordingReport): Promise<IndexOutcome> => {
  const patch = reportPatch(report);
  let stored: StoredRecording | undefined;
  if (patch) {
    const outcome = await store.patch(patch);
    if ("written" in outcome) return outcome.written;
    stored = outcome.refused;
  } else stored = await store.get(report.sid);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const next = mergeReport(stored?.state, report);
    if (stored && sameState(stored.state, next)) return "duplicate";
    if ((await store.put(next, stored?.version)) === "written") return stored ? "updated" : "created";
    stored = await store.get(report.sid);
  }
  throw new WriteContentionError(report.sid, MAX_ATTEMPTS);
};
