import { logger } from "../log";
import { indexReport } from "../recordings/index-report";
import { mergeReport } from "../recordings/merge-report";
import type { RecordingState } from "../recordings/recording";
import { TwilioClientError } from "../twilio/errors";
import { toRecordingReport } from "../twilio/twilio-recording";
import { forEachBounded } from "./bounded";
import type { SweepContext } from "./context";
import { needsReconcile } from "./rules";
import { describeFailure, isTwilioGone } from "./sweep-twilio";

const PAGE_SIZE = 100;

/**
 * Callbacks get lost, so before planning the index is brought up to what Twilio's list says:
 * recordings it lacks are added and stale ones (still `processing`) updated. A sweep lists what
 * was created before its cutoff, an export the whole account; deleted recordings are not listed
 * (a live index entry Twilio deleted is found out when its turn comes).
 *
 * A dry run writes nothing: what would change goes into `overlay` for the planner and into the plan.
 */
export const reconcile = async (ctx: SweepContext, overlay: Map<string, RecordingState>): Promise<void> => {
  const { store, twilio } = ctx.deps;
  const listing = twilio.listRecordings({
    deadline: ctx.options.deadline,
    pageSize: PAGE_SIZE,
    ...(ctx.options.mode === "sweep" && { dateCreatedBefore: new Date(Date.parse(ctx.cutoff)) }),
  });
  let done = 0;
  try {
    for await (const page of listing) {
      if (!page.ok) {
        if (isTwilioGone(page.error) && !ctx.pastDeadline()) ctx.twilioAvailable = false;
        logger.warn("reconciliation stopped", {
          runId: ctx.options.runId,
          failure: describeFailure(page.error),
        });
        return;
      }
      const observedAt = ctx.now();
      await forEachBounded(
        page.value.recordings,
        ctx.concurrency,
        () => true,
        async (recording) => {
          const report = toRecordingReport(recording, observedAt);
          const stored = await store.get(recording.sid);
          if (!needsReconcile(stored?.state, report)) return;
          ctx.counts.reconciled++;
          if (!ctx.options.dryRun) {
            await indexReport(store, report);
            return;
          }
          const next = mergeReport(stored?.state, report);
          overlay.set(next.sid, next);
          ctx.plan.push({
            recordingSid: next.sid,
            roomSid: next.roomSid,
            dateCreated: next.dateCreated,
            action: "reconcile",
            size: next.size,
            detail: stored ? `index says ${stored.state.status}, Twilio ${recording.status}` : "not indexed",
          });
        },
      );
      done += page.value.recordings.length;
      ctx.progress("reconcile", done, null);
      if (!ctx.canStart()) return;
    }
  } catch (error) {
    // Twilio answered something the client cannot read: the index is left as it is and the run
    // goes on with what it holds. Anything else (the store failing) is the run's to handle.
    if (!(error instanceof TwilioClientError)) throw error;
    logger.warn("reconciliation stopped", { runId: ctx.options.runId, error: error.message });
  }
};
