import { WriteContentionError } from "./errors";
import type { RecordingStore, StoredRecording } from "./ports";
import type { RecordingState } from "./recording";

/** What an update makes of the stored record: a state to write and the answer once written, or an answer now. */
export type UpdateStep<T> = { write: RecordingState; answer: T } | { answer: T };

// Each lost race means somebody else wrote, so contention ends quickly; this bound only guards
// against a store that never accepts a write.
const MAX_ATTEMPTS = 50;

/**
 * Optimistic, version-checked read-modify-write of one recording: `decide` sees the stored record
 * (undefined when there is none) and is asked again on every lost race, with what won it, so
 * concurrent writers never overwrite each other. `stored` skips the first read when the caller
 * already holds the record.
 */
export const updateRecording = async <T>(
  store: RecordingStore,
  sid: string,
  decide: (stored: StoredRecording | undefined) => UpdateStep<T>,
  stored?: StoredRecording,
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
