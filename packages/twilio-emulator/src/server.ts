import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Accounts, advanceAll, moreAccounts } from "./accounts";
import type { Credentials } from "./auth";
import { CallbackDispatcher, type Delivery } from "./callbacks";
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
  /** The first account's SID and Auth Token. */
  accountSid?: string;
  authToken?: string;
  /** API key SID (`SK…`) → secret of the first account; each works for Basic auth like the Auth Token. */
  apiKeys?: Readonly<Record<string, string>>;
  /** How many accounts to serve (default 1); those after the first get a SID and Auth Token of their own. */
  accounts?: number;
  /** Epoch ms; drives resource dates, media link expiry and deleted-metadata retention. */
  clock?: Clock;
  /** Makes SIDs, the further accounts, fault dice and media link keys reproducible. */
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

/** One account the emulator serves. */
export interface EmulatorAccount {
  accountSid: string;
  authToken: string;
}

export interface Emulator {
  url: string;
  port: number;
  host: string;
  /** The first account's credentials. */
  accountSid: string;
  authToken: string;
  apiKeys: Readonly<Record<string, string>>;
  /** Every account served, the first being the one `accountSid` names. */
  accounts: readonly EmulatorAccount[];
  /** Brings compositions up to the clock, then resolves when no callback is held or in flight. */
  idle(): Promise<void>;
  callbacks(): readonly Delivery[];
  setFaults(faults: Faults): void;
  advanceClock(seconds: number): void;
  now(): Date;
  /** Forgets every account's rooms, recordings (and media put with the media control), compositions and hooks, the callbacks and clock advances; faults go back to the start options. */
  reset(): void;
  /** The HTTP handler without the socket, for in-process use. */
  handle(req: EmuRequest): Promise<EmuResponse>;
  stop(): Promise<void>;
}

const checked = (opts: StartOptions): Credentials => {
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

const accountCount = (opts: StartOptions): number => {
  const count = opts.accounts ?? 1;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new TypeError(`accounts must be a whole number of at least 1, got ${count}`);
  }
  return count;
};

/** Starts an emulator on 127.0.0.1 (by default) and resolves once it listens. */
export const start = async (opts: StartOptions = {}): Promise<Emulator> => {
  const creds = checked(opts);
  const others = moreAccounts(accountCount(opts) - 1, opts.seed);
  const initialFaults = opts.faults ?? {};
  const parsed = parseFaults(initialFaults);
  if (!parsed.ok) throw new TypeError(parsed.reason);
  let faults = parsed.value;
  const baseClock = opts.clock ?? systemClock;
  let offset = 0;
  let baseUrl = "";
  const random = opts.random ?? (opts.seed === undefined ? Math.random : seededRandom(opts.seed));
  let tokens = 0;
  const token = (): string =>
    opts.seed === undefined
      ? randomUUID()
      : createHash("sha256").update(`${opts.seed}:token:${++tokens}`).digest("hex").slice(0, 32);

  const now: Clock = () => baseClock() + offset;
  const sid = opts.sids ?? seededSids(opts.seed);
  const limiter = new RateLimiter(() => performance.now());
  const mediaKey =
    opts.seed === undefined
      ? randomBytes(32).toString("hex")
      : createHash("sha256").update(`${opts.seed}:media`).digest("hex");
  const uploads = new MediaUploads();
  const advanceClock = (ms: number): void => {
    offset += ms;
    advanceAll(accounts);
  };
  // One context per account: its own credentials and resources; the rest is shared.
  const contextOf = (account: Credentials): Context => ({
    creds: account,
    get baseUrl() {
      return baseUrl;
    },
    state: emptyState(),
    get faults() {
      return faults;
    },
    now,
    sid,
    random,
    limiter,
    mediaKey,
    uploads,
    callbacks: { send: (cb) => dispatcher.send(cb, account.authToken) },
    advanceClock,
  });
  const accounts: Accounts = [contextOf(creds), ...others.map(contextOf)];
  const dispatcher = new CallbackDispatcher({
    faults: () => faults,
    random,
    token,
    ...(opts.callbackTimeoutMs === undefined ? {} : { timeoutMs: opts.callbackTimeoutMs }),
    ...(opts.callbackRetryDelayMs === undefined ? {} : { retryDelayMs: opts.callbackRetryDelayMs }),
    ...(opts.shuffleWindowMs === undefined ? {} : { shuffleWindowMs: opts.shuffleWindowMs }),
  });
  const ops: ControlOps = {
    dispatcher,
    setFaults: (next) => {
      faults = next;
    },
    reset: () => {
      dispatcher.close();
      uploads.clear();
      for (const ctx of accounts) ctx.state = emptyState();
      faults = parsed.value;
      limiter.reset();
      offset = 0;
    },
  };
  const handler = (req: EmuRequest) => handle(accounts, ops, req);
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
  const ticker = setInterval(() => advanceAll(accounts), TICK_MS);
  ticker.unref();
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  const url = (opts.publicUrl ?? `http://${hostInUrl}:${port}`).replace(/\/+$/, "");
  baseUrl = url;

  return {
    url,
    port,
    host,
    ...creds,
    accounts: [creds, ...others].map(({ accountSid, authToken }) => ({ accountSid, authToken })),
    idle: () => {
      advanceAll(accounts);
      return dispatcher.idle();
    },
    callbacks: () => dispatcher.log(),
    setFaults: (given) => {
      const next = parseFaults(given);
      if (!next.ok) throw new TypeError(next.reason);
      ops.setFaults(next.value);
    },
    advanceClock: (seconds) => advanceClock(seconds * 1000),
    now: () => new Date(now()),
    reset: ops.reset,
    handle: handler,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        dispatcher.close();
        uploads.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
