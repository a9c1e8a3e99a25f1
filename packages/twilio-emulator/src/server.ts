import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CallbackDispatcher, type Delivery } from "./callbacks";
import { advanceCompositions } from "./compositions";
import { type Context, emptyState } from "./context";
import type { ControlOps } from "./controls";
import { parseFaults } from "./faults";
import { httpListener } from "./http-shell";
import type { EmuRequest, EmuResponse } from "./http-types";
import { isSid, type SidGenerator, seededSids } from "./ids";
import { MediaUploads } from "./media-uploads";
import { type Random, seededRandom } from "./random";
import { RateLimiter } from "./rate-limit";
import { handle } from "./router";
import { type Clock, systemClock } from "./time";
import type { Faults } from "./types";

export const DEFAULT_ACCOUNT_SID = `AC${"0".repeat(31)}1`;
export const DEFAULT_AUTH_TOKEN = "0123456789abcdef0123456789abcdef";

/** How often compositions in flight are caught up with the clock, in real milliseconds. */
const TICK_MS = 100;

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  accountSid?: string;
  authToken?: string;
  /** API key SID (`SK…`) → secret; each works for Basic auth like the Auth Token. */
  apiKeys?: Readonly<Record<string, string>>;
  /** Epoch ms; drives resource dates, media link expiry and deleted-metadata retention. */
  clock?: Clock;
  /** Makes SIDs, fault dice and media link keys reproducible. */
  seed?: string;
  sids?: SidGenerator;
  random?: Random;
  /** Faults in force from the start (and again after reset). */
  faults?: Faults;
  /** Base of the URLs the emulator hands out, if clients reach it by another address. */
  publicUrl?: string;
  callbackTimeoutMs?: number;
  callbackRetryDelayMs?: number;
  shuffleWindowMs?: number;
}

export interface Emulator {
  url: string;
  port: number;
  host: string;
  accountSid: string;
  authToken: string;
  apiKeys: Readonly<Record<string, string>>;
  /** Brings compositions up to the clock, then resolves when no callback is held or in flight. */
  idle(): Promise<void>;
  callbacks(): readonly Delivery[];
  setFaults(faults: Faults): void;
  advanceClock(seconds: number): void;
  now(): Date;
  /** Forgets rooms, recordings (and media put with the media control), compositions, hooks, callbacks and clock advances; faults go back to the start options. */
  reset(): void;
  /** The HTTP handler without the socket, for in-process use. */
  handle(req: EmuRequest): Promise<EmuResponse>;
  stop(): Promise<void>;
}

const checked = (
  opts: StartOptions,
): Required<Pick<StartOptions, "accountSid" | "authToken" | "apiKeys">> => {
  const accountSid = opts.accountSid ?? DEFAULT_ACCOUNT_SID;
  if (!isSid(accountSid, "AC")) throw new TypeError(`accountSid must be AC + 32 hex, got ${accountSid}`);
  const authToken = opts.authToken ?? DEFAULT_AUTH_TOKEN;
  if (authToken.length === 0) throw new TypeError("authToken must not be empty");
  const apiKeys = opts.apiKeys ?? {};
  for (const sid of Object.keys(apiKeys)) {
    if (!isSid(sid, "SK")) throw new TypeError(`API key SID must be SK + 32 hex, got ${sid}`);
  }
  return { accountSid, authToken, apiKeys };
};

/** Starts an emulator on 127.0.0.1 (by default) and resolves once it listens. */
export const start = async (opts: StartOptions = {}): Promise<Emulator> => {
  const creds = checked(opts);
  const initialFaults = opts.faults ?? {};
  const parsed = parseFaults(initialFaults);
  if (!parsed.ok) throw new TypeError(parsed.reason);
  const baseClock = opts.clock ?? systemClock;
  let offset = 0;
  const random = opts.random ?? (opts.seed === undefined ? Math.random : seededRandom(opts.seed));
  let tokens = 0;
  const token = (): string =>
    opts.seed === undefined
      ? randomUUID()
      : createHash("sha256").update(`${opts.seed}:token:${++tokens}`).digest("hex").slice(0, 32);

  const ctx: Context = {
    creds,
    baseUrl: "",
    state: { ...emptyState(), faults: parsed.value },
    now: () => baseClock() + offset,
    sid: opts.sids ?? seededSids(opts.seed),
    random,
    limiter: new RateLimiter(() => performance.now()),
    mediaKey:
      opts.seed === undefined
        ? randomBytes(32).toString("hex")
        : createHash("sha256").update(`${opts.seed}:media`).digest("hex"),
    uploads: new MediaUploads(),
    callbacks: { send: (cb) => dispatcher.send(cb) },
    advanceClock: (ms) => {
      offset += ms;
      advanceCompositions(ctx);
    },
  };
  const dispatcher = new CallbackDispatcher({
    authToken: creds.authToken,
    faults: () => ctx.state.faults,
    random,
    token,
    ...(opts.callbackTimeoutMs === undefined ? {} : { timeoutMs: opts.callbackTimeoutMs }),
    ...(opts.callbackRetryDelayMs === undefined ? {} : { retryDelayMs: opts.callbackRetryDelayMs }),
    ...(opts.shuffleWindowMs === undefined ? {} : { shuffleWindowMs: opts.shuffleWindowMs }),
  });
  const ops: ControlOps = {
    dispatcher,
    reset: () => {
      dispatcher.close();
      ctx.uploads.clear();
      ctx.state = { ...emptyState(), faults: parsed.value };
      ctx.limiter.reset();
      offset = 0;
    },
  };
  const handler = (req: EmuRequest) => handle(ctx, ops, req);
  const server = createServer(httpListener(handler));
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Compositions move with the clock even when nobody calls: a real clock needs a real timer.
  const ticker = setInterval(() => advanceCompositions(ctx), TICK_MS);
  ticker.unref();
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  const url = (opts.publicUrl ?? `http://${hostInUrl}:${port}`).replace(/\/+$/, "");
  ctx.baseUrl = url;

  return {
    url,
    port,
    host,
    ...creds,
    idle: () => {
      advanceCompositions(ctx);
      return dispatcher.idle();
    },
    callbacks: () => dispatcher.log(),
    setFaults: (faults) => {
      const next = parseFaults(faults);
      if (!next.ok) throw new TypeError(next.reason);
      ctx.state.faults = next.value;
    },
    advanceClock: (seconds) => ctx.advanceClock(seconds * 1000),
    now: () => new Date(ctx.now()),
    reset: ops.reset,
    handle: handler,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        dispatcher.close();
        ctx.uploads.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
