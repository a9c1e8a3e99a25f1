import { isDeepStrictEqual } from "node:util";
import type { CompositionState, CompositionStore } from "@video-recordings/core";
import type { CallbackLedger } from "./callback-ledger";

// Twilio's order of a composition's life; completed and failed both end it.
const RANK: Readonly<Record<CompositionState["status"], number>> = {
  enqueued: 0,
  processing: 1,
  completed: 2,
  failed: 2,
  deleted: 3,
};

/**
 * The indexed compositions, read again after every batch that told the index something about
 * them: each must be the merge of every event accepted so far, its status never back, its
 * progress never less, no field it had gone. Problems are kept one example per kind.
 */
export class CompositionWatch {
  private readonly seen = new Map<string, CompositionState>();
  private readonly problems = new Map<string, { count: number; example: string }>();
  /** Reads made of the index, over all batches. */
  reads = 0;

  constructor(
    private readonly store: CompositionStore,
    private readonly ledger: CallbackLedger,
  ) {}

  async check(sids: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(sids)].map((sid) => this.checkOne(sid)));
  }

  report(): string[] {
    return [...this.problems].map(
      ([problem, { count, example }]) => `${problem} (${count}×), e.g. ${example}`,
    );
  }

  private async checkOne(sid: string): Promise<void> {
    this.reads++;
    const state = (await this.store.get(sid))?.state;
    const expected = this.ledger.expectedCompositionState(sid);
    if (!isDeepStrictEqual(state, expected))
      this.add(
        "indexed otherwise than the merge of the events accepted so far",
        `${sid}: ${JSON.stringify(state)} where ${JSON.stringify(expected)}`,
      );
    const before = this.seen.get(sid);
    if (state !== undefined) this.seen.set(sid, state);
    if (before === undefined) return;
    if (state === undefined) return this.add("vanished from the index", sid);
    if (RANK[state.status] < RANK[before.status])
      this.add("status went back", `${sid}: ${before.status} → ${state.status}`);
    if ((state.progress ?? -1) < (before.progress ?? -1))
      this.add("progress shrank", `${sid}: ${before.progress} → ${state.progress}`);
    for (const [name, value] of Object.entries(before))
      if (value !== null && state[name as keyof CompositionState] === null)
        this.add(`lost ${name}`, `${sid}: had ${JSON.stringify(value)}`);
  }

  private add(problem: string, example: string): void {
    const known = this.problems.get(problem);
    if (known) known.count++;
    else this.problems.set(problem, { count: 1, example: example.slice(0, 1_500) });
  }
}
