import {
  CompositionListingSchema,
  type CompositionReport,
  CompositionViewSchema,
  createRoomComposition,
  err,
  getComposition,
  indexCompositionReport,
  indexReport,
  issueCompositionMediaLink,
  listRoomCompositions,
  listRoomRecordings,
  ok,
  parseCallback,
  type Result,
  readCompositionAsk,
  type TwilioComposition,
  type TwilioFailure,
} from "@video-recordings/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { InMemoryArchiveStore } from "../fakes/in-memory-archive-store";
import {
  InMemoryCompositionStore,
  InMemoryHoldStore,
  InMemoryRecordingStore,
} from "../fakes/in-memory-stores";
import { aRecordingLifecycle, aSid } from "../fixtures/callbacks";
import {
  aCompositionCallback,
  CJ,
  compositionReport,
  EVENTS_OF_ONE_COMPOSITION,
  HK,
  RM,
} from "../fixtures/compositions";

const NOW = new Date("2026-11-24T12:00:00.700Z");

const aTwilioComposition = (overrides: Partial<TwilioComposition> = {}): TwilioComposition => ({
  sid: CJ,
  accountSid: null,
  status: "completed",
  dateCreated: "2026-11-24T11:00:00.000000Z",
  dateCompleted: "2026-11-24T11:01:00.000000Z",
  dateDeleted: null,
  roomSid: RM,
  format: "webm",
  resolution: "640x480",
  videoLayout: { grid: { video_sources: ["*"] } },
  audioSources: ["*"],
  trim: true,
  bitrate: 64,
  size: 1000,
  duration: 3,
  mediaExternalLocation: null,
  statusCallback: null,
  ...overrides,
});

/** Twilio as scripted by the test: what it knows and answers, what it was asked. */
class ScriptedTwilio {
  readonly compositions = new Map<string, TwilioComposition>();
  mediaAnswer: Result<{ url: string }, TwilioFailure> = ok({ url: "https://media.twilio.example/cj" });
  createAnswer: Result<TwilioComposition, TwilioFailure> = ok(aTwilioComposition({ status: "enqueued" }));
  fetchAnswer: TwilioFailure = { kind: "not-found", message: "20404" };
  readonly calls: string[] = [];
  readonly created: unknown[] = [];
  /** The deadline of every call that was given one. */
  readonly deadlines: number[] = [];

  async fetchComposition(
    sid: string,
    options?: { deadline?: number },
  ): Promise<Result<TwilioComposition, TwilioFailure>> {
    this.calls.push(`fetch ${sid}`);
    if (options?.deadline !== undefined) this.deadlines.push(options.deadline);
    const found = this.compositions.get(sid);
    return found ? ok(found) : err(this.fetchAnswer);
  }

  async compositionMediaLink(sid: string, options?: { ttl?: number }) {
    this.calls.push(`media ${sid} ttl=${options?.ttl}`);
    return this.mediaAnswer;
  }

  async createComposition(request: unknown, options?: { deadline?: number }) {
    this.created.push(request);
    if (options?.deadline !== undefined) this.deadlines.push(options.deadline);
    return this.createAnswer;
  }
}

const setUp = () => {
  const compositions = new InMemoryCompositionStore();
  const recordings = new InMemoryRecordingStore();
  const holds = new InMemoryHoldStore();
  const twilio = new ScriptedTwilio();
  const archive = new InMemoryArchiveStore({ now: () => NOW.getTime() });
  const clock = () => NOW;
  return { compositions, recordings, holds, twilio, archive, clock, budgetMs: 25_000 };
};

const indexAll = async (store: InMemoryCompositionStore, reports: CompositionReport[]) => {
  for (const report of reports) await indexCompositionReport(store, report);
};

/** What Twilio's REST API said of the composition in `status`: its format among the facts. */
const asTwilioSaid = (status: CompositionReport["status"]): CompositionReport => ({
  sid: CJ,
  status,
  at: "2026-11-24T11:30:00.000000Z",
  facts: { roomSid: RM, format: "webm" },
  dateCreated: { value: "2026-11-24T11:00:00.000000Z", basis: "twilio" },
});

