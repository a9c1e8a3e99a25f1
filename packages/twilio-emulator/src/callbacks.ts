import type { OutgoingCallback } from "./context";
import { type Random, shuffled } from "./random";
import { twilioSignature } from "./signature";
import type { CallbackMethod, Faults } from "./types";

export type DeliveryOutcome = "pending" | "held" | "delivered" | "rejected" | "failed" | "dropped";

/** One delivery as the log reports it (`GET /_emulator/callbacks`). */
export interface Delivery {
  id: number;
  event: string;
  roomSid: string;
  method: CallbackMethod;
  /** The URL requested and signed; for GET it carries the parameters. */
  url: string;
  params: Record<string, string>;
  signature: string;
  idempotencyToken: string;
  /** A copy made by the `duplicateCallbacks` fault. */
  duplicate: boolean;
  outcome: DeliveryOutcome;
  /** HTTP status of the last attempt, null if none connected. */
  status: number | null;
  attempts: number;
  error: string | null;
}

export interface DispatcherOptions {
  faults: () => Faults;
  random: Random;
  token: () => string;
  /** Twilio gives up on a slow answer after 15 s. */
  timeoutMs?: number;
  retryDelayMs?: number;
  /** How long shuffled callbacks wait for company before going out anyway. */
  shuffleWindowMs?: number;
  maxLog?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers status callbacks asynchronously, in order per room, signed like
 * Twilio with the Auth Token of the account that owns the room. Twilio
 * retries once, and only when it cannot connect; an HTTP error answer is
 * final. Faults can drop, duplicate, or hold and shuffle deliveries.
 */
export class CallbackDispatcher {
  readonly #opts: Required<DispatcherOptions>;
  #log: Delivery[] = [];
  #nextId = 1;
  readonly #chains = new Map<string, Promise<void>>();
  readonly #inflight = new Set<Promise<void>>();
  #held: Delivery[] = [];
  #heldTimer: NodeJS.Timeout | undefined;
  #abort = new AbortController();

  constructor(opts: DispatcherOptions) {
    this.#opts = { timeoutMs: 15_000, retryDelayMs: 200, shuffleWindowMs: 1_000, maxLog: 10_000, ...opts };
  }

  send(cb: OutgoingCallback, authToken: string): void {
    const faults = this.#opts.faults();
    const random = this.#opts.random;
    const url = cb.url.split("#")[0] ?? cb.url;
    const query = new URLSearchParams(cb.params).toString();
    const target = cb.method === "GET" ? `${url}${url.includes("?") ? "&" : "?"}${query}` : url;
    const base: Delivery = {
      id: 0,
      event: cb.event,
      roomSid: cb.roomSid,
      method: cb.method,
      url: target,
      params: cb.params,
      signature: twilioSignature(authToken, target, cb.method === "GET" ? {} : cb.params),
      idempotencyToken: this.#opts.token(),
      duplicate: false,
      outcome: "pending",
      status: null,
      attempts: 0,
      error: null,
    };
    const copies = [base];
    if ((faults.duplicateCallbacks ?? 0) > 0 && random() < (faults.duplicateCallbacks ?? 0)) {
      copies.push({ ...base, duplicate: true });
    }
    for (const d of copies) {
      d.id = this.#nextId++;
      this.#remember(d);
      if ((faults.dropCallbacks ?? 0) > 0 && random() < (faults.dropCallbacks ?? 0)) {
        d.outcome = "dropped";
      } else if (faults.shuffleCallbacks) {
        this.#hold(d);
      } else {
        this.#schedule(d);
      }
    }
  }

  /** Resolves once nothing is held or in flight (held callbacks are released first). */
  async idle(): Promise<void> {
    this.#release();
    while (this.#inflight.size > 0) {
      await Promise.allSettled([...this.#inflight]);
      this.#release();
    }
  }

  log(): readonly Delivery[] {
    return this.#log;
  }

  pending(): number {
    return this.#log.filter((d) => d.outcome === "pending" || d.outcome === "held").length;
  }

  clearLog(): void {
    this.#log = this.#log.filter((d) => d.outcome === "pending" || d.outcome === "held");
  }

  /** Abandons everything queued or in flight (on stop and reset). */
  close(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    clearTimeout(this.#heldTimer);
    this.#heldTimer = undefined;
    this.#held = [];
    this.#log = [];
  }

  #remember(d: Delivery): void {
    this.#log.push(d);
    const excess = this.#log.length - this.#opts.maxLog;
    if (excess > 0) this.#log.splice(0, excess);
  }

  #hold(d: Delivery): void {
    d.outcome = "held";
    this.#held.push(d);
    if (this.#heldTimer === undefined) {
      this.#heldTimer = setTimeout(() => this.#release(), this.#opts.shuffleWindowMs);
      this.#heldTimer.unref();
    }
  }

  #release(): void {
    clearTimeout(this.#heldTimer);
    this.#heldTimer = undefined;
    const held = this.#held;
    this.#held = [];
    for (const d of shuffled(held, this.#opts.random)) {
      d.outcome = "pending";
      this.#schedule(d);
    }
  }

  #schedule(d: Delivery): void {
    // The signal is taken now, so a reset also cancels deliveries still queued behind others.
    const signal = this.#abort.signal;
    const prev = this.#chains.get(d.roomSid) ?? Promise.resolve();
    const next = prev.then(() => this.#deliver(d, signal));
    this.#chains.set(d.roomSid, next);
    this.#inflight.add(next);
    void next.finally(() => {
      this.#inflight.delete(next);
      if (this.#chains.get(d.roomSid) === next) this.#chains.delete(d.roomSid);
    });
  }

  async #deliver(d: Delivery, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (signal.aborted) return;
      d.attempts = attempt;
      d.outcome = "pending";
      try {
        const res = await fetch(d.url, {
          method: d.method,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "user-agent": "TwilioProxy/1.1",
            "x-twilio-signature": d.signature,
            "i-twilio-idempotency-token": d.idempotencyToken,
          },
          ...(d.method === "POST" ? { body: new URLSearchParams(d.params).toString() } : {}),
          redirect: "manual",
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.#opts.timeoutMs)]),
        });
        await res.arrayBuffer().catch(() => undefined);
        d.status = res.status;
        d.outcome = res.status < 400 ? "delivered" : "rejected";
        d.error = null;
        return;
      } catch (err) {
        const name = err instanceof Error ? err.name : "";
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : "";
        d.error = `${err instanceof Error ? err.message : String(err)}${cause ? `: ${cause}` : ""}`;
        d.outcome = "failed";
        // Only a failure to connect is retried; a timeout means Twilio reached the server.
        if (name === "TimeoutError" || name === "AbortError") return;
        if (attempt === 1) await sleep(this.#opts.retryDelayMs);
      }
    }
  }
}
