import type { TwilioFailure } from "../twilio/failures";
import type { TwilioVideo } from "../twilio/ports";
import type { Pacer } from "./pacer";

/** The part of Twilio the sweep uses. */
export type SweepTwilio = Pick<
  TwilioVideo,
  | "fetchRecording"
  | "deleteRecording"
  | "listRecordings"
  | "openMedia"
  | "fetchComposition"
  | "deleteComposition"
  | "listCompositions"
  | "openCompositionMedia"
>;

/** Twilio's default per-account limits for Video REST calls. */
export const TWILIO_WRITES_PER_SECOND = 20;
export const TWILIO_READS_PER_SECOND = 80;

/**
 * Every call, for recordings and compositions alike, waits for its slot in the account's one
 * budget first: a DELETE is a write, everything else (a list page, a fetch, the `/Media` request
 * behind opening media) a read. The media download itself goes to the
 * media host, which Twilio's REST limits do not count.
 */
export const pacedTwilio = (twilio: SweepTwilio, pacers: { reads: Pacer; writes: Pacer }): SweepTwilio => {
  const paced =
    <Args extends unknown[], T>(pacer: Pacer, call: (...args: Args) => Promise<T>) =>
    async (...args: Args): Promise<T> => {
      await pacer.take();
      return call(...args);
    };
  const pacedList =
    <Options, Page>(list: (options?: Options) => AsyncIterable<Page>) =>
    (options?: Options): AsyncIterable<Page> => ({
      async *[Symbol.asyncIterator]() {
        const pages = list(options)[Symbol.asyncIterator]();
        for (;;) {
          await pacers.reads.take();
          const page = await pages.next();
          if (page.done) return;
          yield page.value;
        }
      },
    });
  return {
    fetchRecording: paced(pacers.reads, twilio.fetchRecording.bind(twilio)),
    deleteRecording: paced(pacers.writes, twilio.deleteRecording.bind(twilio)),
    openMedia: paced(pacers.reads, twilio.openMedia.bind(twilio)),
    listRecordings: pacedList(twilio.listRecordings.bind(twilio)),
    fetchComposition: paced(pacers.reads, twilio.fetchComposition.bind(twilio)),
    deleteComposition: paced(pacers.writes, twilio.deleteComposition.bind(twilio)),
    openCompositionMedia: paced(pacers.reads, twilio.openCompositionMedia.bind(twilio)),
    listCompositions: pacedList(twilio.listCompositions.bind(twilio)),
  };
};

/**
 * Failures that say Twilio cannot be worked with now, after the client's own retries: the sweep
 * stops calling it for the rest of the run. `rate-limited`, `not-found` and `bad-request` concern
 * one call and leave the rest of the run alone.
 */
export const isTwilioGone = (failure: TwilioFailure): boolean =>
  failure.kind === "unavailable" || failure.kind === "account-unavailable" || failure.kind === "unauthorized";

export const describeFailure = (failure: TwilioFailure): string => `${failure.kind}: ${failure.message}`;