/** Records a copy of the composition in the archive. */
const archived = (deps: ReturnType<typeof setUp>): void => {
  const stored = deps.compositions.records.get(CJ) ?? expect.fail("not indexed");
  const key = `compositions/${RM}/${CJ}`;
  stored.state.archive = {
    bucket: deps.archive.bucket,
    key,
    size: 1000,
    archivedAt: "2026-11-01T00:00:00.000000Z",
  };
  deps.archive.objects.set(key, { bytes: new Uint8Array(1000), contentType: "video/webm" });
};

/** How a download through an archive link is named and typed. */
const downloadOf = (link: Result<{ url: string }, unknown>) => {
  const query = new URL(link.ok ? link.value.url : expect.fail("no link")).searchParams;
  return { disposition: query.get("disposition"), type: query.get("type") };
};

describe("parseCallback, composition events", () => {
  it.each([
    { event: "composition-enqueued", status: "enqueued", basis: "started" },
    { event: "composition-started", status: "processing", basis: "estimated" },
    { event: "composition-progress", status: "processing", basis: "estimated" },
    { event: "composition-available", status: "completed", basis: "estimated" },
    { event: "composition-failed", status: "failed", basis: "estimated" },
    { event: "composition-hook-failed", status: "failed", basis: "estimated" },
  ])("reads $event as $status, its Timestamp a $basis creation date", ({ event, status, basis }) => {
    // Act
    const parsed = parseCallback(aCompositionCallback(event, "2026-01-05T10:00:00Z"));
    // Assess
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        kind: "composition",
        roomSid: RM,
        report: { sid: CJ, status, dateCreated: { value: "2026-01-05T10:00:00.000000Z", basis } },
      },
    });
  });

  it("keeps size and duration from composition-available only, with progress 100 and the hook", () => {
    // Act
    const available = compositionReport(
      aCompositionCallback("composition-available", "2026-01-05T10:00:00Z", { Size: "9", Duration: "2" }),
    );
    const progress = compositionReport(
      aCompositionCallback("composition-progress", "2026-01-05T10:00:00Z", {
        Size: "9",
        Duration: "2",
        PercentageDone: "40",
      }),
    );
    // Assess
    expect(available.facts).toMatchObject({ size: 9, duration: 2, progress: 100, hookSid: HK });
    expect(progress.facts).toMatchObject({ size: null, duration: null, progress: 40 });
  });

  it("acknowledges a hook that failed before making a composition", () => {
    // Prepare
    const { CompositionSid: _none, ...withoutComposition } = aCompositionCallback(
      "composition-hook-failed",
      "2026-01-05T10:00:00Z",
    );
    // Act & Assess
    expect(parseCallback(withoutComposition)).toEqual(
      ok({ kind: "room-event", event: "composition-hook-failed" }),
    );
  });

  it.each([
    {
      case: "an unknown composition event",
      extra: { StatusCallbackEvent: "composition-exploded" },
      field: "StatusCallbackEvent",
    },
    { case: "no CompositionSid", extra: { CompositionSid: "" }, field: "CompositionSid" },
    {
      case: "a recording SID for a composition",
      extra: { CompositionSid: aSid("RT") },
      field: "CompositionSid",
    },
    { case: "progress over 100", extra: { PercentageDone: "101" }, field: "PercentageDone" },
    { case: "progress that is not a number", extra: { PercentageDone: "ten" }, field: "PercentageDone" },
    { case: "a bad hook SID", extra: { HookSid: "HK1" }, field: "HookSid" },
  ])("refuses $case, naming $field", ({ extra, field }) => {
    // Act
    const parsed = parseCallback({
      ...aCompositionCallback("composition-progress", "2026-01-05T10:00:00Z"),
      ...extra,
    });
    // Assess
    expect(parsed).toMatchObject({ ok: false, error: { kind: "malformed", field } });
  });

  it.each([
    {
      case: "an unknown composition event",
      extra: { StatusCallbackEvent: "composition-exploded" },
      message: "is not a known composition event: composition-exploded",
    },
    { case: "progress over 100", extra: { PercentageDone: "101" }, message: "is over 100" },
    { case: "progress in words", extra: { PercentageDone: "ten" }, message: "is not a whole percentage" },
    { case: "progress after text", extra: { PercentageDone: "x50" }, message: "is not a whole percentage" },
    { case: "progress before text", extra: { PercentageDone: "50x" }, message: "is not a whole percentage" },
  ])("says what is wrong with $case", ({ extra, message }) => {
    // Act
    const parsed = parseCallback({
      ...aCompositionCallback("composition-progress", "2026-01-05T10:00:00Z"),
      ...extra,
    });
    // Assess
    expect(parsed).toMatchObject({ ok: false, error: { kind: "malformed", message } });
  });
});

