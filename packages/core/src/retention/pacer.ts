/** Spaces calls so that no window of one second starts more than the rate allows. */
export type Pacer = { take(): Promise<void> };

export type PacerOptions = {
  perSecond: number;
  /** Epoch ms. */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
};

/**
 * Hands out start slots at least `1000 / perSecond` ms apart (rounded up to whole ms, so rounding
 * can never squeeze one more call into a second), in the order callers ask. An idle pacer lets the
 * next call start at once; it never saves up a burst. Twilio counts per account, so every worker
 * of one sweep shares one pacer per kind of call.
 */
const HEADROOM = 1.03;

/**
 * The ms between two calls' slots at `perSecond`: 3 % under the rate, because our clock and
 * Twilio's window never line up exactly, and a call that lands a millisecond early costs a 429 and
 * a retry that crowds the next second. Every limiter, in process or shared, spaces calls by it.
 */
export const slotInterval = (perSecond: number): number => {
  if (!(perSecond > 0)) throw new RangeError("a pacer needs a positive rate");
  return Math.ceil((1000 / perSecond) * HEADROOM);
};

export const createPacer = ({ perSecond, clock, sleep }: PacerOptions): Pacer => {
  const interval = slotInterval(perSecond);
  let nextSlot = Number.NEGATIVE_INFINITY;
  return {
    async take() {
      const now = clock();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      if (slot > now) await sleep(slot - now);
    },
  };
};
