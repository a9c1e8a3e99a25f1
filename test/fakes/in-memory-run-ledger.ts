import type { Run, RunEnd, RunItem, RunLedger, SweepCounts } from "@video-recordings/core/retention";

const itemKey = (runId: string, item: RunItem) => `${runId}#${item.resource}#${item.sid}`;

/** The run ledger in memory, with what `dynamoRunLedger` promises. */
export class InMemoryRunLedger implements RunLedger {
  readonly runs = new Map<string, Run>();
  readonly markers = new Set<string>();

  async start(run: Run) {
    if (this.runs.has(run.runId)) return "exists" as const;
    this.runs.set(run.runId, structuredClone(run));
    return "started" as const;
  }

  async get(runId: string) {
    const run = this.runs.get(runId);
    return run && structuredClone(run);
  }

  async dispatched(runId: string, items: number) {
    this.must(runId).dispatched += items;
  }

  async settle(runId: string, item: RunItem, counts: SweepCounts) {
    const run = this.must(runId);
    const key = itemKey(runId, item);
    if (this.markers.has(key)) return "duplicate" as const;
    this.markers.add(key);
    add(run.byKind[item.resource], counts);
    run.settled++;
    return "settled" as const;
  }

  async giveBack(runId: string) {
    this.must(runId).settled++;
  }

  async settledOf(runId: string, items: readonly RunItem[]) {
    return items.filter((item) => this.markers.has(itemKey(runId, item)));
  }

  async endPass(runId: string, counts: Run["byKind"]) {
    const run = this.must(runId);
    for (const resource of ["recording", "composition"] as const) {
      add(run.byKind[resource], counts[resource]);
      run.byKind[resource].remaining = counts[resource].remaining;
    }
  }

  async finish(runId: string, end: RunEnd) {
    Object.assign(this.must(runId), end);
  }

  private must(runId: string): Run {
    const run = this.runs.get(runId);
    if (run === undefined) throw new Error(`no run ${runId}`);
    return run;
  }
}

const add = (total: SweepCounts, counts: SweepCounts) => {
  for (const name of Object.keys(total) as (keyof SweepCounts)[])
    if (name !== "remaining") total[name] += counts[name];
};
