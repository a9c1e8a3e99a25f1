import { applyPatch, type ReportPatch as IndexPatch, reportPatch as patchOf } from "../indexing/patch";
import { RECORDING_MODEL } from "./merge-report";
import type { RecordingState } from "./recording";
import type { RecordingReport } from "./recording-report";

/** A recording report as one conditional write (`indexing/patch.ts`). */
export type ReportPatch = IndexPatch<RecordingState>;

/** The patch a report makes, or undefined when it must always be merged. */
export const reportPatch = (report: RecordingReport): ReportPatch | undefined =>
  patchOf(RECORDING_MODEL, report);

export { applyPatch };
