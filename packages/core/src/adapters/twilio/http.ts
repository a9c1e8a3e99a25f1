import { err } from "../../result";
import { TwilioClientError, TwilioResponseError } from "../../twilio/errors";
import { failureFromStatus, isRetryableStatus, readErrorBody } from "./failure-from-status";
import { type AttemptOutcome, done, parseRetryAfter, retryAfter } from "./retry";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Starts a timer that calls `fire` after `ms`; returns its cancel. Injected so tests drive timeouts. */
export type SetTimer = (ms: number, fire: () => void) => () => void;

export type Request = {
  method: "GET" | "DELETE" | "POST";
  url: string;
  /** "GET /v1/Recordings/RT…": what messages say, so no query string, link or credential ever appears. */
  describe: string;
  /** Sends the Basic credentials; only ever to the configured Twilio origin. */
  authenticated: boolean;
  /** A form-encoded body (POST). */
  form?: string;
};

/** A request that got no answer: a network error or a timeout, both worth another try. */
export type Unanswered = { ok: false; message: string };

export type Transport = {
  origin: string;
  /** Masks the secret and the Basic header in any text, before it leaves this module. */
  redact: (text: string) => string;
  exchange: <T>(
    request: Request,
    deadline: number | undefined,
    read: (response: Response) => Promise<T>,
  ) => Promise<{ ok: true; value: T } | Unanswered>;
};

export type TransportOptions = {
  baseUrl: string;
  authorization: string;
  /** Values that must never show in a message (the secret, the Basic header). */
  secrets: readonly string[];
  fetch: FetchLike;
  timeoutMs: number;
  setTimer: SetTimer;
  clock: () => number;
};

export const createTransport = (options: TransportOptions): Transport => {
  const origin = new URL(options.baseUrl).origin;
  const redact = (text: string): string =>
    options.secrets.reduce(
      (out, secret) => (secret === "" ? out : out.replaceAll(secret, "[redacted]")),
      text,
    );

  return {
    origin,
    redact,
    async exchange(request, deadline, read) {
      if (request.authenticated && new URL(request.url).origin !== origin)
        throw new TwilioClientError(`${request.describe}: refusing to send credentials off ${origin}`);
      // The per-request timeout shrinks to what is left before the deadline.
      const budget =
        deadline === undefined ? options.timeoutMs : Math.min(options.timeoutMs, deadline - options.clock());
      if (budget <= 0) return { ok: false, message: `${request.describe} not sent: deadline reached` };
      const controller = new AbortController();
      let timedOut = false;
      const cancel = options.setTimer(budget, () => {
        timedOut = true;
        controller.abort();
      });
      const headers: Record<string, string> = { accept: "application/json" };
      if (request.authenticated) headers.authorization = options.authorization;
      if (request.form !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
      try {
        const response = await options.fetch(request.url, {
          method: request.method,
          headers,
          ...(request.form !== undefined && { body: request.form }),
          // Never follow: /Media answers 302 to a link that must not receive our credentials,
          // and any other redirect from Twilio is unexpected.
          redirect: "manual",
          signal: controller.signal,
        });
        // Reading happens under the same timer, so a stalled body counts as a timeout.
        return { ok: true, value: await read(response) };
      } catch (cause) {
        if (timedOut)
          return { ok: false, message: `${request.describe} timed out after ${Math.ceil(budget)} ms` };
        // fetch rejects with a TypeError for every network failure (refused, reset, DNS, cut body).
        if (cause instanceof TypeError)
          return { ok: false, message: redact(`${request.describe} failed: ${networkReason(cause)}`) };
        throw cause;
      } finally {
        cancel();
      }
    },
  };
};

const networkReason = (error: TypeError): string => {
  const cause: unknown = error.cause;
  if (typeof cause === "object" && cause !== null) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === "string") return `${error.message} (${code})`;
    if (typeof message === "string") return `${error.message} (${message})`;
  }
  return error.message;
};

/** A REST answer, body read whole (REST bodies are small; media is never read through this). */
export type ApiAnswer = { status: number; headers: Headers; body: unknown; malformed: boolean };

export const readApiAnswer = async (response: Response): Promise<ApiAnswer> => {
  const text = await response.text();
  const answer = { status: response.status, headers: response.headers };
  if (text.trim() === "") return { ...answer, body: null, malformed: false };
  try {
    return { ...answer, body: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { ...answer, body: null, malformed: true };
  }
};

/**
 * Unreadable JSON on a success status is treated as transient (a body cut short, a proxy's HTML
 * page) and retried; once the budget is spent it is `unavailable`.
 */
export const malformedBody = (request: Request, status: number): AttemptOutcome<never> =>
  retryAfter({
    kind: "unavailable",
    status,
    message: `${request.describe} answered ${status} with unreadable JSON`,
  });

/** The verdict on an answer the call did not take as success. */
export const fromErrorAnswer = (request: Request, answer: ApiAnswer, now: number): AttemptOutcome<never> => {
  if (answer.status < 400)
    throw new TwilioResponseError(request.describe, answer.status, "unexpected status for this call");
  const failure = failureFromStatus(answer.status, readErrorBody(answer.body), request.describe);
  if (!isRetryableStatus(answer.status)) return done(err(failure));
  return retryAfter(failure, parseRetryAfter(answer.headers.get("retry-after"), now));
};

export const noAnswer = (unanswered: Unanswered): AttemptOutcome<never> =>
  retryAfter({ kind: "unavailable", status: null, message: unanswered.message });

export const basicAuthorization = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
