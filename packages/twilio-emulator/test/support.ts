// Shared helpers for the emulator tests: a started emulator, the official
// twilio client pointed at it, a callback receiver and small HTTP helpers.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { afterEach, beforeEach } from "vitest";
import { type Emulator, type EmulatorAccount, type StartOptions, start } from "../src/index";

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

/** A clock tests move by hand; the emulator can also advance it itself. */
export const manualClock = (at = T0) => {
  let now = at;
  return { now: () => now, set: (ms: number) => (now = ms), advance: (ms: number) => (now += ms) };
};

export const startEmulator = (opts: StartOptions = {}): Promise<Emulator> =>
  start({ seed: "test", callbackRetryDelayMs: 20, ...opts });

type RequestOpts = Parameters<twilio.RequestClient["request"]>[0];

/** Sends the helper library's requests to the emulator instead of video.twilio.com. */
class EmulatorRequestClient extends twilio.RequestClient {
  readonly #base: string;
  constructor(base: string) {
    super();
    this.#base = base;
  }
  override request<TData>(opts: RequestOpts) {
    return super.request<TData>({
      ...opts,
      uri: opts.uri.replace("https://video.twilio.com", this.#base),
    } as never);
  }
}

export const twilioClient = (emu: Emulator, user = emu.accountSid, password = emu.authToken) =>
  twilio(user, password, { accountSid: emu.accountSid, httpClient: new EmulatorRequestClient(emu.url) });

/** The official client acting for one of the emulator's accounts. */
export const accountClient = (emu: Emulator, account: EmulatorAccount) =>
  twilio(account.accountSid, account.authToken, {
    accountSid: account.accountSid,
    httpClient: new EmulatorRequestClient(emu.url),
  });

export interface Received {
  method: string;
  /** The full URL as the receiver saw it, query included. */
  url: string;
  headers: IncomingMessage["headers"];
  params: Record<string, string>;
}

/** A status-callback receiver on 127.0.0.1 that records what arrives. */
export const receiver = async (answer = 204) => {
  const received: Received[] = [];
  const state = { status: answer };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const port = (server.address() as AddressInfo).port;
      received.push({
        method: req.method ?? "",
        url: `http://127.0.0.1:${port}${req.url ?? ""}`,
        headers: req.headers,
        params: Object.fromEntries(new URLSearchParams(body)),
      });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/twilio/status`,
    received,
    answerWith: (status: number) => {
      state.status = status;
    },
    events: () =>
      received.map(
        (r) => r.params.StatusCallbackEvent ?? new URL(r.url).searchParams.get("StatusCallbackEvent"),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** A REST call with the account's credentials unless told otherwise. */
export const rest = (
  emu: Emulator,
  method: string,
  path: string,
  opts: { form?: Record<string, string>; auth?: string | null; redirect?: "manual" | "follow" } = {},
) =>
  fetch(`${emu.url}${path}`, {
    method,
    redirect: opts.redirect ?? "manual",
    headers: {
      ...(opts.auth === null ? {} : { authorization: opts.auth ?? basic(emu.accountSid, emu.authToken) }),
      ...(opts.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(opts.form ? { body: new URLSearchParams(opts.form).toString() } : {}),
  });

/** A control call: JSON in, JSON out. */
export const control = async (emu: Emulator, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${emu.url}/_emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
};

/** Creates a recording room through Twilio's own `POST /v1/Rooms`. */
export const createRoom = async (emu: Emulator, form: Record<string, string> = {}) => {
  const res = await rest(emu, "POST", "/v1/Rooms", {
    form: { RecordParticipantsOnConnect: "true", ...form },
  });
  return (await res.json()) as { sid: string; unique_name: string };
};

/** Connects a participant publishing the given tracks; answers the recording SIDs. */
export const join = async (
  emu: Emulator,
  roomSid: string,
  kinds: Array<"audio" | "video"> = ["audio", "video"],
) => {
  const out = await control(emu, "POST", `/rooms/${roomSid}/participants`, {
    identity: "alice",
    tracks: kinds.map((kind) => ({ kind })),
  });
  return out.body as { participantSid: string; recordingSids: string[] };
};

export const seed = async (emu: Emulator, body: Record<string, unknown> = {}) =>
  (await control(emu, "POST", "/recordings", body)).body as Record<string, unknown> & { sid: string };

/**
 * A recording room that has ended: one participant published audio and video
 * for `seconds`, so its recordings are completed. Answers the room and the SIDs.
 */
export const endedRoom = async (
  emu: Emulator,
  clock: { advance: (ms: number) => unknown },
  opts: { form?: Record<string, string>; seconds?: number } = {},
) => {
  const room = await createRoom(emu, opts.form);
  const joined = await join(emu, room.sid, ["audio", "video"]);
  clock.advance((opts.seconds ?? 30) * 1000);
  await control(emu, "POST", `/rooms/${room.sid}/end`);
  return { room, ...joined };
};

/** `POST /v1/Compositions` with the form given (RoomSid included by the caller). */
export const compose = async (emu: Emulator, form: Record<string, string>) => {
  const res = await rest(emu, "POST", "/v1/Compositions", { form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { sid: string } };
};

type Receiver = Awaited<ReturnType<typeof receiver>>;

/**
 * Starts an emulator on a manual clock set to T0 before each test (and a
 * callback receiver when asked) and stops them after; tests read them from
 * the returned object.
 */
export const emulatorEachTest = (opts: { withReceiver?: boolean } = {}) => {
  const t = { clock: manualClock() } as {
    clock: ReturnType<typeof manualClock>;
    emu: Emulator;
    rx: Receiver;
  };
  beforeEach(async () => {
    t.clock.set(T0);
    t.emu = await startEmulator({ clock: t.clock.now });
    if (opts.withReceiver) t.rx = await receiver();
  });
  afterEach(async () => {
    await t.emu.stop();
    if (opts.withReceiver) await t.rx.close();
  });
  return t;
};