describe("readCompositionAsk", () => {
  it("asks for the contract's defaults when the body is empty", () => {
    // Act & Assess
    expect(readCompositionAsk("")).toEqual(
      ok({
        format: "mp4",
        videoLayout: { grid: { video_sources: ["*"] } },
        audioSources: ["*"],
        resolution: "1280x720",
        trim: true,
      }),
    );
  });

  it.each(["16x16", "1280x720", "720x1280", "960x960"])("accepts the frame %s", (resolution) => {
    // Act & Assess
    expect(readCompositionAsk(JSON.stringify({ resolution }))).toMatchObject({
      ok: true,
      value: { resolution },
    });
  });

  it.each([
    { case: "a frame over 921,600 pixels", body: { resolution: "1280x721" }, parameter: "resolution" },
    { case: "a side over 1280", body: { resolution: "1281x10" }, parameter: "resolution" },
    { case: "a side under 16", body: { resolution: "15x100" }, parameter: "resolution" },
    { case: "a frame that is not WxH", body: { resolution: "hd" }, parameter: "resolution" },
    { case: "an unknown format", body: { format: "avi" }, parameter: "format" },
    { case: "a layout that is an array", body: { videoLayout: [] }, parameter: "videoLayout" },
    {
      case: "a layout over 16 KB",
      body: { videoLayout: { big: "x".repeat(16_400) } },
      parameter: "videoLayout",
    },
    { case: "sources that are not names", body: { audioSources: [1] }, parameter: "audioSources" },
    { case: "an empty source name", body: { audioSources: [""] }, parameter: "audioSources" },
    {
      case: "33 sources",
      body: { audioSources: Array.from({ length: 33 }, (_, i) => `t${i}`) },
      parameter: "audioSources",
    },
    { case: "trim as text", body: { trim: "yes" }, parameter: "trim" },
    { case: "an unknown field", body: { layout: {} }, parameter: "body" },
  ])("refuses $case, naming $parameter", ({ body, parameter }) => {
    // Act & Assess
    expect(readCompositionAsk(JSON.stringify(body))).toMatchObject({ ok: false, error: { parameter } });
  });

  it.each(["[]", "null", "not json", '"text"'])("refuses the body %s as a whole", (body) => {
    // Act & Assess
    expect(readCompositionAsk(body)).toMatchObject({ ok: false, error: { parameter: "body" } });
  });

  it("asks for the contract's defaults when the body is only whitespace", () => {
    // Act & Assess
    expect(readCompositionAsk(" \n ")).toMatchObject({ ok: true, value: { format: "mp4", trim: true } });
  });

  it("accepts a layout of exactly 16 KB as JSON", () => {
    // Prepare
    const videoLayout = { big: "x".repeat(16_384 - '{"big":""}'.length) };
    // Act & Assess
    expect(readCompositionAsk(JSON.stringify({ videoLayout }))).toMatchObject({
      ok: true,
      value: { videoLayout },
    });
  });

  const FRAME = "must be 16 to 1280 a side and at most 921600 pixels";
  const SHAPE = '{"format"?, "videoLayout"?, "audioSources"?, "resolution"?, "trim"?}';
  it.each([
    { case: "an unknown format", body: { format: "avi" }, message: "must be one of mp4, webm" },
    {
      case: "a layout that is an array",
      body: { videoLayout: [] },
      message: "must be an object (Twilio's video layout)",
    },
    {
      case: "a layout that is text",
      body: { videoLayout: "grid" },
      message: "must be an object (Twilio's video layout)",
    },
    {
      case: "a layout over 16 KB",
      body: { videoLayout: { big: "x".repeat(16_400) } },
      message: "must be at most 16 KB as JSON",
    },
    {
      case: "sources given as text",
      body: { audioSources: "*" },
      message: "must be an array of track names",
    },
    { case: "sources that are not names", body: { audioSources: [1] }, message: "must hold track names" },
    { case: "an empty source name", body: { audioSources: [""] }, message: "must not hold an empty name" },
    {
      case: "33 sources",
      body: { audioSources: Array.from({ length: 33 }, (_, i) => `t${i}`) },
      message: "must name at most 32 sources",
    },
    { case: "a frame given as a number", body: { resolution: 720 }, message: "must be WIDTHxHEIGHT" },
    { case: "a frame that is not WxH", body: { resolution: "hd" }, message: "must be WIDTHxHEIGHT" },
    { case: "a frame after text", body: { resolution: "a16x16" }, message: "must be WIDTHxHEIGHT" },
    { case: "a frame before text", body: { resolution: "16x16a" }, message: "must be WIDTHxHEIGHT" },
    { case: "a width under 16", body: { resolution: "15x100" }, message: FRAME },
    { case: "a height under 16", body: { resolution: "100x15" }, message: FRAME },
    { case: "a width over 1280", body: { resolution: "1281x16" }, message: FRAME },
    { case: "a height over 1280", body: { resolution: "16x1281" }, message: FRAME },
    { case: "a frame over 921,600 pixels", body: { resolution: "1280x721" }, message: FRAME },
    { case: "trim as text", body: { trim: "yes" }, message: "must be true or false" },
    {
      case: "an unknown field",
      body: { layout: {} },
      message:
        "must be a JSON object of format, videoLayout, audioSources, resolution and trim: nothing else",
    },
  ])("says what is wrong with $case", ({ body, message }) => {
    // Act & Assess
    expect(readCompositionAsk(JSON.stringify(body))).toMatchObject({ ok: false, error: { message } });
  });

  it.each([
    { body: "not json", message: `must be JSON: ${SHAPE}` },
    { body: "[]", message: `must be a JSON object: ${SHAPE}` },
  ])("says what the body $body must be", ({ body, message }) => {
    // Act & Assess
    expect(readCompositionAsk(body)).toMatchObject({ ok: false, error: { parameter: "body", message } });
  });
});

