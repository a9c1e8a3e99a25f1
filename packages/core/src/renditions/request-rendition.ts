import type { JobQueue } from "../jobs/ports";
import type { RecordingStore } from "../recordings/ports";
import type { RecordingState } from "../recordings/recording";
import type { Result } from "../result";
import { type JobClaim, type Preparing, type QueueUnavailable, queueOnce } from "./queue-once";

/**
 * Queues the job that makes a recording's rendition, unless a request queued it within the hour:
 * the recording keeps when (`renditionQueuedAt`).
 */
export const requestRendition = (
  deps: { recordings: RecordingStore; jobs: JobQueue; clock: () => Date },
  sid: string,
): Promise<Result<Preparing, QueueUnavailable>> =>
  queueOnce(deps, renditionClaim(deps.recordings, sid), { kind: "rendition", recordingSid: sid });

const renditionClaim = (store: RecordingStore, sid: string): JobClaim<RecordingState> => ({
  store,
  key: sid,
  claim: (stored, at) => {
    // Callers read the recording a moment ago; it vanishing now is a bug, not the caller's doing.
    if (stored === undefined) throw new Error(`recording ${sid} vanished from the index`);
    return { ...stored, renditionQueuedAt: at };
  },
  queuedAt: (recording) => recording.renditionQueuedAt,
  release: (recording) => ({ ...recording, renditionQueuedAt: null }),
});
