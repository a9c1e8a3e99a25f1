import { logger } from "../log";
import { ensureArchived } from "./archive-step";
import type { AuditStep } from "./audit";
import type { SweepContext } from "./context";
import { failed, fromTwilioFailure, type Outcome, skipped } from "./outcome";
import { deletedReport, hasMedia, isExpired, needsTwilioFacts, requiresArchive } from "./rules";
import type { SweptKind, SweptState } from "./swept-kind";
import { refreshFromTwilio } from "./twilio-facts";

/**
 * Works one recording or composition of the plan and counts how it ended. Everything is decided
 * again from a fresh read of the index, never from the plan: the plan may be minutes old, and a
 * run that crashed half-way left its progress only in the index.
 */
export const workOne = async (ctx: SweepContext, kind: SweptKind, sid: string): Promise<void> => {
  const at: Progress = { step: ctx.options.mode === "export" ? "archive" : "delete", roomSid: null };
  let outcome: Outcome;
  try {
    const stored = await kind.store.get(sid);
    at.roomSid = stored?.state.roomSid ?? null;
    const live = stored && stored.state.status !== "deleted" ? stored.state : undefined;
    if (live === undefined) outcome = skipped("deleted already");
    else
      outcome =
        ctx.options.mode === "export"
          ? await exportOne(ctx, kind, live, at)
          : await sweepOne(ctx, kind, live, at);
  } catch (error) {
    // One resource's surprise (the archive bucket refusing, a store timeout) must not stop the
    // others; the index still says where it stood, so the next run takes it up again.
    outcome = failed(
      at.step,
      error instanceof Error ? `${error.name}: ${error.message}` : "unexpected failure",
    );
  }
  await count(ctx, kind, sid, at.roomSid, outcome);
};

/** Where the work on a resource got to, for the audit entry of a failure. */
type Progress = { step: AuditStep; roomSid: string | null };

const sweepOne = async (
  ctx: SweepContext,
  kind: SweptKind,
  initial: SweptState,
  at: Progress,
): Promise<Outcome> => {
  let state = initial;
  if (!isExpired(state, ctx.cutoff(kind))) return skipped("not past retention");
  if (needsTwilioFacts(state)) {
    const refreshed = await refreshFromTwilio(ctx, kind, state, "delete");
    if (refreshed.kind !== "fresh") return refreshed;
    state = refreshed.state;
    at.roomSid = state.roomSid;
    if (stillBeingMade(state)) return skipped(`still ${state.status} at Twilio`);
  }
  // Known now, the room may turn out held: no copy is made that no deletion would follow.
  if (state.roomSid !== null && (await ctx.deps.holds.isHeld(state.roomSid))) return { kind: "held" };
  if (requiresArchive(state, ctx.deps.policy)) {
    at.step = "archive";
    const copied = await ensureArchived(ctx, kind, state);
    if (copied.kind !== "copied") return copied;
    at.step = "delete";
  }
  return deleteNow(ctx, kind, state.sid);
};

// Twilio is still making the media: nothing can be copied or deleted yet.
const stillBeingMade = (state: SweptState): boolean =>
  state.status === "processing" || state.status === "enqueued";

/**
 * The deletion, with every condition checked again at this moment, the hold last: the recording
 * or composition is live and past retention in a fresh read, its verified copy is recorded and
 * still in the archive at the recorded size (when archiving is on and it has media), and its room
 * is not held.
 */
const deleteNow = async (ctx: SweepContext, kind: SweptKind, sid: string): Promise<Outcome> => {
  const { archive, holds, policy } = ctx.deps;
  const stored = await kind.store.get(sid);
  if (stored === undefined || stored.state.status === "deleted") return skipped("deleted already");
  const state = stored.state;
  if (!isExpired(state, ctx.cutoff(kind)) || needsTwilioFacts(state)) return skipped("no longer eligible");
  if (requiresArchive(state, policy)) {
    if (state.archive === null) return failed("delete", "no archive copy recorded");
    const copy = await archive.stat(state.archive.key);
    if (copy?.size !== state.archive.size || state.archive.size !== state.size)
      return failed("delete", `archive copy ${copy ? `weighs ${copy.size} bytes` : "is missing"}`);
  }
  if (state.roomSid !== null && (await holds.isHeld(state.roomSid))) return { kind: "held" };
  const accountSid = ctx.accountOf(state);
  const gone = await kind.remove(sid, { deadline: ctx.options.deadline, accountSid });
  if (!gone.ok) return fromTwilioFailure(ctx, "delete", gone.error, accountSid);
  await ctx.audit({
    resource: kind.resource,
    sid,
    roomSid: state.roomSid,
    action: "deleted",
    step: "delete",
    detail: gone.value === "already-gone" ? "already gone from Twilio" : hasMedia(state) ? null : "no media",
    archiveKey: state.archive?.key ?? null,
  });
  await kind.index(deletedReport(state, ctx.now()));
  return { kind: "deleted" };
};

/** Export: a verified copy of every completed recording and composition, nothing deleted. */
const exportOne = async (
  ctx: SweepContext,
  kind: SweptKind,
  initial: SweptState,
  at: Progress,
): Promise<Outcome> => {
  let state = initial;
  if (state.archive !== null) return skipped("archived already");
  if (needsTwilioFacts(state)) {
    const refreshed = await refreshFromTwilio(ctx, kind, state, at.step);
    if (refreshed.kind !== "fresh") return refreshed;
    state = refreshed.state;
    at.roomSid = state.roomSid;
  }
  if (!hasMedia(state))
    return skipped(stillBeingMade(state) ? `still ${state.status} at Twilio` : "no media");
  const copied = await ensureArchived(ctx, kind, state);
  return copied.kind === "copied" ? { kind: "archived" } : copied;
};

const count = async (
  ctx: SweepContext,
  kind: SweptKind,
  sid: string,
  roomSid: string | null,
  outcome: Outcome,
): Promise<void> => {
  const counts = ctx.counts[kind.resource];
  if (outcome.kind === "deleted") counts.deleted++;
  else if (outcome.kind === "skipped") counts.skipped++;
  else if (outcome.kind === "interrupted") counts.remaining++;
  else if (outcome.kind === "held" || outcome.kind === "failed") {
    if (outcome.kind === "held") counts.held++;
    else counts.failed++;
    // Best effort: these entries record that nothing happened, so losing one loses no evidence.
    await ctx
      .audit({
        resource: kind.resource,
        sid,
        roomSid,
        action: outcome.kind === "held" ? "skipped-held" : "failed",
        step: outcome.kind === "held" ? "delete" : outcome.step,
        detail: outcome.kind === "held" ? "room on hold" : outcome.detail,
        archiveKey: null,
      })
      .catch((error: unknown) =>
        logger.warn("audit entry lost", {
          resource: kind.resource,
          sid,
          runId: ctx.options.runId,
          error: String(error),
        }),
      );
    if (outcome.kind === "failed")
      logger.warn("not swept", {
        resource: kind.resource,
        sid,
        roomSid,
        step: outcome.step,
        detail: outcome.detail,
      });
  }
};
