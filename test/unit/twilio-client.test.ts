import { ok, TwilioArgumentError, TwilioResponseError } from "@video-recordings/core";
import {
  createTwilioClient,
  type FetchLike,
  type SetTimer,
  type TwilioClientOptions,
} from "@video-recordings/core/twilio";
import { describe, expect, it } from "vitest";

const ACCOUNT_SID = "AC88c0e76737ac477de3a4700666b63186";
const API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
const API_KEY_SECRET = "key-secret-do-not-leak-7f3a9c";
const AUTH_TOKEN = "auth-token-do-not-leak-41d2e8";
const RT = "RT2c3f5a84328cb488376b45c221f27998";
const BASE = "https://video.example.test";
const T0 = Date.UTC(2026, 1, 1, 12, 0, 0);

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const aRecordingJson = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  account_sid: ACCOUNT_SID,
  status: "completed",
  date_created: "2026-02-01T11:00:00Z",
  sid: RT,
  source_sid: "MT863e43b23ad81723cc410f548045c6e3",
  size: 105956,
  url: `${BASE}/v1/Recordings/${RT}`,
  type: "video",
  duration: 3,
  container_format: "mkv",
  codec: "vp8",
  grouping_sids: {
    room_sid: "RM5b9970c25fb6f31a7da94fe683be0957",
    participant_sid: "PAec462533b0a659b7eb122a7ff9e2312e",
  },
  track_name: "camera",
  offset: 155137307765,
  media_external_location: null,
  status_callback: null,
  status_callback_method: "POST",
  links: { media: `${BASE}/v1/Recordings/${RT}/Media` },
  ...overrides,
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

const twilioError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);

const tooMany = (headers: Record<string, string> = {}) =>
  twilioError(429, 20429, "Too Many Requests", headers);
const serverError = () => twilioError(503, 20503, "Service Unavailable");

type Step = Response | "network-error" | "hang" | ((url: string) => Response);
type Sent = {
  url: string;
  method: string;
  headers: Record<string, string>;
  redirect: string | undefined;
  body: string | undefined;
};

/** A fetch that answers from a script, one step per request, and records what was sent. */
const scriptedFetch = (steps: Step[]) => {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    sent.push({
      url,
      method: init.method ?? "GET",
      headers: { ...(init.headers as Record<string, string>) },
      redirect: init.redirect,
      body: typeof init.body === "string" ? init.body : undefined,
    });
    const step = steps.shift();
    if (step === undefined) throw new Error(`unscripted request ${url}`);
    if (step === "network-error") throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
    if (step === "hang")
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    return typeof step === "function" ? step(url) : step;
  };
  return { fetch, sent };
};

/** Time that only moves when the client sleeps; timers that never fire unless told to. */
const fakeTime = (random = 0.5) => {
  let now = T0;
  const sleeps: number[] = [];
  const timers: number[] = [];
  return {
    sleeps,
    timers,
    now: () => now,
    options: {
      clock: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      random: () => random,
      setTimer: ((ms) => {
        timers.push(ms);
        return () => {};
      }) satisfies SetTimer,
    },
  };
};

const aClient = (steps: Step[], overrides: Partial<TwilioClientOptions> = {}, random = 0.5) => {
  const { fetch, sent } = scriptedFetch(steps);
  const time = fakeTime(random);
  const client = createTwilioClient({
    accountSid: ACCOUNT_SID,
    credentials: { apiKeySid: API_KEY_SID, apiKeySecret: API_KEY_SECRET },
    baseUrl: BASE,
    fetch,
    retry: { baseMs: 100, capMs: 5_000, maxAttempts: 8 },
    ...time.options,
    ...overrides,
  });
  return { client, sent, time };
};