describe("createRoomComposition", () => {
  const finishedRoom = async (deps: ReturnType<typeof setUp>, roomSid = RM) => {
    for (const params of aRecordingLifecycle(aSid("RT"), roomSid)) {
      const parsed = parseCallback(params);
      if (parsed.ok && parsed.value.kind === "recording")
        await indexReport(deps.recordings, parsed.value.report);
    }
  };
  const create = (deps: ReturnType<typeof setUp>, roomSid: string, body = "{}") =>
    createRoomComposition({ ...deps, statusCallback: "https://api.example/twilio/status" }, roomSid, body);

  it("asks Twilio with the defaults and this deployment's callback, and answers what it indexed", async () => {
    // Prepare
    const deps = setUp();
    await finishedRoom(deps);
    // Act
    const created = await create(deps, RM, JSON.stringify({ format: "webm" }));
    // Assess
    expect(deps.twilio.created).toEqual([
      {
        roomSid: RM,
        format: "webm",
        videoLayout: { grid: { video_sources: ["*"] } },
        audioSources: ["*"],
        resolution: "1280x720",
        trim: true,
        statusCallback: "https://api.example/twilio/status",
      },
    ]);
    expect(created).toMatchObject({
      ok: true,
      value: { sid: CJ, status: "enqueued", roomSid: RM, held: false },
    });
    expect((await deps.compositions.get(CJ))?.state.status).toBe("enqueued");
  });

  it("gives Twilio the request's budget as its deadline", async () => {
    // Prepare
    const deps = setUp();
    await finishedRoom(deps);
    // Act
    await create(deps, RM);
    // Assess
    expect(deps.twilio.deadlines).toEqual([NOW.getTime() + 25_000]);
  });

  it("shows the room's hold on the answer", async () => {
    // Prepare
    const deps = setUp();
    await finishedRoom(deps);
    await deps.holds.hold(RM);
    // Act & Assess
    expect(await create(deps, RM)).toMatchObject({ ok: true, value: { held: true } });
  });

  it("refuses a room without indexed recordings, and one still recording, asking Twilio nothing", async () => {
    // Prepare
    const deps = setUp();
    const live = aSid("RM");
    const [started] = aRecordingLifecycle(aSid("RT"), live);
    const parsed = started && parseCallback(started);
    if (parsed?.ok && parsed.value.kind === "recording")
      await indexReport(deps.recordings, parsed.value.report);
    // Act
    const empty = await create(deps, aSid("RM"));
    const inProgress = await create(deps, live);
    // Assess
    expect(empty).toMatchObject({ ok: false, error: { kind: "room-without-recordings" } });
    expect(inProgress).toMatchObject({ ok: false, error: { kind: "room-in-progress", roomSid: live } });
    expect(deps.twilio.created).toEqual([]);
  });

  it("answers Twilio's refusal and a bad room SID, indexing nothing", async () => {
    // Prepare
    const deps = setUp();
    await finishedRoom(deps);
    deps.twilio.createAnswer = err({ kind: "bad-request", status: 400, code: 53_104, message: "no sources" });
    // Act
    const refused = await create(deps, RM);
    const badRoom = await create(deps, "RM1");
    // Assess
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: "twilio-failed", failure: { kind: "bad-request" } },
    });
    expect(badRoom).toMatchObject({ ok: false, error: { parameter: "roomSid" } });
    expect(await deps.compositions.get(CJ)).toBeUndefined();
  });
});

