import { TWILIO_API_URL } from "../../settings/settings";
import { isSid } from "../../sids";
import { TwilioClientError } from "../../twilio/errors";
import { basicAuthorization, type FetchLike, type SetTimer } from "./http";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type Scheduler, type TwilioObserver } from "./retry";

/** An API key (preferred: revocable, scoped) or the account's Auth Token. */
export type TwilioCredentials =
  | { apiKeySid: string; apiKeySecret: string; authToken?: never }
  | { authToken: string; apiKeySid?: never; apiKeySecret?: never };

export type TwilioClientOptions = {
  accountSid: string;
  credentials: TwilioCredentials;
  /** Default `https://video.twilio.com`; the emulator's URL in tests and local mode. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Per request, reading the answer included; shrinks to the time left before a deadline. Default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Epoch ms; default `Date.now`. */
  clock?: () => number;
  /** Pauses between retries; default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter in [0, 1); default `Math.random`. */
  random?: () => number;
  /** Drives request timeouts; default `setTimeout`/`clearTimeout`. */
  setTimer?: SetTimer;
  /** Told of every 429 and every failed call, for the functions' metrics; default: nobody. */
  observer?: TwilioObserver;
};

export const DEFAULT_TIMEOUT_MS = 10_000;

export type ResolvedOptions = {
  baseUrl: string;
  authorization: string;
  secrets: readonly string[];
  fetch: FetchLike;
  timeoutMs: number;
  policy: RetryPolicy;
  scheduler: Scheduler;
  setTimer: SetTimer;
  observer: TwilioObserver;
};

const UNOBSERVED: TwilioObserver = { rateLimited: () => {}, failed: () => {} };

/** Applies defaults once and fails fast on configuration that could never work. */
export const resolveOptions = (options: TwilioClientOptions): ResolvedOptions => {
  if (!isSid("account", options.accountSid))
    throw new TwilioClientError("accountSid is not an account SID (AC…)");
  const { credentials } = options;
  const [user, password] =
    credentials.authToken === undefined
      ? [credentials.apiKeySid, credentials.apiKeySecret]
      : [options.accountSid, credentials.authToken];
  if (credentials.authToken === undefined && !isSid("apiKey", user))
    throw new TwilioClientError("credentials.apiKeySid is not an API key SID (SK…)");
  if (password === "") throw new TwilioClientError("credentials carry an empty secret");
  const baseUrl = (options.baseUrl ?? TWILIO_API_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/@]+$/.test(baseUrl))
    throw new TwilioClientError("baseUrl must be an http(s) origin without path or credentials");
  const authorization = basicAuthorization(user, password);
  return {
    baseUrl,
    authorization,
    secrets: [password, authorization, authorization.slice("Basic ".length)],
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    scheduler: {
      clock: options.clock ?? Date.now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    },
    setTimer:
      options.setTimer ??
      ((ms, fire) => {
        const timer = setTimeout(fire, ms);
        return () => clearTimeout(timer);
      }),
    observer: options.observer ?? UNOBSERVED,
  };
};