describe("createTwilioClient retry schedule", () => {
  it("retries 429s with full-jitter exponential pauses and answers the recording when Twilio recovers", async () => {
    // Prepare
    const { client, sent, time } = aClient([tooMany(), tooMany(), tooMany(), json(200, aRecordingJson())]);
    // Act
    const result = await client.fetchRecording(RT);
    // Assess
    expect(result.ok).toBe(true);
    expect(sent).toHaveLength(4);
    expect(time.sleeps).toEqual([50, 100, 200]); // 0.5 × min(5000, 100 × 2^n)
  });

  it("caps the pause at capMs when many retries have passed", async () => {
    // Prepare
    const { client, time } = aClient(
      [...Array.from({ length: 6 }, () => serverError()), new Response(null, { status: 204 })],
      {
        retry: { baseMs: 100, capMs: 1_000, maxAttempts: 10 },
      },
      1,
    );
    // Act
    await client.deleteRecording(RT);
    // Assess
    expect(time.sleeps).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("waits as long as Retry-After says when Twilio sends delta seconds", async () => {
    // Prepare
    const { client, time } = aClient([tooMany({ "retry-after": "2" }), json(200, aRecordingJson())]);
    // Act
    const result = await client.fetchRecording(RT);
    // Assess
    expect(result.ok).toBe(true);
    expect(time.sleeps).toEqual([2_000]);
  });

  it("waits until the Retry-After date when Twilio sends an HTTP date", async () => {
    // Prepare
    const at = new Date(T0 + 3_000).toUTCString();
    const { client, time } = aClient([tooMany({ "retry-after": at }), json(200, aRecordingJson())]);
    // Act
    await client.fetchRecording(RT);
    // Assess
    expect(time.sleeps).toEqual([3_000]);
  });

  it("gives up with rate-limited instead of sleeping past the deadline when 429s persist", async () => {
    // Prepare: pauses of 400 then 800 ms; the second would end after the deadline.
    const { client, sent, time } = aClient(
      Array.from({ length: 10 }, () => tooMany()),
      { retry: { baseMs: 400, capMs: 5_000, maxAttempts: 10 } },
      1,
    );
    // Act
    const result = await client.fetchRecording(RT, { deadline: T0 + 1_000 });
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "rate-limited", retryAfterMs: 800 } });
    expect(sent).toHaveLength(2);
    expect(time.sleeps).toEqual([400]);
    expect(time.now()).toBeLessThan(T0 + 1_000);
  });

  it("gives up at once with Twilio's wait when Retry-After reaches past the deadline", async () => {
    // Prepare
    const { client, sent, time } = aClient([tooMany({ "retry-after": "30" })]);
    // Act
    const result = await client.fetchRecording(RT, { deadline: T0 + 10_000 });
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "rate-limited", retryAfterMs: 30_000 } });
    expect(sent).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it("answers unavailable after maxAttempts when 503s and network errors persist", async () => {
    // Prepare
    const { client, sent, time } = aClient(["network-error", serverError(), "network-error", serverError()], {
      retry: { baseMs: 100, capMs: 5_000, maxAttempts: 4 },
    });
    // Act
    const result = await client.fetchRecording(RT);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "unavailable", status: 503 } });
    expect(sent).toHaveLength(4);
    expect(time.sleeps).toEqual([50, 100, 200]);
  });

  it("answers unavailable after a network error when the deadline leaves no time for another try", async () => {
    // Prepare
    const { client, sent } = aClient(["network-error"], {}, 1);
    // Act
    const result = await client.fetchRecording(RT, { deadline: T0 + 50 });
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "unavailable", status: null } });
    expect(result.ok || result.error.message).toContain("ECONNRESET");
    expect(sent).toHaveLength(1);
  });

  it("times a request out, retries it, and answers unavailable when every try hangs", async () => {
    // Prepare: timers fire at once, as if the timeout had elapsed.
    const fireAtOnce: SetTimer = (_ms, fire) => {
      queueMicrotask(fire);
      return () => {};
    };
    const { client, sent } = aClient(["hang", "hang"], {
      setTimer: fireAtOnce,
      retry: { baseMs: 100, capMs: 5_000, maxAttempts: 2 },
    });
    // Act
    const result = await client.fetchRecording(RT);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "unavailable", status: null } });
    expect(result.ok || result.error.message).toContain("timed out after 10000 ms");
    expect(sent).toHaveLength(2);
  });

  it("shortens the request timeout to the time left when the deadline is nearer", async () => {
    // Prepare
    const { client, time } = aClient([json(200, aRecordingJson())], { timeoutMs: 10_000 });
    // Act
    await client.fetchRecording(RT, { deadline: T0 + 2_500 });
    // Assess
    expect(time.timers).toEqual([2_500]);
  });

  it("sends nothing and answers unavailable when the deadline has already passed", async () => {
    // Prepare
    const { client, sent } = aClient([]);
    // Act
    const result = await client.fetchRecording(RT, { deadline: T0 - 1 });
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "unavailable" } });
    expect(sent).toHaveLength(0);
  });
});

