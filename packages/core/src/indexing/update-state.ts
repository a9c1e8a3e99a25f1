import { WriteContentionError } from "../recordings/errors";
import type { Stored } from "./ports";

/** A store of versioned records by key, as the index and the participant files are. */
export type VersionedStore<State> = {
  get(key: string): Promise<Stored<State> | undefined>;
  /** Writes only if the stored version is still `expectedVersion` (undefined: nothing stored yet). */
  put(state: State, expectedVersion: number | undefined): Promise<"written" | "conflict">;
};

/** What an update makes of the stored record: a state to write and the answer once written, or an answer now. */
export type UpdateStep<State, T> = { write: State; answer: T } | { answer: T };

// Each lost race means somebody else wrote, so contention ends quickly; this bound only guards
// against a store that never accepts a write.
const MAX_ATTEMPTS = 50;

/**
 * Optimistic, version-checked read-modify-write of one record: `decide` sees the stored record
 * (undefined when there is none) and is asked again on every lost race, with what won it, so
 * concurrent writers never overwrite each other. `stored` skips the first read when the caller
 * already holds the record.
 */
export const updateState = async <State, T>(
  store: VersionedStore<State>,
  sid: string,
  decide: (stored: Stored<State> | undefined) => UpdateStep<State, T>,
  stored?: Stored<State>,
): Promise<T> => {
  let current = stored ?? (await store.get(sid));
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const step = decide(current);
    if (!("write" in step)) return step.answer;
    if ((await store.put(step.write, current?.version)) === "written") return step.answer;
    current = await store.get(sid);
  }
  throw new WriteContentionError(sid, MAX_ATTEMPTS);
};
