import { indexReport } from "../recordings/index-report";
import type { RecordingState } from "../recordings/recording";
import { toRecordingReport } from "../twilio/twilio-recording";
import type { AuditStep } from "./audit";
import type { SweepContext } from "./context";
import { fromTwilioFailure, type Outcome, skipped } from "./outcome";
import { deletedReport, needsReconcile } from "./rules";

/**
 * Asks Twilio about one recording and writes what it says into the index; answers the state as
 * now indexed, or how the recording's turn ends when Twilio has deleted it or forgotten it.
 */
export const refreshFromTwilio = async (
  ctx: SweepContext,
  state: RecordingState,
  step: AuditStep,
): Promise<{ kind: "fresh"; state: RecordingState } | Outcome> => {
  const { store, twilio } = ctx.deps;
  const fetched = await twilio.fetchRecording(state.sid, { deadline: ctx.options.deadline });
  if (!fetched.ok) {
    if (fetched.error.kind !== "not-found") return fromTwilioFailure(ctx, step, fetched.error);
    // Twilio forgets a recording 30 days after deleting it: deleted, at the latest by now.
    await indexReport(store, deletedReport(state, ctx.now()));
    ctx.counts.reconciled++;
    return skipped("unknown to Twilio: indexed as deleted");
  }
  const report = toRecordingReport(fetched.value, ctx.now());
  if (needsReconcile(state, report)) {
    await indexReport(store, report);
    ctx.counts.reconciled++;
  }
  const fresh = await store.get(state.sid);
  if (fresh === undefined || fresh.state.status === "deleted") return skipped("deleted at Twilio already");
  return { kind: "fresh", state: fresh.state };
};