describe("createTwilioClient failure mapping", () => {
  it.each([
    {
      case: "401 bad credentials",
      answer: () => twilioError(401, 20003, "Authenticate"),
      kind: "unauthorized",
    },
    {
      case: "403 forbidden",
      answer: () => twilioError(403, 20403, "Forbidden"),
      kind: "account-unavailable",
    },
    { case: "410 product gone", answer: () => twilioError(410, 20410, "Gone"), kind: "account-unavailable" },
    {
      case: "account not active",
      answer: () => twilioError(401, 10001, "Account is not active"),
      kind: "account-unavailable",
    },
    { case: "404 unknown", answer: () => twilioError(404, 20404, "Not found"), kind: "not-found" },
    { case: "400 invalid", answer: () => twilioError(400, 20001, "Invalid Status"), kind: "bad-request" },
    { case: "409 conflict", answer: () => twilioError(409, 20409, "Conflict"), kind: "bad-request" },
  ])("answers $kind without retrying when Twilio says $case", async ({ answer, kind }) => {
    // Prepare
    const { client, sent, time } = aClient([answer()]);
    // Act
    const result = await client.fetchRecording(RT);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind } });
    expect(sent).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it("carries Twilio's code and message when it answers bad-request", async () => {
    // Prepare
    const { client } = aClient([twilioError(400, 20001, "Invalid Status: nope")]);
    // Act
    const result = await client.deleteRecording(RT);
    // Assess
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: "bad-request",
        status: 400,
        code: 20001,
        message: expect.stringContaining("Invalid Status: nope"),
      },
    });
  });

  it("retries a 200 whose body is not JSON and answers unavailable when it stays unreadable", async () => {
    // Prepare
    const html = () => new Response("<html>gateway</html>", { status: 200 });
    const { client, sent } = aClient([html(), html()], {
      retry: { baseMs: 100, capMs: 5_000, maxAttempts: 2 },
    });
    // Act
    const result = await client.fetchRecording(RT);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "unavailable", status: 200 } });
    expect(sent).toHaveLength(2);
  });

  it("throws TwilioResponseError naming the field when the recording JSON breaks the schema", async () => {
    // Prepare
    const { client } = aClient([
      json(200, aRecordingJson({ status: "exploded", track_name: "Alice Smith" })),
    ]);
    // Act
    const outcome = client.fetchRecording(RT);
    // Assess
    await expect(outcome).rejects.toThrow(TwilioResponseError);
    await expect(client.fetchRecording(RT).catch((e: Error) => e.message)).resolves.not.toContain("Alice");
  });

  it("throws TwilioArgumentError without calling Twilio when the SID is not a recording SID", async () => {
    // Prepare
    const { client, sent } = aClient([]);
    // Act
    const outcome = client.fetchRecording("RT../../Rooms");
    // Assess
    await expect(outcome).rejects.toThrow(TwilioArgumentError);
    expect(sent).toHaveLength(0);
  });
});

