import type { RecordingState } from "../recordings/recording";
import type { RetentionPolicy } from "../settings/retention-policy";
import { forEachBounded } from "./bounded";
import type { SweepContext } from "./context";
import { hasMedia, isExpired, needsTwilioFacts, requiresArchive } from "./rules";
import type { PlannedAction, PlannedActionKind, SweepMode } from "./types";

export type PlanInput = {
  mode: SweepMode;
  policy: RetentionPolicy;
  cutoff: string;
  /** Whether the recording's room is on hold (false when the room is unknown). */
  held: boolean;
};

/** What the run should do with one indexed recording, or null for nothing. Pure: the rules in one place. */
export const planAction = (state: RecordingState, input: PlanInput): PlannedActionKind | null => {
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

/**
 * Reads the candidates from the index (live recordings created before the cutoff, through the
 * sparse `byAge` index) and answers the work to do. Holds are looked up once per room here; the
 * deletion itself checks again at the last moment.
 */
export const planRun = async (
  ctx: SweepContext,
  overlay: ReadonlyMap<string, RecordingState>,
): Promise<PlannedAction[]> => {
  const { store, holds, policy } = ctx.deps;
  const { mode } = ctx.options;
  const rooms = new Map<string, Promise<boolean>>();
  const isHeld = (roomSid: string): Promise<boolean> => {
    let held = rooms.get(roomSid);
    if (held === undefined) {
      held = holds.isHeld(roomSid);
      rooms.set(roomSid, held);
    }
    return held;
  };
  const work: PlannedAction[] = [];
  const consider = async (state: RecordingState): Promise<void> => {
    if (state.status === "deleted" || !isExpired(state, ctx.cutoff)) return;
    ctx.counts.examined++;
    const held = mode === "sweep" && state.roomSid !== null && (await isHeld(state.roomSid));
    const action = planAction(state, { mode, policy, cutoff: ctx.cutoff, held });
    if (action === null) return;
    const planned: PlannedAction = {
      recordingSid: state.sid,
      roomSid: state.roomSid,
      dateCreated: state.dateCreated,
      action,
      size: state.size,
      detail: action === "check" ? `index says ${state.status}; Twilio is asked first` : null,
    };
    if (action === "skip-held") ctx.counts.held++;
    else {
      ctx.counts.eligible++;
      work.push(planned);
    }
    if (ctx.options.dryRun) ctx.plan.push(planned);
  };

  const seen = new Set<string>();
  for await (const page of store.listLiveCreatedBefore(ctx.cutoff)) {
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
  // Oldest first: what has waited longest goes before a deadline cuts the run short.
  return work.sort((a, b) => (a.dateCreated < b.dateCreated ? -1 : a.dateCreated > b.dateCreated ? 1 : 0));
};
