import { createPacer, type Pacer } from "./pacer";

/** What Twilio counts a REST call as: a DELETE is a write, everything else a read. */
export type TwilioCallKind = "read" | "write";

/**
 * Twilio's budget, per account: every call waits here for its slot first. Twilio counts per
 * account SID (subaccounts have their own budget), so slots are handed out per account, and every
 * caller working for one deployment (the sweep, each worker) must draw on the same limiter.
 */
export interface RateLimiter {
  /** Resolves when a call of this kind, for this account, may start. */
  take(accountSid: string | null, call: TwilioCallKind): Promise<void>;
}

export type RateLimits = { readsPerSecond: number; writesPerSecond: number };

/**
 * A limiter for callers in one process: a pacer per account and kind of call. Enough for a sweep
 * that does all its work itself; workers in other processes need a shared one.
 */
export const inProcessRateLimiter = (
  limits: RateLimits,
  options: { clock: () => number; sleep: (ms: number) => Promise<void> },
): RateLimiter => {
  const pacers = new Map<string, Pacer>();
  return {
    take(accountSid, call) {
      const key = `${accountSid ?? ""}#${call}`;
      let pacer = pacers.get(key);
      if (pacer === undefined) {
        const perSecond = call === "write" ? limits.writesPerSecond : limits.readsPerSecond;
        pacer = createPacer({ perSecond, ...options });
        pacers.set(key, pacer);
      }
      return pacer.take();
    },
  };
};
