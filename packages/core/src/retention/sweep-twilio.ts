import type { TwilioFailure } from "../twilio/failures";
import type { TwilioVideo } from "../twilio/ports";
import type { Pacer } from "./pacer";

/** The part of Twilio the sweep uses. */
export type SweepTwilio = Pick<
  TwilioVideo,
  "fetchRecording" | "deleteRecording" | "listRecordings" | "openMedia"
>;

/** Twilio's default per-account limits for Video REST calls. */
export const TWILIO_WRITES_PER_SECOND = 20;
export const TWILIO_READS_PER_SECOND = 80;

/**
 * Every call waits for its slot first: a DELETE is a write, everything else (a list page, a
 * fetch, the `/Media` request behind `openMedia`) a read. The media download itself goes to the
 * media host, which Twilio's REST limits do not count.
 */
export const pacedTwilio = (twilio: SweepTwilio, pacers: { reads: Pacer; writes: Pacer }): SweepTwilio => ({
  fetchRecording: async (sid, options) => {
    await pacers.reads.take();
    return twilio.fetchRecording(sid, options);
  },
  deleteRecording: async (sid, options) => {
    await pacers.writes.take();
    return twilio.deleteRecording(sid, options);
  },
  openMedia: async (sid, options) => {
    await pacers.reads.take();
    return twilio.openMedia(sid, options);
  },
  listRecordings: (options) => ({
    async *[Symbol.asyncIterator]() {
      const pages = twilio.listRecordings(options)[Symbol.asyncIterator]();
      for (;;) {
        await pacers.reads.take();
        const page = await pages.next();
        if (page.done) return;
        yield page.value;
      }
    },
  }),
});

/**
 * Failures that say Twilio cannot be worked with now, after the client's own retries: the sweep
 * stops calling it for the rest of the run. `rate-limited`, `not-found` and `bad-request` concern
 * one call and leave the rest of the run alone.
 */
export const isTwilioGone = (failure: TwilioFailure): boolean =>
  failure.kind === "unavailable" || failure.kind === "account-unavailable" || failure.kind === "unauthorized";

export const describeFailure = (failure: TwilioFailure): string => `${failure.kind}: ${failure.message}`;
