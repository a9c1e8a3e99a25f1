import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN, aSid } from "../fixtures/callbacks";
import { createRecordingRoom, postCallback, startTestSystem, type TestSystem } from "../support/local-system";
import { officialTwilio } from "../support/twilio-oracle";

const run = promisify(execFile);

let system: TestSystem;
let probes: string;
beforeAll(async () => {
  system = await startTestSystem();
  probes = await mkdtemp(join(tmpdir(), "compositions-"));
});
afterAll(async () => {
  await system.stop();
  await rm(probes, { recursive: true, force: true });
});

const emulatorTwilio = () => officialTwilio(system.emulatorUrl, ACCOUNT_SID, AUTH_TOKEN);

/** A room on the emulator with one participant on camera and microphone, ended. */
const recordedRoom = async (): Promise<string> => {
  const roomSid = await createRecordingRoom(system, `composed-${aSid("")}`);
  await system.emulator(`/_emulator/rooms/${roomSid}/participants`, {
    identity: "alice",
    tracks: [{ kind: "audio" }, { kind: "video" }],
  });
  await system.emulator(`/_emulator/rooms/${roomSid}/end`);
  await system.emulator("/_emulator/callbacks/flush");
  return roomSid;
};

/** Moves the emulator's clock past a composition's lifecycle and waits for its callbacks to settle. */
const letCompositionsFinish = async (): Promise<void> => {
  await system.emulator("/_emulator/clock", { advanceSeconds: 10 });
  await system.emulator("/_emulator/callbacks/flush");
};

const compositionsOf = async (roomSid: string) =>
  (
    (await (await system.api(`/rooms/${roomSid}/compositions`)).json()) as {
      compositions: Record<string, unknown>[];
    }
  ).compositions;

/** ffprobe's streams of the file a link serves: an independent check that it is real, playable media. */
const probe = async (url: string): Promise<{ codec_type: string; codec_name: string }[]> => {
  const answer = await fetch(url);
  const file = join(probes, `${aSid("")}.media`);
  await writeFile(file, Buffer.from(await answer.arrayBuffer()));
  const { stdout } = await run("ffprobe", ["-v", "error", "-show_streams", "-of", "json", file]);
  return (JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string }[] }).streams;
};

