import { WriteContentionError } from "../recordings/errors";
import type { RecordingStore } from "../recordings/ports";
import type { ArchiveCopy, RecordingState } from "../recordings/recording";
import { RecordingVanishedError } from "./errors";

// As in indexReport: every lost race means somebody else wrote, so this bound is never reached
// by contention alone.
const MAX_ATTEMPTS = 50;

/**
 * Records a verified copy on the index with a version-checked write, so a status callback merged
 * at the same moment is neither lost nor able to lose the copy (merging keeps `archive`). A copy
 * somebody else recorded first is kept. Answers the state as stored.
 */
export const recordArchive = async (
  store: RecordingStore,
  sid: string,
  copy: ArchiveCopy,
): Promise<RecordingState> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await store.get(sid);
    if (stored === undefined) throw new RecordingVanishedError(sid);
    if (stored.state.archive !== null) return stored.state;
    const next = { ...stored.state, archive: copy };
    if ((await store.put(next, stored.version)) === "written") return next;
  }
  throw new WriteContentionError(sid, MAX_ATTEMPTS);
};

/** Forgets the copy at `key` once it is removed; a different copy recorded since is left alone. */
export const clearArchive = async (store: RecordingStore, sid: string, key: string): Promise<void> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await store.get(sid);
    if (stored === undefined || stored.state.archive?.key !== key) return;
    if ((await store.put({ ...stored.state, archive: null }, stored.version)) === "written") return;
  }
  throw new WriteContentionError(sid, MAX_ATTEMPTS);
};
