import { updateState } from "../indexing/update-state";
import { logger } from "../log";
import { erasePersonalData, holdsPersonalData } from "../privacy/personal-data";
import type { RecordingState } from "../recordings/recording";
import { forEachBounded } from "./bounded";
import type { SweepContext } from "./context";
import { isExpired } from "./rules";
import type { PlannedAction } from "./types";

/**
 * Erases the personal facts (participant identity, room and track names) of recordings created
 * before the PII cutoff, found through the sparse `byPersonal` index, which a recording leaves once
 * erased: a run reads only what is due. Never a held room's. Needs nothing from Twilio, so it runs
 * when Twilio is unreachable too; export runs leave the index alone.
 *
 * Page by page, so a first run over years of recordings holds one page at a time; a run the
 * deadline stops counts the rest of its page as remaining, and the next run finds the others.
 */
export const expirePersonalData = async (ctx: SweepContext): Promise<void> => {
  const cutoff = ctx.piiCutoff;
  if (cutoff === null || ctx.options.mode === "export") return;
  let done = 0;
  for await (const page of ctx.deps.recordings.listHoldingPersonalDataBefore(cutoff)) {
    const started = await forEachBounded(
      page,
      ctx.concurrency,
      () => !ctx.pastDeadline(),
      async (listed) => {
        await eraseOne(ctx, listed.sid, cutoff);
        ctx.progress("pii-expiry", ++done, null);
      },
    );
    if (started < page.length) {
      ctx.counts.recording.remaining += page.length - started;
      return;
    }
  }
};

/**
 * Decided again from a fresh read, the hold checked last, just before the write. The audit entry
 * goes first, so a crash can repeat it but never leave an erasure unrecorded.
 */
const eraseOne = async (ctx: SweepContext, sid: string, cutoff: string): Promise<void> => {
  const { recordings, holds } = ctx.deps;
  const counts = ctx.counts.recording;
  let roomSid: string | null = null;
  try {
    const stored = await recordings.get(sid);
    if (stored === undefined || !isDue(stored.state, cutoff)) return;
    const state = stored.state;
    roomSid = state.roomSid;
    const planned: Omit<PlannedAction, "action"> = {
      resource: "recording",
      sid,
      accountSid: ctx.accountOf(state),
      roomSid,
      dateCreated: state.dateCreated,
      size: null,
      detail: "personal data",
    };
    // A room the index does not know cannot have its hold checked: the recording waits until a
    // callback or reconciliation names it.
    if (roomSid === null) {
      counts.skipped++;
      return;
    }
    if (await holds.isHeld(roomSid)) {
      counts.personalDataHeld++;
      if (ctx.options.dryRun) ctx.plan.push({ ...planned, action: "skip-held" });
      return;
    }
    if (ctx.options.dryRun) {
      counts.personalDataErased++;
      ctx.plan.push({ ...planned, action: "erase-personal-data" });
      return;
    }
    await ctx.audit({
      resource: "recording",
      sid,
      roomSid,
      action: "personal-data-erased",
      step: "pii-expiry",
      detail: `created ${state.dateCreated}`,
      archiveKey: null,
    });
    const erased = await updateState(
      recordings,
      sid,
      (current) =>
        current === undefined || !isDue(current.state, cutoff)
          ? { answer: false }
          : { write: erasePersonalData(current.state, ctx.now()), answer: true },
      stored,
    );
    if (erased) counts.personalDataErased++;
  } catch (error) {
    // One recording's surprise must not stop the others; it stays in the index for the next run.
    counts.failed++;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected failure";
    logger.warn("personal data not erased", { resource: "recording", sid, detail });
    await ctx
      .audit({
        resource: "recording",
        sid,
        roomSid,
        action: "failed",
        step: "pii-expiry",
        detail,
        archiveKey: null,
      })
      .catch(() => undefined);
  }
};

const isDue = (state: RecordingState, cutoff: string): boolean =>
  holdsPersonalData(state) && isExpired(state, cutoff);