describe("getComposition and listRoomCompositions", () => {
  it("answers a composition with its room's hold, 404 for an unknown one and 400 for a bad SID", async () => {
    // Prepare
    const deps = setUp();
    await indexAll(deps.compositions, EVENTS_OF_ONE_COMPOSITION);
    await deps.holds.hold(RM);
    // Act
    const found = await getComposition(deps, CJ);
    const unknown = await getComposition(deps, aSid("CJ"));
    const bad = await getComposition(deps, aSid("RT"));
    // Assess
    expect(found).toMatchObject({
      ok: true,
      value: { sid: CJ, status: "completed", progress: 100, held: true },
    });
    expect(unknown).toMatchObject({ ok: false, error: { kind: "not-found", resource: "composition" } });
    expect(bad).toMatchObject({ ok: false, error: { parameter: "compositionSid" } });
  });

  it("answers a composition and a page of them in the shapes the API documents", async () => {
    // Prepare
    const deps = setUp();
    await indexAll(deps.compositions, EVENTS_OF_ONE_COMPOSITION);
    // Act
    const found = await getComposition(deps, CJ);
    const listed = await listRoomCompositions(deps, { roomSid: RM });
    // Assess
    const view = found.ok ? found.value : expect.fail("not found");
    const page = listed.ok ? listed.value : expect.fail(listed.error.message);
    expect(page.compositions).toEqual([view]);
    expect(v.safeParse(CompositionViewSchema, view).issues).toBeUndefined();
    expect(v.safeParse(CompositionListingSchema, page).issues).toBeUndefined();
  });

  it("pages a room's compositions oldest first, filtered by status, with cursors of its own", async () => {
    // Prepare
    const deps = setUp();
    const sids = [aSid("CJ"), aSid("CJ"), aSid("CJ")];
    for (const [i, sid] of sids.entries())
      await indexCompositionReport(deps.compositions, {
        ...compositionReport(aCompositionCallback("composition-enqueued", `2026-01-0${i + 1}T10:00:00Z`)),
        sid,
      });
    // Act
    const first = await listRoomCompositions(deps, { roomSid: RM, limit: "2" });
    const cursor = first.ok ? (first.value.nextCursor ?? "") : "";
    const second = await listRoomCompositions(deps, { roomSid: RM, limit: "2", cursor });
    const completed = await listRoomCompositions(deps, { roomSid: RM, status: "completed" });
    const recordingsCursor = await listRoomRecordings(
      { store: deps.recordings, holds: deps.holds },
      { roomSid: RM, cursor },
    );
    // Assess
    expect(first).toMatchObject({ ok: true, value: { compositions: [{ sid: sids[0] }, { sid: sids[1] }] } });
    expect(second).toMatchObject({ ok: true, value: { compositions: [{ sid: sids[2] }], nextCursor: null } });
    expect(completed).toMatchObject({ ok: true, value: { compositions: [], nextCursor: null } });
    expect(recordingsCursor).toMatchObject({ ok: false, error: { parameter: "cursor" } });
  });

  it.each([
    { request: { roomSid: "RM1" }, parameter: "roomSid" },
    { request: { roomSid: RM, limit: "0" }, parameter: "limit" },
    { request: { roomSid: RM, status: "done" }, parameter: "status" },
    { request: { roomSid: RM, cursor: "nope" }, parameter: "cursor" },
  ])("refuses a bad $parameter", async ({ request, parameter }) => {
    // Act & Assess
    expect(await listRoomCompositions(setUp(), request)).toMatchObject({ ok: false, error: { parameter } });
  });

  it("tells what a status must be", async () => {
    // Act
    const listed = await listRoomCompositions(setUp(), { roomSid: RM, status: "done" });
    // Assess
    expect(listed).toEqual({
      ok: false,
      error: {
        kind: "invalid-parameter",
        parameter: "status",
        message: "must be one of enqueued, processing, completed, failed, deleted",
      },
    });
  });
});

