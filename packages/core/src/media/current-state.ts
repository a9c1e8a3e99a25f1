import type { IndexedState } from "../indexing/model";
import type { IndexedResource } from "../indexing/not-found";
import type { IndexStore } from "../indexing/ports";
import { indexReport } from "../recordings/index-report";
import type { RecordingState } from "../recordings/recording";
import { err, ok, type Result } from "../result";
import { timestampFromDate } from "../timestamps";
import type { TwilioFailure } from "../twilio/failures";
import { toRecordingReport } from "../twilio/twilio-recording";
import type { MediaLinkDeps, MediaLinkRejection } from "./media-link";

/**
 * The recording as indexed, refreshed from Twilio when the index lacks it or still says
 * `processing`: both are what a lost callback leaves behind.
 */
export const currentRecording = (
  deps: Pick<MediaLinkDeps, "store" | "twilio" | "clock">,
  sid: string,
  deadline: number,
): Promise<Result<RecordingState, MediaLinkRejection>> =>
  indexedOrFetched({
    resource: "recording",
    sid,
    store: deps.store,
    settled: (state) => state.status !== "processing",
    fetch: (accountSid) => deps.twilio.fetchRecording(sid, { deadline, accountSid }),
    index: (fetched) => indexReport(deps.store, toRecordingReport(fetched, timestampFromDate(deps.clock()))),
  });

/**
 * A resource as indexed when the index can be trusted with it (`settled`), otherwise as Twilio
 * says it is now, indexed first; the index's record still serves when Twilio cannot answer.
 */
export const indexedOrFetched = async <
  State extends IndexedState & { accountSid: string | null },
  Fetched,
>(target: {
  resource: IndexedResource;
  sid: string;
  store: Pick<IndexStore<State>, "get">;
  settled(state: State): boolean;
  /** Asks the account that owns it, when the index knows it (else the first account). */
  fetch(accountSid: string | null): Promise<Result<Fetched, TwilioFailure>>;
  index(fetched: Fetched): Promise<unknown>;
}): Promise<Result<State, MediaLinkRejection>> => {
  const { resource, sid } = target;
  const stored = await target.store.get(sid);
  if (stored && target.settled(stored.state)) return ok(stored.state);
  const fetched = await target.fetch(stored?.state.accountSid ?? null);
  if (!fetched.ok) {
    if (stored) return ok(stored.state);
    return fetched.error.kind === "not-found"
      ? err({ kind: "not-found", resource, sid })
      : err({ kind: "twilio-failed", failure: fetched.error });
  }
  await target.index(fetched.value);
  const indexed = await target.store.get(sid);
  if (!indexed) throw new Error(`${resource} ${sid} was indexed but cannot be read back`);
  return ok(indexed.state);
};