describe("local mode: compositions", () => {
  it("indexes a hook's composition of a recorded room as completed, and links media ffprobe reads", async () => {
    // Prepare
    const hook = await emulatorTwilio().video.v1.compositionHooks.create({
      friendlyName: `everyone-${aSid("")}`,
      format: "mp4",
      audioSources: ["*"],
      videoLayout: { grid: { video_sources: ["*"] } },
      statusCallback: `${system.apiUrl}/twilio/status`,
    });
    // Act
    const roomSid = await recordedRoom();
    await letCompositionsFinish();
    const listed = await compositionsOf(roomSid);
    const link = await system.api(`/compositions/${listed[0]?.sid}/media`);
    const afterLink = await system.api(`/compositions/${listed[0]?.sid}`);
    // Assess
    await emulatorTwilio().video.v1.compositionHooks(hook.sid).remove();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ roomSid, status: "completed", progress: 100, held: false });
    expect(listed[0]?.size).toBeGreaterThan(0);
    // Callbacks do not say the format; issuing the link asked Twilio, and the index kept it.
    expect(listed[0]?.format).toBeNull();
    expect(await afterLink.json()).toMatchObject({
      format: "mp4",
      videoLayout: { grid: { video_sources: ["*"] } },
    });
    expect(link.status).toBe(200);
    const { url, source } = (await link.json()) as {
      url: string;
      source: string;
      contentType: string;
    };
    expect(source).toBe("twilio");
    const streams = await probe(url);
    expect(streams.map((stream) => stream.codec_type).sort()).toEqual(["audio", "video"]);
    expect(streams.find((stream) => stream.codec_type === "video")?.codec_name).toBe("h264");
  });

  it("creates a composition with this deployment's callback URL, answering 201, and follows it to completed", async () => {
    // Prepare
    const roomSid = await recordedRoom();
    // Act
    const created = await system.api(`/rooms/${roomSid}/compositions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ format: "webm", resolution: "640x480" }),
    });
    const composition = (await created.json()) as Record<string, unknown>;
    await letCompositionsFinish();
    const fetched = await system.api(`/compositions/${composition.sid}`);
    const atTwilio = await emulatorTwilio().video.v1.compositions(String(composition.sid)).fetch();
    // Assess
    expect(created.status).toBe(201);
    expect(composition).toMatchObject({
      roomSid,
      status: "enqueued",
      format: "webm",
      resolution: "640x480",
      videoLayout: { grid: { video_sources: ["*"] } },
      audioSources: ["*"],
      trim: true,
    });
    expect(atTwilio.statusCallback).toBe(`${system.apiUrl}/twilio/status`);
    expect(await fetched.json()).toMatchObject({ sid: composition.sid, status: "completed", progress: 100 });
  });

  it("indexes a composition anyone created with the official twilio client, callbacks pointed here", async () => {
    // Prepare
    const roomSid = await recordedRoom();
    // Act
    const created = await emulatorTwilio().video.v1.compositions.create({
      roomSid,
      audioSources: ["*"],
      format: "mp4",
      statusCallback: `${system.apiUrl}/twilio/status`,
    });
    await letCompositionsFinish();
    const fetched = await system.api(`/compositions/${created.sid}`);
    // Assess
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ sid: created.sid, roomSid, status: "completed" });
  });

  it("answers 409 room_in_progress while a recording still processes, and 404 for a room without recordings", async () => {
    // Prepare
    const live = await createRecordingRoom(system, `live-${aSid("")}`);
    await system.emulator(`/_emulator/rooms/${live}/participants`, {
      identity: "bob",
      tracks: [{ kind: "audio" }],
    });
    await system.emulator("/_emulator/callbacks/flush");
    const compose = (roomSid: string) => system.api(`/rooms/${roomSid}/compositions`, { method: "POST" });
    // Act
    const inProgress = await compose(live);
    const empty = await compose(aSid("RM"));
    // Assess
    expect(inProgress.status).toBe(409);
    expect(await inProgress.json()).toMatchObject({ error: { code: "room_in_progress" } });
    expect(empty.status).toBe(404);
    expect(await empty.json()).toMatchObject({ error: { code: "room_not_found" } });
  });

  it.each([
    { case: "an unknown format", body: { format: "avi" }, code: "invalid_format" },
    { case: "a frame over Twilio's limit", body: { resolution: "1920x1080" }, code: "invalid_resolution" },
    { case: "a layout that is not an object", body: { videoLayout: "grid" }, code: "invalid_video_layout" },
    { case: "an unknown field", body: { layout: {} }, code: "invalid_body" },
  ])("answers 400 $code to $case", async ({ body, code }) => {
    // Act
    const answer = await system.api(`/rooms/${aSid("RM")}/compositions`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    // Assess
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code } });
  });

  it("refuses forged and malformed composition callbacks, storing nothing", async () => {
    // Prepare
    const compositionSid = aSid("CJ");
    const params = {
      AccountSid: ACCOUNT_SID,
      RoomSid: aSid("RM"),
      CompositionSid: compositionSid,
      StatusCallbackEvent: "composition-available",
      Timestamp: "2026-11-01T10:00:00.000Z",
    };
    // Act
    const forged = await postCallback(system, params, { token: "not-the-auth-token" });
    const malformed = await postCallback(system, { ...params, CompositionSid: "CJ123" });
    const unknownEvent = await postCallback(system, {
      ...params,
      StatusCallbackEvent: "composition-exploded",
    });
    const fetched = await system.api(`/compositions/${compositionSid}`);
    // Assess
    expect(forged.status).toBe(403);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      error: { code: "malformed_callback", message: expect.stringMatching(/^CompositionSid/) },
    });
    expect(unknownEvent.status).toBe(400);
    expect(fetched.status).toBe(404);
    expect(await fetched.json()).toMatchObject({ error: { code: "composition_not_found" } });
  });
});

describe("local mode: compositions under retention", () => {
  const DAY_MS = 86_400_000;

  /** `POST /_local/sweeper` as if run `days` from now: everything made so far is that old to it. */
  const sweepDaysLater = async (days: number): Promise<Record<string, unknown>> => {
    // The emulator and the handlers share this process's clock, so Twilio ages with the sweeper.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + days * DAY_MS });
    try {
      const answer = await system.api("/_local/sweeper", { method: "POST" });
      expect(answer.status).toBe(200);
      return (await answer.json()) as Record<string, unknown>;
    } finally {
      vi.useRealTimers();
    }
  };

  it("archives and deletes an aged hook composition from Twilio, but not a held room's", async () => {
    // Prepare
    const hook = await emulatorTwilio().video.v1.compositionHooks.create({
      friendlyName: `retained-${aSid("")}`,
      format: "webm",
      audioSources: ["*"],
      videoLayout: { grid: { video_sources: ["*"] } },
      statusCallback: `${system.apiUrl}/twilio/status`,
    });
    const sweptRoom = await recordedRoom();
    const heldRoom = await recordedRoom();
    await letCompositionsFinish();
    await emulatorTwilio().video.v1.compositionHooks(hook.sid).remove();
    const hold = await system.api(`/rooms/${heldRoom}/hold`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason: "litigation" }),
    });
    expect(hold.status).toBe(200);
    const [swept] = await compositionsOf(sweptRoom);
    const [held] = await compositionsOf(heldRoom);
    // Act
    const summary = await sweepDaysLater(100);
    // Assess
    expect(summary).toMatchObject({ failed: 0, byKind: { composition: { failed: 0 } } });
    const byKind = summary.byKind as Record<string, Record<string, number>>;
    expect(byKind.composition?.deleted).toBeGreaterThanOrEqual(1);
    expect(byKind.composition?.held).toBeGreaterThanOrEqual(1);
    const atTwilio = async (sid: unknown) =>
      (await emulatorTwilio().video.v1.compositions(String(sid)).fetch()).status;
    expect([await atTwilio(swept?.sid), await atTwilio(held?.sid)]).toEqual(["deleted", "completed"]);
    const indexed = (await (await system.api(`/compositions/${swept?.sid}`)).json()) as Record<
      string,
      unknown
    >;
    expect(indexed).toMatchObject({
      status: "deleted",
      archive: {
        bucket: system.bucket,
        key: `recordings/${sweptRoom}/${swept?.sid}.webm`,
        size: swept?.size,
      },
    });
    const link = (await (await system.api(`/compositions/${swept?.sid}/media`)).json()) as {
      url: string;
      source: string;
    };
    expect(link).toMatchObject({ source: "archive", contentType: "video/webm" });
    const streams = await probe(link.url);
    expect(streams.map((stream) => stream.codec_name).sort()).toEqual(["opus", "vp8"]);
  });
});