describe("createTwilioClient credentials", () => {
  it("sends Basic auth with the API key SID and secret when given an API key", async () => {
    // Prepare
    const { client, sent } = aClient([json(200, aRecordingJson())]);
    // Act
    await client.fetchRecording(RT);
    // Assess
    expect(sent[0]?.headers.authorization).toBe(basic(API_KEY_SID, API_KEY_SECRET));
  });

  it("sends Basic auth with the Account SID and Auth Token when given an Auth Token", async () => {
    // Prepare
    const { client, sent } = aClient([json(200, aRecordingJson())], {
      credentials: { authToken: AUTH_TOKEN },
    });
    // Act
    await client.fetchRecording(RT);
    // Assess
    expect(sent[0]?.headers.authorization).toBe(basic(ACCOUNT_SID, AUTH_TOKEN));
  });

  it.each([
    { case: "a 401", steps: (): Step[] => [twilioError(401, 20003, "Authenticate")] },
    { case: "a network failure", steps: (): Step[] => ["network-error"] },
    {
      case: "a network failure whose cause echoes the header",
      steps: (): Step[] => [
        () => {
          throw new TypeError("fetch failed", {
            cause: { message: `bad header ${basic(API_KEY_SID, API_KEY_SECRET)}` },
          });
        },
      ],
    },
  ])("keeps the secret and the Basic header out of the failure after $case", async ({ steps }) => {
    // Prepare
    const { client } = aClient(steps(), { retry: { baseMs: 100, capMs: 5_000, maxAttempts: 1 } });
    const header = basic(API_KEY_SID, API_KEY_SECRET);
    // Act
    const result = await client.fetchRecording(RT);
    // Assess
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).not.toContain(API_KEY_SECRET);
    expect(text).not.toContain(header.slice("Basic ".length));
  });

  it("refuses to build a client whose API key SID is not an SK SID, without echoing the secret", () => {
    // Prepare
    const options: TwilioClientOptions = {
      accountSid: ACCOUNT_SID,
      credentials: { apiKeySid: "not-a-key", apiKeySecret: API_KEY_SECRET },
    };
    // Act
    const failure = (() => {
      try {
        createTwilioClient(options);
        return undefined;
      } catch (error) {
        return error as Error;
      }
    })();
    // Assess
    expect(failure?.message).toMatch(/apiKeySid/);
    expect(failure?.message).not.toContain(API_KEY_SECRET);
  });
});

describe("createTwilioClient deleteRecording", () => {
  it.each([
    {
      case: "Twilio answers 204",
      steps: (): Step[] => [new Response(null, { status: 204 })],
      value: "deleted",
    },
    {
      case: "Twilio answers 404",
      steps: (): Step[] => [twilioError(404, 20404, "Not found")],
      value: "already-gone",
    },
    {
      case: "a retried DELETE meets 404",
      steps: (): Step[] => [serverError(), twilioError(404, 20404, "Not found")],
      value: "already-gone",
    },
  ])("answers $value when $case", async ({ steps, value }) => {
    // Prepare
    const { client, sent } = aClient(steps());
    // Act
    const result = await client.deleteRecording(RT);
    // Assess
    expect(result).toEqual(ok(value));
    expect(sent.every((request) => request.method === "DELETE")).toBe(true);
  });
});

describe("createTwilioClient mediaLink", () => {
  const found = (body: unknown, location = "https://media.example.test/from-location") =>
    json(302, body, { location });

  it("reads redirect_to without following the redirect", async () => {
    // Prepare
    const { client, sent } = aClient([found({ redirect_to: "https://media.example.test/from-body" })]);
    // Act
    const result = await client.mediaLink(RT, { ttl: 60, disposition: "inline" });
    // Assess
    expect(result).toEqual(ok({ url: "https://media.example.test/from-body" }));
    expect(sent[0]).toMatchObject({
      url: `${BASE}/v1/Recordings/${RT}/Media?Ttl=60&ContentDisposition=inline`,
      redirect: "manual",
    });
  });

  it("falls back to Location when the body has no redirect_to", async () => {
    // Prepare
    const { client } = aClient([found({})]);
    // Act
    const result = await client.mediaLink(RT);
    // Assess
    expect(result).toEqual(ok({ url: "https://media.example.test/from-location" }));
  });

  it("retries 404s within settleMs and answers the link once the media has settled", async () => {
    // Prepare
    const notYet = () => twilioError(404, 20404, "Not found");
    const { client, sent } = aClient([
      notYet(),
      notYet(),
      found({ redirect_to: "https://media.example.test/x" }),
    ]);
    // Act
    const result = await client.mediaLink(RT, { settleMs: 5_000 });
    // Assess
    expect(result).toEqual(ok({ url: "https://media.example.test/x" }));
    expect(sent).toHaveLength(3);
  });

  it("answers not-found when 404s outlast settleMs", async () => {
    // Prepare: pauses of 400 and 800 ms pass the 1 s settle window.
    const notYet = () => twilioError(404, 20404, "Not found");
    const { client, sent } = aClient(
      [notYet(), notYet(), notYet()],
      { retry: { baseMs: 400, capMs: 5_000, maxAttempts: 8 } },
      1,
    );
    // Act
    const result = await client.mediaLink(RT, { settleMs: 1_000 });
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "not-found" } });
    expect(sent).toHaveLength(3);
  });

  it("answers not-found at the first 404 when settleMs is not given", async () => {
    // Prepare
    const { client, sent } = aClient([twilioError(404, 20404, "Not found")]);
    // Act
    const result = await client.mediaLink(RT);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "not-found" } });
    expect(sent).toHaveLength(1);
  });

  it("throws TwilioArgumentError when ttl is outside 1–3600", async () => {
    // Prepare
    const { client } = aClient([]);
    // Act
    const outcome = client.mediaLink(RT, { ttl: 3_601 });
    // Assess
    await expect(outcome).rejects.toThrow(TwilioArgumentError);
  });
});