describe("issueCompositionMediaLink", () => {
  it("answers Twilio's link for a completed composition it knows the format of, asking Twilio only for the link", async () => {
    // Prepare
    const deps = setUp();
    await indexAll(deps.compositions, EVENTS_OF_ONE_COMPOSITION);
    // Act
    const link = await issueCompositionMediaLink(deps, { compositionSid: CJ, ttl: "60" });
    // Assess
    expect(link).toEqual(
      ok({
        url: "https://media.twilio.example/cj",
        expiresAt: "2026-11-24T12:01:00.000Z",
        ttl: 60,
        source: "twilio",
        contentType: "video/mp4",
        redirect: false,
      }),
    );
    expect(deps.twilio.calls).toEqual([`media ${CJ} ttl=60`]);
  });

  it("asks Twilio first when the callbacks left the format unknown, and keeps what it said", async () => {
    // Prepare
    const deps = setUp();
    await indexAll(deps.compositions, EVENTS_OF_ONE_COMPOSITION.slice(0, 5));
    deps.twilio.compositions.set(CJ, aTwilioComposition());
    // Act
    const link = await issueCompositionMediaLink(deps, { compositionSid: CJ });
    // Assess
    expect(link.ok).toBe(true);
    expect(deps.twilio.calls[0]).toBe(`fetch ${CJ}`);
    expect((await deps.compositions.get(CJ))?.state).toMatchObject({ format: "webm", resolution: "640x480" });
  });

  it.each(["enqueued", "processing"] as const)(
    "asks Twilio again, within the link's budget, about a composition indexed as %s",
    async (status) => {
      // Prepare
      const deps = setUp();
      await indexCompositionReport(deps.compositions, asTwilioSaid(status));
      deps.twilio.compositions.set(CJ, aTwilioComposition());
      // Act
      const link = await issueCompositionMediaLink(deps, { compositionSid: CJ });
      // Assess
      expect(link).toMatchObject({ ok: true, value: { source: "twilio" } });
      expect(deps.twilio.deadlines).toEqual([NOW.getTime() + 25_000]);
    },
  );

  it("names and types the archived copy by the composition's format once Twilio deleted it", async () => {
    // Prepare
    const deps = setUp();
    await indexCompositionReport(deps.compositions, asTwilioSaid("deleted"));
    archived(deps);
    // Act
    const link = await issueCompositionMediaLink(deps, { compositionSid: CJ });
    // Assess
    expect(link).toMatchObject({ ok: true, value: { source: "archive" } });
    expect(downloadOf(link)).toEqual({
      disposition: `attachment; filename="${CJ}.webm"`,
      type: "video/webm",
    });
  });

  it("names and types an archived copy of unknown format as MP4 when Twilio cannot say more", async () => {
    // Prepare
    const deps = setUp();
    await indexAll(deps.compositions, EVENTS_OF_ONE_COMPOSITION.slice(0, 5));
    archived(deps);
    const unavailable = { kind: "unavailable", status: 503, message: "503" } as const;
    deps.twilio.fetchAnswer = unavailable;
    deps.twilio.mediaAnswer = err(unavailable);
    // Act
    const link = await issueCompositionMediaLink(deps, { compositionSid: CJ });
    // Assess
    expect(link).toMatchObject({ ok: true, value: { source: "archive" } });
    expect(downloadOf(link)).toEqual({ disposition: `attachment; filename="${CJ}.mp4"`, type: "video/mp4" });
  });

  it.each(["enqueued", "processing", "failed"] as const)(
    "answers not-ready while Twilio says %s",
    async (status) => {
      // Prepare
      const deps = setUp();
      deps.twilio.compositions.set(CJ, aTwilioComposition({ status }));
      // Act & Assess
      expect(await issueCompositionMediaLink(deps, { compositionSid: CJ })).toMatchObject({
        ok: false,
        error: { kind: "not-ready", resource: "composition", status },
      });
    },
  );

  it("answers not-found for a composition neither indexed nor at Twilio, and gone for one deleted", async () => {
    // Prepare
    const deps = setUp();
    const deleted = aSid("CJ");
    deps.twilio.compositions.set(deleted, aTwilioComposition({ sid: deleted, status: "deleted" }));
    // Act
    const unknown = await issueCompositionMediaLink(deps, { compositionSid: aSid("CJ") });
    const gone = await issueCompositionMediaLink(deps, { compositionSid: deleted });
    // Assess
    expect(unknown).toMatchObject({ ok: false, error: { kind: "not-found", resource: "composition" } });
    expect(gone).toMatchObject({ ok: false, error: { kind: "gone", sid: deleted } });
  });

  it("serves the index's record when Twilio fails to say more, and names a bad query parameter", async () => {
    // Prepare
    const deps = setUp();
    await indexAll(deps.compositions, EVENTS_OF_ONE_COMPOSITION.slice(0, 2));
    // Act
    const processing = await issueCompositionMediaLink(deps, { compositionSid: CJ });
    const badTtl = await issueCompositionMediaLink(deps, { compositionSid: CJ, ttl: "3601" });
    // Assess
    expect(processing).toMatchObject({ ok: false, error: { kind: "not-ready", status: "processing" } });
    expect(badTtl).toMatchObject({ ok: false, error: { parameter: "ttl" } });
  });
});
