/**
 * Sliding one-second window per (account, kind): a request passes when fewer
 * than `limit` requests passed in the last 1000 ms, so no second ever sees
 * more than `limit` (a token bucket would let up to twice that through in the
 * first second). It runs on real monotonic time, not the injectable clock:
 * Twilio's limits are about wall time, and a frozen test clock must not
 * freeze the window.
 */
export type Monotonic = () => number;

interface Window {
  times: number[];
  head: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  /** Requests refused (answered 429), by key: what a client's limiter did not prevent. */
  readonly refused = new Map<string, number>();
  readonly #now: Monotonic;

  constructor(now: Monotonic) {
    this.#now = now;
  }

  /** Admits and counts the request if there is room; a refused request is not counted. */
  take(key: string, limit: number): boolean {
    const now = this.#now();
    let w = this.#windows.get(key);
    if (!w) {
      w = { times: [], head: 0 };
      this.#windows.set(key, w);
    }
    while (w.head < w.times.length && (w.times[w.head] ?? 0) <= now - 1000) w.head++;
    // Compact now and then so the array holds about one second of requests.
    if (w.head > 1024 && w.head * 2 > w.times.length) {
      w.times = w.times.slice(w.head);
      w.head = 0;
    }
    if (w.times.length - w.head >= limit) {
      this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
      return false;
    }
    w.times.push(now);
    return true;
  }

  reset(): void {
    this.#windows.clear();
    this.refused.clear();
  }
}
