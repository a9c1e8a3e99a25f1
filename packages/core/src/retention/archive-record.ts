import type { ArchiveCopy } from "../indexing/schema";
import { updateState } from "../indexing/update-state";
import { VanishedFromIndexError } from "./errors";
import type { SweptKind, SweptState } from "./swept-kind";

/**
 * Records a verified copy on the index with a version-checked write, so a status callback merged
 * at the same moment is neither lost nor able to lose the copy (merging keeps `archive`). A copy
 * somebody else recorded first is kept. Answers the state as stored.
 */
export const recordArchive = (kind: SweptKind, sid: string, copy: ArchiveCopy): Promise<SweptState> =>
  updateState(kind.store, sid, (stored) => {
    if (stored === undefined) throw new VanishedFromIndexError(kind.resource, sid);
    if (stored.state.archive !== null) return { answer: stored.state };
    const next = { ...stored.state, archive: copy };
    return { write: next, answer: next };
  });

/**
 * Forgets the copy at `key`, and what was made from it, once they are removed; a different copy
 * recorded since is left alone.
 */
export const clearArchive = (kind: SweptKind, sid: string, key: string): Promise<void> =>
  updateState(kind.store, sid, (stored) =>
    stored === undefined || stored.state.archive?.key !== key
      ? { answer: undefined }
      : { write: kind.withoutCopy(stored.state), answer: undefined },
  );
