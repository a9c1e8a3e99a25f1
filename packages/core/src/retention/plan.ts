import type { RetentionPolicy } from "../settings/retention-policy";
import { forEachBounded } from "./bounded";
import type { SweepContext } from "./context";
import { hasMedia, isExpired, needsTwilioFacts, requiresArchive } from "./rules";
import type { SweptKind, SweptState } from "./swept-kind";
import type { PlannedAction, PlannedActionKind, SweepMode } from "./types";

export type PlanInput = {
  mode: SweepMode;
  policy: RetentionPolicy;
  cutoff: string;
  /** Whether its room is on hold (false when the room is unknown). */
  held: boolean;
};

/**
 * What the run should do with one indexed recording or composition, or null for nothing. Pure:
 * the rules in one place.
 */
export const planAction = (state: SweptState, input: PlanInput): PlannedActionKind | null => {
  if (state.status === "deleted" || !isExpired(state, input.cutoff)) return null;
  if (input.mode === "export") {
    if (state.archive !== null || state.status === "failed") return null;
    if (needsTwilioFacts(state)) return "check";
    return hasMedia(state) ? "archive" : null;
  }
  if (input.held) return "skip-held";
  if (needsTwilioFacts(state)) return "check";
  return requiresArchive(state, input.policy) && state.archive === null ? "archive-and-delete" : "delete";
};

/** Holds are looked up once per room while planning; the deletion itself checks again at the last moment. */
export type RoomHolds = (roomSid: string) => Promise<boolean>;

export const roomHolds = (ctx: SweepContext): RoomHolds => {
  const rooms = new Map<string, Promise<boolean>>();
  return (roomSid) => {
    let held = rooms.get(roomSid);
    if (held === undefined) {
      held = ctx.deps.holds.isHeld(roomSid);
      rooms.set(roomSid, held);
    }
    return held;
  };
};

/**
 * Reads one kind's candidates from its index (live resources created before the kind's cutoff,
 * through the sparse `byAge` index) and answers the work to do.
 */
export const planKind = async (
  ctx: SweepContext,
  kind: SweptKind,
  overlay: ReadonlyMap<string, SweptState>,
  isHeld: RoomHolds,
): Promise<PlannedAction[]> => {
  const { policy } = ctx.deps;
  const { mode } = ctx.options;
  const cutoff = ctx.cutoff(kind);
  const counts = ctx.counts[kind.resource];
  const work: PlannedAction[] = [];
  const consider = async (state: SweptState): Promise<void> => {
    if (state.status === "deleted" || !isExpired(state, cutoff)) return;
    if (!ctx.accounts.includes(ctx.accountOf(state))) return;
    counts.examined++;
    const held = mode === "sweep" && state.roomSid !== null && (await isHeld(state.roomSid));
    const action = planAction(state, { mode, policy, cutoff, held });
    if (action === null) return;
    const planned: PlannedAction = {
      resource: kind.resource,
      sid: state.sid,
      accountSid: ctx.accountOf(state),
      roomSid: state.roomSid,
      dateCreated: state.dateCreated,
      action,
      size: state.size,
      detail: action === "check" ? `index says ${state.status}; Twilio is asked first` : null,
    };
    if (action === "skip-held") counts.held++;
    else {
      counts.eligible++;
      work.push(planned);
    }
    if (ctx.options.dryRun) ctx.plan.push(planned);
  };

  const seen = new Set<string>();
  for await (const page of kind.store.listLiveCreatedBefore(cutoff)) {
    const fresh = page.filter((state) => !seen.has(state.sid));
    for (const state of fresh) seen.add(state.sid);
    await forEachBounded(
      fresh,
      ctx.concurrency,
      () => true,
      (state) => consider(overlay.get(state.sid) ?? state),
    );
    ctx.progress("plan", seen.size, null);
  }
  // A dry run's reconciliation only imagined these into the index.
  for (const state of overlay.values()) if (!seen.has(state.sid)) await consider(state);
  return work;
};

/** Oldest first, whatever the kind: what has waited longest goes before a deadline cuts the run short. */
export const oldestFirst = (work: PlannedAction[]): PlannedAction[] =>
  work.sort((a, b) => (a.dateCreated < b.dateCreated ? -1 : a.dateCreated > b.dateCreated ? 1 : 0));