describe("createTwilioClient openMedia", () => {
  it("streams the media from the link without sending credentials to it", async () => {
    // Prepare
    const bytes = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3]);
    const media = new Response(bytes, {
      status: 200,
      headers: { "content-type": "video/webm", "content-length": String(bytes.length) },
    });
    const { client, sent } = aClient([
      json(302, { redirect_to: "https://media.example.test/RT.mkv?Signature=s" }),
      media,
    ]);
    // Act
    const result = await client.openMedia(RT);
    // Assess
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ size: bytes.length, contentType: "video/webm" });
    expect(new Uint8Array(await new Response(result.value.body).arrayBuffer())).toEqual(bytes);
    expect(sent[1]?.url).toBe("https://media.example.test/RT.mkv?Signature=s");
    expect(sent[1]?.headers.authorization).toBeUndefined();
  });

  it("retries a 503 from the media host and answers not-found for its 404", async () => {
    // Prepare
    const xml = (status: number, code: string) =>
      new Response(`<Error><Code>${code}</Code><Message>m</Message></Error>`, { status });
    const { client, sent } = aClient([
      json(302, { redirect_to: "https://media.example.test/a" }),
      xml(503, "SlowDown"),
      xml(404, "NoSuchKey"),
    ]);
    // Act
    const result = await client.openMedia(RT);
    // Assess
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "not-found", message: expect.stringContaining("NoSuchKey") },
    });
    expect(sent).toHaveLength(3);
    expect(JSON.stringify(result)).not.toContain("media.example.test");
  });
});

describe("createTwilioClient listRecordings", () => {
  const page = (sids: string[], next: string | null) =>
    json(200, {
      recordings: sids.map((sid) => aRecordingJson({ sid })),
      meta: { page: 0, page_size: 2, next_page_url: next, key: "recordings" },
    });
  const sidNo = (n: number) => `RT${String(n).padStart(32, "0")}`;

  it("follows next_page_url until it is null and sends the filters on the first page", async () => {
    // Prepare
    const next = `${BASE}/v1/Recordings?PageSize=2&Page=1&PageToken=PAx`;
    const { client, sent } = aClient([page([sidNo(1), sidNo(2)], next), page([sidNo(3)], null)]);
    // Act
    const pages = [];
    for await (const result of client.listRecordings({
      status: "deleted",
      groupingSid: "RM5b9970c25fb6f31a7da94fe683be0957",
      dateCreatedAfter: "2026-01-01T00:00:00.250000Z",
      dateCreatedBefore: new Date(Date.UTC(2026, 1, 1)),
      pageSize: 2,
    }))
      pages.push(result);
    // Assess
    expect(pages.map((result) => (result.ok ? result.value.recordings.map((r) => r.sid) : []))).toEqual([
      [sidNo(1), sidNo(2)],
      [sidNo(3)],
    ]);
    expect(sent.map((request) => request.url)).toEqual([
      `${BASE}/v1/Recordings?Status=deleted&GroupingSid=RM5b9970c25fb6f31a7da94fe683be0957&DateCreatedAfter=2026-01-01T00%3A00%3A01Z&DateCreatedBefore=2026-02-01T00%3A00%3A00Z&PageSize=2`,
      next,
    ]);
  });

  it("retries a page that fails transiently and carries on", async () => {
    // Prepare
    const next = `${BASE}/v1/Recordings?Page=1`;
    const { client, sent } = aClient([page([sidNo(1)], next), tooMany(), page([sidNo(2)], null)]);
    // Act
    const sids: string[] = [];
    for await (const result of client.listRecordings())
      if (result.ok) sids.push(...result.value.recordings.map((r) => r.sid));
    // Assess
    expect(sids).toEqual([sidNo(1), sidNo(2)]);
    expect(sent).toHaveLength(3);
  });

  it("yields the failure as the last page when a page cannot be fetched", async () => {
    // Prepare
    const { client } = aClient([
      page([sidNo(1)], `${BASE}/v1/Recordings?Page=1`),
      twilioError(401, 20003, "Authenticate"),
    ]);
    // Act
    const kinds: string[] = [];
    for await (const result of client.listRecordings()) kinds.push(result.ok ? "page" : result.error.kind);
    // Assess
    expect(kinds).toEqual(["page", "unauthorized"]);
  });

  it("throws instead of sending credentials when next_page_url points to another origin", async () => {
    // Prepare
    const { client, sent } = aClient([
      page([sidNo(1)], "https://elsewhere.example.test/v1/Recordings?Page=1"),
    ]);
    // Act
    const drain = async () => {
      for await (const _ of client.listRecordings());
    };
    // Assess
    await expect(drain()).rejects.toThrow(TwilioResponseError);
    expect(sent).toHaveLength(1);
  });
});

