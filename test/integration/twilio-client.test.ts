import { createHash } from "node:crypto";
import type { TwilioRecording, TwilioVideo } from "@video-recordings/core";
import { createTwilioClient, type TwilioClientOptions } from "@video-recordings/core/twilio";
import { type Emulator, mediaBytes, mediaLength, start } from "@video-recordings/twilio-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { officialTwilio } from "../support/twilio-oracle";

const ACCOUNT_SID = "AC00000000000000000000000000000042";
const AUTH_TOKEN = "integration-auth-token-0f1e2d3c";
const API_KEY_SID = "SK00000000000000000000000000000042";
const API_KEY_SECRET = "integration-key-secret-9a8b7c";

let emu: Emulator;
beforeAll(async () => {
  emu = await start({
    port: 0,
    host: "127.0.0.1",
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiKeys: { [API_KEY_SID]: API_KEY_SECRET },
    seed: "twilio-client",
  });
});
afterAll(async () => {
  await emu.stop();
});
afterEach(() => {
  emu.reset();
  emu.setFaults({});
});

const aClient = (overrides: Partial<TwilioClientOptions> = {}): TwilioVideo =>
  createTwilioClient({
    accountSid: ACCOUNT_SID,
    credentials: { apiKeySid: API_KEY_SID, apiKeySecret: API_KEY_SECRET },
    baseUrl: emu.url,
    timeoutMs: 2_000,
    ...overrides,
  });

