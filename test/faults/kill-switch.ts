import type { Kill, KillTarget } from "./campaign-plan";

/** What an injected crash throws; nothing in production throws it. */
export class InjectedCrash extends Error {
  constructor(target: string) {
    super(`injected crash in ${target}`);
    this.name = "InjectedCrash";
  }
}

/**
 * Arms one run's kill and counts the adapter calls in flight, so the test can wait for a run
 * cut short to settle before it looks at Twilio, the index and the archive.
 */
export class KillSwitch {
  private kill: Kill = { kind: "none" };
  private calls = 0;
  private dead = false;
  private inFlight = 0;
  fired = false;

  arm(kill: Kill): void {
    this.kill = kill;
    this.calls = 0;
    this.dead = false;
    this.fired = false;
  }

  disarm(): void {
    this.arm({ kind: "none" });
  }

  /** Runs `call` unless this is where the run dies. */
  guard<T>(target: KillTarget, call: () => T): T {
    this.check(target);
    const result = call();
    if (result instanceof Promise) {
      this.inFlight++;
      return result.finally(() => this.inFlight--) as T;
    }
    return result;
  }

  /** Resolves once no guarded call is running. */
  async settled(): Promise<void> {
    for (let waited = 0; this.inFlight > 0 && waited < 20_000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private check(target: KillTarget): void {
    if (this.dead) throw new InjectedCrash(`${target} (after the crash)`);
    const { kill } = this;
    if (kill.kind !== "crash" && kill.kind !== "glitch") return;
    if (kill.target !== target || this.calls++ !== kill.after) return;
    this.fired = true;
    if (kill.kind === "crash") this.dead = true;
    throw new InjectedCrash(target);
  }
}

type Method = (...args: never[]) => unknown;

/**
 * The adapter with every method behind the kill switch, named `<prefix>.<method>`; async
 * iterables it hands out are guarded page by page.
 */
export const guarded = <T extends object>(prefix: string, adapter: T, kill: KillSwitch): T =>
  new Proxy(adapter, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const name = `${prefix}.${String(property)}` as KillTarget;
      return (...args: never[]) =>
        kill.guard(name, () => {
          const result = (value as Method).apply(target, args);
          return isAsyncIterable(result) ? guardedPages(name, result, kill) : result;
        });
    },
  });

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;

const guardedPages = <P>(name: KillTarget, pages: AsyncIterable<P>, kill: KillSwitch): AsyncIterable<P> => ({
  [Symbol.asyncIterator]() {
    const iterator = pages[Symbol.asyncIterator]();
    return {
      next: () => kill.guard(name, () => iterator.next()),
      return: async (value?: unknown) =>
        (await iterator.return?.(value)) ?? { done: true as const, value: undefined },
    };
  },
});
