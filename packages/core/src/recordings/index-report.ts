import { mergeReport, sameState } from "./merge-report";
import type { RecordingStore } from "./ports";
import type { RecordingReport } from "./recording-report";
import { reportPatch } from "./report-patch";
import { updateRecording } from "./update-recording";

export type IndexOutcome = "created" | "updated" | "duplicate";

/**
 * Merges a report into the stored recording. Most reports are news and go in one conditional
 * write; the rest are merged in full and written back with an optimistic, version-checked write.
 */
export const indexReport = async (store: RecordingStore, report: RecordingReport): Promise<IndexOutcome> => {
  const patch = reportPatch(report);
  const patched = patch && (await store.patch(patch));
  if (patched && "written" in patched) return patched.written;
  return updateRecording<IndexOutcome>(
    store,
    report.sid,
    (stored) => {
      const next = mergeReport(stored?.state, report);
      if (stored && sameState(stored.state, next)) return { answer: "duplicate" };
      return { write: next, answer: stored ? "updated" : "created" };
    },
    patched ? patched.refused : undefined,
  );
};
