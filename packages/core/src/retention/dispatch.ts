import type { IndexedResource } from "../indexing/not-found";
import type { SweepContext } from "./context";
import { noCounts } from "./context";
import type { Run, RunItem } from "./run-ledger";
import type { PlannedAction, SweepCounts, SweepWorkers } from "./types";

const DEFAULT_POLL_MS = 1000;

/** What workers archive: anything that may need a copy. A plain deletion is one Twilio call, made in place. */
export const forWorkers = (planned: PlannedAction): boolean => planned.action !== "delete";

const keyOf = (item: RunItem): string => `${item.resource}#${item.sid}`;

/**
 * Hands `work` to the workers as `sweep-item` jobs, at most `window` unsettled at once, while the
 * run may start work; then waits, until the deadline, for those in flight. Items the run settled
 * already (in an earlier pass) are not handed out again. What was not handed out, or not settled
 * by the deadline, counts `remaining`, tried again by the next pass. Answers what the workers
 * counted meanwhile, kind by kind.
 */
export const dispatch = async (
  ctx: SweepContext,
  workers: SweepWorkers,
  work: readonly PlannedAction[],
): Promise<Record<IndexedResource, SweepCounts>> => {
  const { ledger, window } = workers;
  const { runId } = ctx.options;
  const sleep = ctx.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = workers.pollMs ?? DEFAULT_POLL_MS;
  const before = await runOf(ctx);
  const settledBefore = new Set((await ledger.settledOf(runId, work)).map(keyOf));
  const todo = work.filter((planned) => !settledBefore.has(keyOf(planned)));
  let sent = 0;
  let settled = 0;
  const look = async () => {
    settled = (await runOf(ctx)).settled - before.settled;
    ctx.progress("execute", Math.min(settled, sent), todo.length);
  };
  while (sent < todo.length && ctx.canStart()) {
    const room = Math.max(0, window - (sent - settled));
    if (room === 0) {
      await sleep(pollMs);
      await look();
      continue;
    }
    const batch = todo.slice(sent, sent + room);
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
    await ledger.dispatched(runId, batch.length);
    sent += batch.length;
  }
  while (settled < sent && !ctx.pastDeadline()) {
    await sleep(pollMs);
    await look();
  }
  const done = new Set((await ledger.settledOf(runId, todo.slice(0, sent))).map(keyOf));
  for (const planned of todo) if (!done.has(keyOf(planned))) ctx.counts[planned.resource].remaining++;
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