const CJ = "CJ2c3f5a84328cb488376b45c221f27998";
const RM = "RM5b9970c25fb6f31a7da94fe683be0957";

const aCompositionJson = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  account_sid: ACCOUNT_SID,
  status: "enqueued",
  date_created: "2026-02-01T11:00:00Z",
  date_completed: null,
  date_deleted: null,
  sid: CJ,
  room_sid: RM,
  audio_sources: ["*"],
  audio_sources_excluded: [],
  video_layout: { grid: { video_sources: ["*"] } },
  resolution: "1280x720",
  trim: true,
  format: "mp4",
  bitrate: 0,
  size: 0,
  duration: 0,
  media_external_location: null,
  status_callback: "https://api.example.test/twilio/status",
  status_callback_method: "POST",
  url: `${BASE}/v1/Compositions/${CJ}`,
  links: { media: `${BASE}/v1/Compositions/${CJ}/Media` },
  ...overrides,
});

const aCompositionRequest = {
  roomSid: RM,
  format: "mp4",
  videoLayout: { grid: { video_sources: ["*"] } },
  audioSources: ["*", "alice*"],
  resolution: "640x480",
  trim: false,
  statusCallback: "https://api.example.test/twilio/status",
} as const;

describe("createTwilioClient createComposition", () => {
  it("posts the request form-encoded, as Twilio's parameters, and answers the composition", async () => {
    // Prepare
    const { client, sent } = aClient([json(201, aCompositionJson())]);
    // Act
    const result = await client.createComposition(aCompositionRequest);
    // Assess
    expect(result).toMatchObject({
      ok: true,
      value: { sid: CJ, status: "enqueued", roomSid: RM, format: "mp4" },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      url: `${BASE}/v1/Compositions`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const form = new URLSearchParams(sent[0]?.body);
    expect(Object.fromEntries(form)).toMatchObject({
      RoomSid: RM,
      Format: "mp4",
      Resolution: "640x480",
      Trim: "false",
      StatusCallback: "https://api.example.test/twilio/status",
      StatusCallbackMethod: "POST",
    });
    expect(JSON.parse(form.get("VideoLayout") ?? "")).toEqual({ grid: { video_sources: ["*"] } });
    expect(form.getAll("AudioSources")).toEqual(["*", "alice*"]);
  });

  it("retries a 429, which Twilio did not process", async () => {
    // Prepare
    const { client, sent } = aClient([tooMany(), json(201, aCompositionJson())]);
    // Act
    const result = await client.createComposition(aCompositionRequest);
    // Assess
    expect(result.ok).toBe(true);
    expect(sent).toHaveLength(2);
  });

  it.each([
    { case: "a 5xx", step: serverError() as Step, kind: "unavailable" },
    { case: "a lost answer", step: "network-error" as Step, kind: "unavailable" },
    {
      case: "Twilio refusing the room",
      step: twilioError(400, 53_104, "Room is in progress") as Step,
      kind: "bad-request",
    },
  ])("sends once and fails on $case: the composition may exist already", async ({ step, kind }) => {
    // Prepare
    const { client, sent } = aClient([step, json(201, aCompositionJson())]);
    // Act
    const result = await client.createComposition(aCompositionRequest);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind } });
    expect(sent).toHaveLength(1);
  });
});

