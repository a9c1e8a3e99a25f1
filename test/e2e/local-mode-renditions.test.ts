import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { archiveS3Client } from "@video-recordings/core/s3";
import { LOCAL_AWS } from "@video-recordings/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { type Player, startPlayer } from "../support/chromium";
import { API_TOKEN, createRecordingRoom, startTestSystem, type TestSystem } from "../support/local-system";

const run = promisify(execFile);
const DAY_MS = 86_400_000;

let system: TestSystem;
let files: string;
let player: Player;
beforeAll(async () => {
  system = await startTestSystem();
  files = await mkdtemp(join(tmpdir(), "renditions-"));
  player = await startPlayer();
});
afterAll(async () => {
  await player.close();
  await system.stop();
  await rm(files, { recursive: true, force: true });
});

/** A completed recording on the emulator, 200 days old, its callbacks lost: real media of `seconds`. */
const seed = async (body: Record<string, unknown>): Promise<{ sid: string; roomSid: string }> => {
  const dateCreated = new Date(Date.now() - 200 * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const answer = await system.emulator("/_emulator/recordings", {
    roomSid: aSid("RM"),
    status: "completed",
    dateCreated,
    ...body,
  });
  expect(answer.status).toBe(201);
  const json = (await answer.json()) as { sid: string; grouping_sids: { room_sid: string } };
  return { sid: json.sid, roomSid: json.grouping_sids.room_sid };
};

const local = async (method: string, path: string): Promise<Record<string, unknown>> => {
  const answer = await fetch(`${system.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
};

/** ffprobe's container duration of an archived object: finite only when the file states one. */
const probedDuration = async (key: string): Promise<number> => {
  const s3 = archiveS3Client({ endpoint: system.s3Endpoint, forcePathStyle: true, ...LOCAL_AWS });
  const object = await s3.send(new GetObjectCommand({ Bucket: system.bucket, Key: key }));
  const file = join(files, key.replaceAll("/", "_"));
  await writeFile(file, Buffer.from((await object.Body?.transformToByteArray()) ?? []));
  s3.destroy();
  const { stdout } = await run("ffprobe", [
    "-v",
    "error",
    "-show_entries",
    "format=duration",
    "-of",
    "json",
    file,
  ]);
  return Number((JSON.parse(stdout) as { format: { duration?: string } }).format.duration);
};

describe("local mode: renditions made as the sweeper archives (PLAYABLE=on-archive)", () => {
  it("queues a rendition for each archived recording and the worker stores it, seekable, beside the copy", async () => {
    // Prepare
    const opus = await seed({ type: "audio", codec: "OPUS", duration: 6, gap: { at: 2, seconds: 2 } });
    const vp8 = await seed({ type: "video", codec: "VP8", duration: 5 });
    // Act
    const summary = await local("POST", "/_local/sweeper");
    const queue = await local("POST", "/_local/jobs/settle");
    // Assess
    expect(summary).toMatchObject({ failed: 0 });
    expect(queue).toEqual({ waiting: 0, running: 0, deadLetters: [] });
    for (const [recording, contentType, seconds] of [
      [opus, "audio/webm", 6],
      [vp8, "video/webm", 5],
    ] as const) {
      const indexed = (await (await system.api(`/recordings/${recording.sid}`)).json()) as {
        status: string;
        playable: { key: string; size: number; contentType: string } | null;
      };
      expect(indexed.status).toBe("deleted");
      expect(indexed.playable).toMatchObject({
        key: `recordings/${recording.roomSid}/${recording.sid}.playable.webm`,
        contentType,
      });
      const duration = await probedDuration(indexed.playable?.key ?? "");
      expect(Math.abs(duration - seconds)).toBeLessThanOrEqual(1);
    }
  });

  it("records media that cannot be remuxed as such, without retrying it or setting it aside", async () => {
    // Prepare
    const damaged = await seed({ type: "audio", codec: "OPUS", duration: 3 });
    const put = await fetch(`${system.emulatorUrl}/_emulator/recordings/${damaged.sid}/media`, {
      method: "PUT",
      body: new Uint8Array(3_000).fill(9),
    });
    expect(put.status).toBe(200);
    // Act
    await local("POST", "/_local/sweeper");
    const queue = await local("POST", "/_local/jobs/settle");
    // Assess
    expect(queue).toEqual({ waiting: 0, running: 0, deadLetters: [] });
    const stored = await system.store.get(damaged.sid);
    expect(stored?.state).toMatchObject({
      status: "deleted",
      playable: null,
      unplayable: { reason: "corrupt" },
    });
    const asked = await system.api(`/recordings/${damaged.sid}/media?format=playable`);
    expect(asked.status).toBe(422);
    expect(await asked.json()).toMatchObject({ error: { code: "unsupported_media" } });
    const original = await system.api(`/recordings/${damaged.sid}/media`);
    expect(original.status).toBe(200);
  });
});

type LinkAnswer = { status: number; retryAfter: string | null; body: Record<string, unknown> };

const ask = async (path: string): Promise<LinkAnswer> => {
  const answer = await system.api(path);
  return {
    status: answer.status,
    retryAfter: answer.headers.get("retry-after"),
    body: (await answer.json()) as Record<string, unknown>,
  };
};

/** Asks for a link until its file is made: 202 (with Retry-After) while the job runs, then 200. */
const linkOnceMade = async (
  path: string,
): Promise<{ first: LinkAnswer; link: LinkAnswer; preparing: number }> => {
  const first = await ask(path);
  const second = await ask(path);
  const queue = await local("POST", "/_local/jobs/settle");
  expect(queue).toEqual({ waiting: 0, running: 0, deadLetters: [] });
  const preparing = [first, second].filter((answer) => answer.status === 202).length;
  return { first, link: await ask(path), preparing };
};

/**
 * A participant who publishes an audio track and a video track in these codecs in a room that
 * records, for `seconds`, until the room ends; its callbacks delivered.
 */
const recordParticipant = async (
  [audio, video]: [string, string],
  seconds: number,
): Promise<{ roomSid: string; participantSid: string }> => {
  const roomSid = await createRecordingRoom(system);
  const joined = await system.emulator(`/_emulator/rooms/${roomSid}/participants`, {
    identity: "alice",
    tracks: [
      { kind: "audio", codec: audio },
      { kind: "video", codec: video },
    ],
  });
  expect(joined.status).toBe(201);
  const { participantSid } = (await joined.json()) as { participantSid: string };
  await system.emulator("/_emulator/clock", { advanceSeconds: seconds });
  await system.emulator(`/_emulator/rooms/${roomSid}/end`);
  await system.emulator("/_emulator/callbacks/flush");
  return { roomSid, participantSid };
};

describe("local mode: playable media on request", () => {
  it("answers 202 while a track's rendition is made by one job, then a link that plays and seeks in Chromium", async () => {
    // Prepare
    const vp8 = await seed({ type: "video", codec: "VP8", duration: 6 });
    // Act
    const { first, link, preparing } = await linkOnceMade(
      `/recordings/${vp8.sid}/media?format=playable&ttl=300`,
    );
    // Assess
    expect(first).toEqual({ status: 202, retryAfter: "5", body: { status: "preparing" } });
    expect(preparing).toBe(2);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({
      source: "archive",
      format: "playable",
      contentType: "video/webm",
      ttl: 300,
    });
    const played = await player.playLink(String(link.body.url), "video/webm");
    expect(Math.abs(played.duration - 6)).toBeLessThanOrEqual(1);
    expect(Math.abs(played.seekedAt - played.seekTarget)).toBeLessThan(0.5);
  });

  it("answers a recorded participant with one file of its audio and video that plays with a seek bar in Chromium", async () => {
    // Prepare
    const { roomSid, participantSid } = await recordParticipant(["OPUS", "VP8"], 8);
    // Act
    const { first, link } = await linkOnceMade(`/rooms/${roomSid}/participants/${participantSid}/media`);
    // Assess
    expect(first.status).toBe(202);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ source: "archive", format: "playable", contentType: "video/webm" });
    // The emulator's clock ran 8 s and whatever the machine took besides: the tracks say how long.
    const listed = (await (await system.api(`/rooms/${roomSid}/recordings`)).json()) as {
      recordings: { duration: number }[];
    };
    const recorded = Math.max(...listed.recordings.map((recording) => recording.duration));
    expect(recorded).toBeGreaterThanOrEqual(8);
    const played = await player.playLink(String(link.body.url), "video/webm");
    // The file spans both tracks, whose media start up to 2 s apart (the emulator's first
    // timestamps lie between 0.25 and 2.25 s): as long as the longer, and at most 2 s more.
    expect(played.duration).toBeGreaterThanOrEqual(recorded - 1);
    expect(played.duration).toBeLessThanOrEqual(recorded + 3);
    expect(Math.abs(played.seekedAt - played.seekTarget)).toBeLessThan(0.5);
  });

  it("refuses a participant whose PCMU audio cannot share a file with its video", async () => {
    // Prepare
    const { roomSid, participantSid } = await recordParticipant(["PCMU", "VP8"], 2);
    // Act
    const answer = await ask(`/rooms/${roomSid}/participants/${participantSid}/media`);
    // Assess
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: { code: "unsupported_media" } });
  });
});
