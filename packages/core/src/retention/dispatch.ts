import type { IndexedResource } from "../indexing/not-found";
import type { SweepContext } from "./context";
import { noCounts } from "./context";
import type { Run, RunItem } from "./run-ledger";
import type { PlannedAction, SweepCounts, SweepWorkers } from "./types";

// A refill at most this late: a window of 16 refilled four times a second passes 64 items a second.
const DEFAULT_POLL_MS = 250;

/** What workers archive: anything that may need a copy. A plain deletion is one Twilio call, made in place. */
export const forWorkers = (planned: PlannedAction): boolean => planned.action !== "delete";

const keyOf = (item: RunItem): string => `${item.resource}#${item.sid}`;

/**
 * Hands `work` to the workers as `sweep-item` jobs, at most `window` unsettled at once, each while
 * its account's Twilio answers and before the deadline; then waits, until the deadline, for those
 * in flight. Items the run settled already (in an earlier pass) are not handed out again. What was
 * not handed out, or not settled by the deadline, counts `remaining`, for the next pass. Calls
 * `done` for each item settled; answers what the workers counted meanwhile, kind by kind.
 */
export const dispatch = async (
  ctx: SweepContext,
  workers: SweepWorkers,
  work: readonly PlannedAction[],
  done: () => void,
): Promise<Record<IndexedResource, SweepCounts>> => {
  const { ledger, window } = workers;
  const { runId } = ctx.options;
  const sleep = ctx.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = workers.pollMs ?? DEFAULT_POLL_MS;
  const before = await runOf(ctx);
  const settledBefore = new Set((await ledger.settledOf(runId, work)).map(keyOf));
  const todo = work.filter((planned) => !settledBefore.has(keyOf(planned)));
  const sent: PlannedAction[] = [];
  let next = 0;
  let settled = 0;
  const look = async () => {
    await sleep(pollMs);
    const now = Math.min((await runOf(ctx)).settled - before.settled, sent.length);
    for (; settled < now; settled++) done();
  };
  while (next < todo.length && !ctx.pastDeadline()) {
    const room = window - (sent.length - settled);
    if (room <= 0) {
      await look();
      continue;
    }
    const batch: PlannedAction[] = [];
    while (next < todo.length && batch.length < room) {
      const planned = todo[next++] as PlannedAction;
      if (ctx.canStart(planned.accountSid)) batch.push(planned);
    }
    await Promise.all(
      batch.map((planned) =>
        ctx.deps.jobs.enqueue({
          kind: "sweep-item",
          runId,
          mode: ctx.options.mode,
          startedAt: ctx.startedAt,
          resource: planned.resource,
          sid: planned.sid,
          accountSid: planned.accountSid,
        }),
      ),
    );
    if (batch.length > 0) await ledger.dispatched(runId, batch.length);
    sent.push(...batch);
  }
  while (settled < sent.length && !ctx.pastDeadline()) await look();
  const finished = new Set((await ledger.settledOf(runId, sent)).map(keyOf));
  for (const planned of todo) if (!finished.has(keyOf(planned))) ctx.counts[planned.resource].remaining++;
  const after = await runOf(ctx);
  return { recording: since(before, after, "recording"), composition: since(before, after, "composition") };
};

const runOf = async (ctx: SweepContext): Promise<Run> => {
  const run = await ctx.deps.workers?.ledger.get(ctx.options.runId);
  if (run === undefined) throw new Error(`run ${ctx.options.runId} is not in the ledger`);
  return run;
};

/** What the workers added to one kind's counts between two reads of the run (`remaining` is the pass's own). */
const since = (before: Run, after: Run, resource: IndexedResource): SweepCounts => {
  const counts = noCounts();
  for (const name of Object.keys(counts) as (keyof SweepCounts)[])
    if (name !== "remaining") counts[name] = after.byKind[resource][name] - before.byKind[resource][name];
  return counts;
};