describe("createTwilioClient compositions", () => {
  it("fetches a composition, its media link and deletes it at Twilio's paths", async () => {
    // Prepare
    const completed = aCompositionJson({ status: "completed", size: 1234, duration: 7 });
    const { client, sent } = aClient([
      json(200, completed),
      json(302, { redirect_to: "https://media.example.test/cj.mp4?sig=1" }),
      new Response(null, { status: 204 }),
    ]);
    // Act
    const fetched = await client.fetchComposition(CJ);
    const link = await client.compositionMediaLink(CJ, { ttl: 60 });
    const deleted = await client.deleteComposition(CJ);
    // Assess
    expect(fetched).toMatchObject({ ok: true, value: { status: "completed", size: 1234, duration: 7 } });
    expect(link).toEqual(ok({ url: "https://media.example.test/cj.mp4?sig=1" }));
    expect(deleted).toEqual(ok("deleted"));
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      `GET ${BASE}/v1/Compositions/${CJ}`,
      `GET ${BASE}/v1/Compositions/${CJ}/Media?Ttl=60&ContentDisposition=attachment`,
      `DELETE ${BASE}/v1/Compositions/${CJ}`,
    ]);
  });

  it("lists a room's compositions across pages with Twilio's filters", async () => {
    // Prepare
    const next = `${BASE}/v1/Compositions?RoomSid=${RM}&PageSize=1&Page=1&PageToken=PT1`;
    const { client, sent } = aClient([
      json(200, { compositions: [aCompositionJson()], meta: { next_page_url: next } }),
      json(200, {
        compositions: [aCompositionJson({ sid: `CJ${"1".repeat(32)}` })],
        meta: { next_page_url: null },
      }),
    ]);
    // Act
    const pages = [];
    for await (const page of client.listCompositions({ roomSid: RM, status: "completed", pageSize: 1 }))
      pages.push(page);
    // Assess
    expect(pages.map((page) => page.ok && page.value.compositions.map((c) => c.sid))).toEqual([
      [CJ],
      [`CJ${"1".repeat(32)}`],
    ]);
    expect(sent[0]?.url).toBe(`${BASE}/v1/Compositions?Status=completed&RoomSid=${RM}&PageSize=1`);
    expect(sent[1]?.url).toBe(next);
  });
});

describe("createTwilioClient observer", () => {
  const anObserver = () => {
    const seen = { rateLimited: 0, failed: [] as string[] };
    const observer = {
      rateLimited: () => {
        seen.rateLimited++;
      },
      failed: (kind: string) => {
        seen.failed.push(kind);
      },
    };
    return { seen, observer };
  };

  it("is told of every 429, the retried ones included, and of no failure when the call succeeds", async () => {
    // Prepare
    const { seen, observer } = anObserver();
    const { client } = aClient([tooMany(), tooMany(), json(200, aRecordingJson())], { observer });
    // Act
    await client.fetchRecording(RT);
    // Assess
    expect(seen).toEqual({ rateLimited: 2, failed: [] });
  });

  it("is told once of a call that fails when its retries are spent", async () => {
    // Prepare
    const { seen, observer } = anObserver();
    const { client } = aClient([serverError(), serverError()], {
      observer,
      retry: { baseMs: 100, capMs: 5_000, maxAttempts: 2 },
    });
    // Act
    await client.fetchRecording(RT);
    // Assess
    expect(seen).toEqual({ rateLimited: 0, failed: ["unavailable"] });
  });

  it("is told of a call that fails without a retry, when Twilio refuses the credentials", async () => {
    // Prepare
    const { seen, observer } = anObserver();
    const { client } = aClient([twilioError(401, 20003, "Authenticate")], { observer });
    // Act
    await client.deleteRecording(RT);
    // Assess
    expect(seen).toEqual({ rateLimited: 0, failed: ["unauthorized"] });
  });

  it("is told of nothing when the call's deadline passed before it started: Twilio was not asked", async () => {
    // Prepare
    const { seen, observer } = anObserver();
    const { client, sent, time } = aClient([], { observer });
    // Act
    const result = await client.fetchRecording(RT, { deadline: time.now() - 1 });
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "unavailable" } });
    expect(sent).toEqual([]);
    expect(seen).toEqual({ rateLimited: 0, failed: [] });
  });
});