/** Seeds a recording through the emulator's control API; answers its Twilio JSON. */
const seed = async (
  body: Record<string, unknown> = {},
): Promise<{ sid: string } & Record<string, unknown>> => {
  const answer = await fetch(`${emu.url}/_emulator/recordings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (answer.status !== 201) throw new Error(`seeding answered ${answer.status}`);
  return (await answer.json()) as { sid: string };
};

const oracle = () => officialTwilio(emu.url, ACCOUNT_SID, AUTH_TOKEN);

const expectOk = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
};

const listAll = async (client: TwilioVideo, options: Parameters<TwilioVideo["listRecordings"]>[0]) => {
  const pages: TwilioRecording[][] = [];
  for await (const page of client.listRecordings(options)) pages.push(expectOk(page).recordings);
  return pages;
};

describe("createTwilioClient against the emulator", () => {
  it("reads a recording as the official twilio library does", async () => {
    // Prepare
    const { sid } = await seed({ type: "video", codec: "VP8", trackName: "camera", duration: 7 });
    // Act
    const ours = expectOk(await aClient().fetchRecording(sid));
    // Assess
    const theirs = await oracle().video.v1.recordings(sid).fetch();
    expect(ours).toEqual({
      sid: theirs.sid,
      accountSid: theirs.accountSid,
      status: theirs.status,
      dateCreated: `${theirs.dateCreated.toISOString().slice(0, 23)}000Z`,
      sourceSid: theirs.sourceSid,
      size: theirs.size,
      url: theirs.url,
      type: theirs.type,
      duration: theirs.duration,
      containerFormat: theirs.containerFormat,
      codec: theirs.codec.toUpperCase(),
      roomSid: (theirs.groupingSids as { room_sid: string }).room_sid,
      participantSid: (theirs.groupingSids as { participant_sid: string }).participant_sid,
      trackName: theirs.trackName,
      offset: theirs.offset,
      mediaExternalLocation: theirs.mediaExternalLocation,
      statusCallback: theirs.statusCallback,
      statusCallbackMethod: theirs.statusCallbackMethod,
      mediaUrl: theirs.links.media,
    });
  });

  it("authenticates with the Auth Token when given one", async () => {
    // Prepare
    const { sid } = await seed();
    const client = aClient({ credentials: { authToken: AUTH_TOKEN } });
    // Act
    const result = await client.fetchRecording(sid);
    // Assess
    expect(result).toMatchObject({ ok: true, value: { sid, status: "completed" } });
  });

  it("answers unauthorized with no trace of the secret when the secret is wrong", async () => {
    // Prepare
    const { sid } = await seed();
    const client = aClient({ credentials: { apiKeySid: API_KEY_SID, apiKeySecret: "wrong-secret-5e6f" } });
    // Act
    const result = await client.fetchRecording(sid);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "unauthorized", code: 20003 } });
    expect(JSON.stringify(result)).not.toContain("wrong-secret-5e6f");
  });

  it("deletes a recording, then answers already-gone and shows it deleted", async () => {
    // Prepare
    const { sid } = await seed();
    const client = aClient();
    // Act
    const first = await client.deleteRecording(sid);
    const second = await client.deleteRecording(sid);
    // Assess
    expect([first, second]).toEqual([
      { ok: true, value: "deleted" },
      { ok: true, value: "already-gone" },
    ]);
    expect(await client.fetchRecording(sid)).toMatchObject({ ok: true, value: { status: "deleted" } });
  });

  it("lists 120 recordings across pages of 50 in the official library's order", async () => {
    // Prepare
    const start = Date.parse("2026-01-01T00:00:00Z");
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        seed({ dateCreated: new Date(start + i * 60_000).toISOString() }),
      ),
    );
    // Act
    const pages = await listAll(aClient(), { pageSize: 50 });
    // Assess
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    const theirs = await oracle().video.v1.recordings.list({ pageSize: 50 });
    expect(pages.flat().map((recording) => recording.sid)).toEqual(theirs.map((recording) => recording.sid));
  });

  it("lists only deleted recordings of one room created in the window when filtered so", async () => {
    // Prepare
    const roomSid = "RM00000000000000000000000000000007";
    const inWindow = await seed({ roomSid, status: "deleted", dateCreated: "2026-01-01T10:00:00Z" });
    await seed({ roomSid, status: "deleted", dateCreated: "2026-01-01T12:00:00Z" });
    await seed({ roomSid, status: "completed", dateCreated: "2026-01-01T10:00:00Z" });
    await seed({ status: "deleted", dateCreated: "2026-01-01T10:00:00Z" });
    // Act
    const pages = await listAll(aClient(), {
      status: "deleted",
      groupingSid: roomSid,
      dateCreatedAfter: "2026-01-01T10:00:00Z",
      dateCreatedBefore: "2026-01-01T12:00:00Z",
    });
    // Assess
    expect(pages.flat().map((recording) => recording.sid)).toEqual([inWindow.sid]);
  });

  it("downloads exactly the recording's bytes through the media link", async () => {
    // Prepare
    const { sid } = await seed({ type: "audio", codec: "OPUS", duration: 5 });
    const client = aClient();
    const recording = expectOk(await client.fetchRecording(sid));
    // Act
    const link = expectOk(await client.mediaLink(sid, { ttl: 60 }));
    const download = new Uint8Array(await (await fetch(link.url)).arrayBuffer());
    // Assess
    expect(download.length).toBe(recording.size);
    expect(sha256([download])).toBe(sha256(mediaBytes({ sid, codec: "OPUS", duration: 5 })));
  });

  it("opens the media as a stream with its size and content type", async () => {
    // Prepare
    const { sid } = await seed({ type: "video", codec: "VP8", duration: 3 });
    // Act
    const media = expectOk(await aClient().openMedia(sid, { deadline: Date.now() + 5_000 }));
    // Assess
    const chunks: Uint8Array[] = [];
    for await (const chunk of media.body) chunks.push(chunk);
    expect({ size: media.size, contentType: media.contentType }).toEqual({
      size: mediaLength({ sid, codec: "VP8", duration: 3 }),
      contentType: "video/webm",
    });
    expect(sha256(chunks)).toBe(sha256(mediaBytes({ sid, codec: "VP8", duration: 3 })));
  });

  it("answers not-found for the media link while the recording is processing", async () => {
    // Prepare
    const { sid } = await seed({ status: "processing" });
    // Act
    const result = await aClient().mediaLink(sid);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { kind: "not-found" } });
  });

  it("waits out media that is not ready yet when settleMs covers it", async () => {
    // Prepare: the client's pauses move the emulator's clock, so settling takes no real time.
    emu.setFaults({ mediaNotReadySeconds: 3 });
    const { sid } = await seed();
    const emulatorTime = {
      clock: () => emu.now().getTime(),
      sleep: async (ms: number) => emu.advanceClock(ms / 1000),
    };
    // Act
    const withoutSettling = await aClient(emulatorTime).mediaLink(sid);
    const settled = await aClient(emulatorTime).mediaLink(sid, { settleMs: 5_000 });
    // Assess
    expect(withoutSettling).toMatchObject({ ok: false, error: { kind: "not-found" } });
    expect(settled).toMatchObject({ ok: true, value: { url: expect.stringContaining(`/_media/${sid}`) } });
  });

  it("gets all 40 concurrent fetches through a 429 storm within the deadline", async () => {
    // Prepare
    const sids = (await Promise.all(Array.from({ length: 40 }, () => seed()))).map(
      (recording) => recording.sid,
    );
    emu.setFaults({ readsPerSecond: 10 });
    const statuses: number[] = [];
    const counting: typeof fetch = async (url, init) => {
      const answer = await fetch(url, init);
      statuses.push(answer.status);
      return answer;
    };
    const client = aClient({ fetch: counting, retry: { baseMs: 200, capMs: 1_000, maxAttempts: 100 } });
    const deadline = Date.now() + 12_000;
    // Act
    const results = await Promise.all(sids.map((sid) => client.fetchRecording(sid, { deadline })));
    // Assess
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200)).toHaveLength(40);
    expect(Date.now()).toBeLessThan(deadline);
  });

  it("gets every call through when 30% of Twilio's answers are 500s", async () => {
    // Prepare
    const sids = (await Promise.all(Array.from({ length: 30 }, () => seed()))).map(
      (recording) => recording.sid,
    );
    emu.setFaults({ errorRate: 0.3 });
    const client = aClient({ retry: { baseMs: 20, capMs: 200, maxAttempts: 20 } });
    const deadline = Date.now() + 10_000;
    // Act
    const fetched = await Promise.all(sids.map((sid) => client.fetchRecording(sid, { deadline })));
    const links = await Promise.all(sids.slice(0, 10).map((sid) => client.mediaLink(sid, { deadline })));
    const deleted = await Promise.all(
      sids.slice(10, 20).map((sid) => client.deleteRecording(sid, { deadline })),
    );
    const listed = (await listAll(client, { pageSize: 7, deadline })).flat();
    // Assess
    expect([...fetched, ...links, ...deleted].filter((result) => !result.ok)).toEqual([]);
    expect(deleted.map((result) => result.ok && result.value)).toEqual(Array(10).fill("deleted"));
    expect(listed).toHaveLength(20);
  });
});

const sha256 = (chunks: Iterable<Uint8Array>): string => {
  const hash = createHash("sha256");
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
};
