import { logger } from "../log";
import type { RecordingState } from "../recordings/recording";
import { clearArchive } from "./archive-record";
import { forEachBounded } from "./bounded";
import type { SweepContext } from "./context";
import { isArchiveExpired } from "./rules";

/**
 * Removes archive copies older than the archive retention, found through the sparse `byArchive`
 * index; never a held room's. Needs nothing from Twilio, so it runs when Twilio is unreachable
 * or refuses the account too. The object goes first, then the index forgets it: a crash
 * in between leaves an entry pointing at nothing, which the next run clears (removing nothing is
 * fine). Export runs leave copies alone: they delete nothing.
 */
export const expireArchives = async (ctx: SweepContext): Promise<void> => {
  const cutoff = ctx.archiveCutoff;
  if (cutoff === null || ctx.options.mode === "export") return;
  const due = new Map<string, RecordingState>();
  for await (const page of ctx.deps.store.listArchivedBefore(cutoff))
    for (const state of page) due.set(state.sid, state);
  let done = 0;
  const started = await forEachBounded(
    [...due.keys()],
    ctx.concurrency,
    () => !ctx.pastDeadline(),
    async (sid) => {
      await expireOne(ctx, sid, cutoff);
      ctx.progress("archive-retention", ++done, due.size);
    },
  );
  ctx.counts.remaining += due.size - started;
};

const expireOne = async (ctx: SweepContext, sid: string, cutoff: string): Promise<void> => {
  const { store, holds, archive } = ctx.deps;
  const stored = await store.get(sid);
  const state = stored?.state;
  if (state === undefined || state.archive === null || !isArchiveExpired(state, cutoff)) return;
  const copy = state.archive;
  const planned = {
    recordingSid: sid,
    roomSid: state.roomSid,
    dateCreated: state.dateCreated,
    size: copy.size,
    detail: `archived ${copy.archivedAt}`,
  };
  if (state.roomSid !== null && (await holds.isHeld(state.roomSid))) {
    ctx.counts.held++;
    if (ctx.options.dryRun) ctx.plan.push({ ...planned, action: "skip-held" });
    return;
  }
  if (ctx.options.dryRun) {
    ctx.counts.archiveExpired++;
    ctx.plan.push({ ...planned, action: "expire-archive" });
    return;
  }
  const entry = {
    recordingSid: sid,
    roomSid: state.roomSid,
    step: "archive-expiry",
    archiveKey: copy.key,
  } as const;
  try {
    await ctx.audit({ ...entry, action: "archive-expired", detail: `archived ${copy.archivedAt}` });
    await archive.remove(copy.key);
    await clearArchive(store, sid, copy.key);
    ctx.counts.archiveExpired++;
  } catch (error) {
    ctx.counts.failed++;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected failure";
    logger.warn("archive copy not expired", { recordingSid: sid, detail });
    await ctx.audit({ ...entry, action: "failed", detail }).catch(() => undefined);
  }
};
