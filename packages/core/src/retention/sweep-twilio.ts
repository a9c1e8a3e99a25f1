import type { TwilioFailure } from "../twilio/failures";
import type { CallOptions, TwilioVideo } from "../twilio/ports";
import type { RateLimiter, TwilioCallKind } from "./rate-limiter";

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
 * Every call, for recordings and compositions alike, waits for its slot in its account's budget
 * first (the account its options name): a DELETE is a write, everything else (a list page, a
 * fetch, the `/Media` request behind opening media) a read. The media download itself goes to the
 * media host, which Twilio's REST limits do not count.
 */
export const pacedTwilio = (twilio: SweepTwilio, limiter: RateLimiter): SweepTwilio => {
  const paced =
    <Options extends CallOptions, T>(
      kind: TwilioCallKind,
      call: (sid: string, options?: Options) => Promise<T>,
    ) =>
    async (sid: string, options?: Options): Promise<T> => {
      await limiter.take(options?.accountSid ?? null, kind);
      return call(sid, options);
    };
  const pacedList =
    <Options extends CallOptions, Page>(list: (options?: Options) => AsyncIterable<Page>) =>
    (options?: Options): AsyncIterable<Page> => ({
      async *[Symbol.asyncIterator]() {
        const pages = list(options)[Symbol.asyncIterator]();
        for (;;) {
          await limiter.take(options?.accountSid ?? null, "read");
          const page = await pages.next();
          if (page.done) return;
          yield page.value;
        }
      },
    });
  return {
    fetchRecording: paced("read", twilio.fetchRecording.bind(twilio)),
    deleteRecording: paced("write", twilio.deleteRecording.bind(twilio)),
    openMedia: paced("read", twilio.openMedia.bind(twilio)),
    listRecordings: pacedList(twilio.listRecordings.bind(twilio)),
    fetchComposition: paced("read", twilio.fetchComposition.bind(twilio)),
    deleteComposition: paced("write", twilio.deleteComposition.bind(twilio)),
    openCompositionMedia: paced("read", twilio.openCompositionMedia.bind(twilio)),
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
