import { mergeReport, sameState } from "./merge";
import type { IndexModel, Report, StateOf } from "./model";
import { reportPatch } from "./patch";
import type { IndexStore } from "./ports";
import { updateState } from "./update-state";

export type IndexOutcome = "created" | "updated" | "duplicate";

/**
 * Merges a report into the stored record. Most reports are news and go in one conditional write;
 * the rest are merged in full and written back with an optimistic, version-checked write.
 */
export const indexReport = async <Status extends string, Facts extends { roomSid: string | null }>(
  model: IndexModel<Status, Facts>,
  store: IndexStore<StateOf<Status, Facts>>,
  report: Report<Status, Facts>,
): Promise<IndexOutcome> => {
  const patch = reportPatch(model, report);
  const patched = patch && (await store.patch(patch));
  if (patched && "written" in patched) return patched.written;
  return updateState<StateOf<Status, Facts>, IndexOutcome>(
    store,
    report.sid,
    (stored) => {
      const next = mergeReport(model, stored?.state, report);
      if (stored && sameState(stored.state, next)) return { answer: "duplicate" };
      return { write: next, answer: stored ? "updated" : "created" };
    },
    patched ? patched.refused : undefined,
  );
};
