import { logger } from "../log";
import { TwilioClientError } from "../twilio/errors";
import { forEachBounded } from "./bounded";
import type { SweepContext } from "./context";
import { needsReconcile } from "./rules";
import { describeFailure, isTwilioGone } from "./sweep-twilio";
import type { SweptKind, SweptState } from "./swept-kind";

const PAGE_SIZE = 100;

/**
 * Callbacks get lost, so before planning the index is brought up to what one account's list of the
 * kind says: what it lacks is added and what is stale (a recording still `processing`, a
 * composition still `enqueued`) updated. A sweep lists what was created before the kind's cutoff,
 * an export the whole account; deleted resources are not listed (a live index entry Twilio
 * deleted is found out when its turn comes).
 *
 * A dry run writes nothing: what would change goes into `overlay` for the planner and into the plan.
 */
export const reconcile = async (
  ctx: SweepContext,
  kind: SweptKind,
  overlay: Map<string, SweptState>,
  accountSid: string,
): Promise<void> => {
  const counts = ctx.counts[kind.resource];
  const listing = kind.list(
    {
      deadline: ctx.options.deadline,
      accountSid,
      pageSize: PAGE_SIZE,
      ...(ctx.options.mode === "sweep" && { dateCreatedBefore: new Date(Date.parse(ctx.cutoff(kind))) }),
    },
    ctx.now,
  );
  let done = 0;
  try {
    for await (const page of listing) {
      if (!page.ok) {
        if (isTwilioGone(page.error) && !ctx.pastDeadline()) ctx.unavailable.add(accountSid);
        logger.warn("reconciliation stopped", {
          runId: ctx.options.runId,
          resource: kind.resource,
          accountSid,
          failure: describeFailure(page.error),
        });
        return;
      }
      await forEachBounded(
        page.value,
        ctx.concurrency,
        () => true,
        async (report) => {
          const stored = await kind.store.get(report.sid);
          if (!needsReconcile(kind, stored?.state, report)) return;
          counts.reconciled++;
          if (!ctx.options.dryRun) {
            await kind.index(report);
            return;
          }
          const next = kind.merge(stored?.state, report);
          overlay.set(next.sid, next);
          ctx.plan.push({
            resource: kind.resource,
            sid: next.sid,
            accountSid: ctx.accountOf(next),
            roomSid: next.roomSid,
            dateCreated: next.dateCreated,
            action: "reconcile",
            size: next.size,
            detail: stored ? `index says ${stored.state.status}, Twilio ${report.status}` : "not indexed",
          });
        },
      );
      done += page.value.length;
      ctx.progress("reconcile", done, null);
      if (!ctx.canStart(accountSid)) return;
    }
  } catch (error) {
    // Twilio answered something the client cannot read: the index is left as it is and the run
    // goes on with what it holds. Anything else (the store failing) is the run's to handle.
    if (!(error instanceof TwilioClientError)) throw error;
    logger.warn("reconciliation stopped", {
      runId: ctx.options.runId,
      resource: kind.resource,
      accountSid,
      error: error.message,
    });
  }
};
