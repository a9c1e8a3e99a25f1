import type { AuditStep } from "./audit";
import type { SweepContext } from "./context";
import { fromTwilioFailure, type Outcome, skipped } from "./outcome";
import { deletedReport, needsReconcile } from "./rules";
import type { SweptKind, SweptState } from "./swept-kind";

/**
 * Asks Twilio about one recording or composition and writes what it says into the index; answers
 * the state as now indexed, or how its turn ends when Twilio has deleted it or forgotten it.
 */
export const refreshFromTwilio = async (
  ctx: SweepContext,
  kind: SweptKind,
  state: SweptState,
  step: AuditStep,
): Promise<{ kind: "fresh"; state: SweptState } | Outcome> => {
  const counts = ctx.counts[kind.resource];
  const accountSid = ctx.accountOf(state);
  const fetched = await kind.fetch(state.sid, { deadline: ctx.options.deadline, accountSid }, ctx.now());
  if (!fetched.ok) {
    if (fetched.error.kind !== "not-found") return fromTwilioFailure(ctx, step, fetched.error, accountSid);
    // Twilio forgets a deleted recording or composition after 30 days: deleted, at the latest by now.
    await kind.index(deletedReport(state, ctx.now()));
    counts.reconciled++;
    return skipped("unknown to Twilio: indexed as deleted");
  }
  const report = fetched.value;
  if (needsReconcile(kind, state, report)) {
    await kind.index(report);
    counts.reconciled++;
  }
  const fresh = await kind.store.get(state.sid);
  if (fresh === undefined || fresh.state.status === "deleted") return skipped("deleted at Twilio already");
  return { kind: "fresh", state: fresh.state };
};
