import { logger } from "../log";
import { clearArchive } from "./archive-record";
import { forEachBounded } from "./bounded";
import type { SweepContext } from "./context";
import { isArchiveExpired } from "./rules";
import type { SweptKind, SweptState } from "./swept-kind";

/**
 * Removes archive copies older than the archive retention, and the renditions made from them,
 * found through the sparse `byArchive` index; never a held room's. Needs nothing from Twilio, so it runs when Twilio is unreachable
 * or refuses the account too. The object goes first, then the index forgets it: a crash
 * in between leaves an entry pointing at nothing, which the next run clears (removing nothing is
 * fine). Export runs leave copies alone: they delete nothing.
 */
export const expireArchives = async (ctx: SweepContext, kind: SweptKind): Promise<void> => {
  const cutoff = ctx.archiveCutoff;
  if (cutoff === null || ctx.options.mode === "export") return;
  const due = new Map<string, SweptState>();
  for await (const page of kind.store.listArchivedBefore(cutoff))
    for (const state of page) due.set(state.sid, state);
  let done = 0;
  const started = await forEachBounded(
    [...due.keys()],
    ctx.concurrency,
    () => !ctx.pastDeadline(),
    async (sid) => {
      await expireOne(ctx, kind, sid, cutoff);
      ctx.progress("archive-retention", ++done, due.size);
    },
  );
  ctx.counts[kind.resource].remaining += due.size - started;
};

const expireOne = async (ctx: SweepContext, kind: SweptKind, sid: string, cutoff: string): Promise<void> => {
  const { holds, archive } = ctx.deps;
  const counts = ctx.counts[kind.resource];
  const stored = await kind.store.get(sid);
  const state = stored?.state;
  if (state === undefined || state.archive === null || !isArchiveExpired(state, cutoff)) return;
  const copy = state.archive;
  const planned = {
    resource: kind.resource,
    sid,
    accountSid: ctx.accountOf(state),
    roomSid: state.roomSid,
    dateCreated: state.dateCreated,
    size: copy.size,
    detail: `archived ${copy.archivedAt}`,
  };
  if (state.roomSid !== null && (await holds.isHeld(state.roomSid))) {
    counts.held++;
    if (ctx.options.dryRun) ctx.plan.push({ ...planned, action: "skip-held" });
    return;
  }
  if (ctx.options.dryRun) {
    counts.archiveExpired++;
    ctx.plan.push({ ...planned, action: "expire-archive" });
    return;
  }
  const entry = {
    resource: kind.resource,
    sid,
    roomSid: state.roomSid,
    step: "archive-expiry",
    archiveKey: copy.key,
  } as const;
  try {
    await ctx.audit({ ...entry, action: "archive-expired", detail: `archived ${copy.archivedAt}` });
    for (const made of kind.madeFromCopy(state)) await archive.remove(made);
    await archive.remove(copy.key);
    // Before the copy is forgotten: a crash here leaves the copy's record, and the next run this step.
    await kind.forgetMadeFromCopy(state);
    await clearArchive(kind, sid, copy.key);
    counts.archiveExpired++;
  } catch (error) {
    counts.failed++;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected failure";
    logger.warn("archive copy not expired", { resource: kind.resource, sid, detail });
    await ctx.audit({ ...entry, action: "failed", detail }).catch(() => undefined);
  }
};
