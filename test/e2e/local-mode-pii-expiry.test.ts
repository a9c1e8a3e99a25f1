import { randomUUID } from "node:crypto";
import { logger } from "@video-recordings/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { API_TOKEN, createRecordingRoom, startTestSystem, type TestSystem } from "../support/local-system";

const DAY_MS = 86_400_000;

/** Everything the process writes, local mode's functions, gateway and emulator alike, from the start. */
const written: string[] = [];

let system: TestSystem;
beforeAll(async () => {
  logger.setLogLevel("DEBUG");
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  }
  system = await startTestSystem();
});
afterAll(async () => {
  await system.stop();
  vi.restoreAllMocks();
});
afterEach(() => {
  vi.useRealTimers();
});

type Recording = {
  sid: string;
  status: string;
  participantSid: string | null;
  participantIdentity: string | null;
  roomName: string | null;
  trackName: string | null;
  held: boolean;
};

type Delivery = { url: string; params: Record<string, string>; signature: string; event: string };

/** A room recorded on the emulator, one participant with a named audio and video track, ended. */
const recordARoom = async () => {
  const names = {
    roomName: `Board meeting ${randomUUID()}`,
    participantIdentity: `alice.${randomUUID()}@example.com`,
    trackNames: [`alice-microphone-${randomUUID()}`, `alice-camera-${randomUUID()}`],
  };
  const roomSid = await createRecordingRoom(system, names.roomName);
  const joined = await system.emulator(`/_emulator/rooms/${roomSid}/participants`, {
    identity: names.participantIdentity,
    tracks: [
      { kind: "audio", name: names.trackNames[0] },
      { kind: "video", name: names.trackNames[1] },
    ],
  });
  expect(joined.status).toBe(201);
  const { recordingSids } = (await joined.json()) as { recordingSids: string[] };
  await system.emulator(`/_emulator/rooms/${roomSid}/end`);
  return { roomSid, recordingSids, names };
};

const recording = async (sid: string): Promise<Recording> =>
  (await (await system.api(`/recordings/${sid}`)).json()) as Recording;

/** The sweeper run `days` from now, as local mode's functions see the time. */
const sweepAfter = async (days: number, query = "") => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + days * DAY_MS });
  const answer = await fetch(`${system.apiUrl}/_local/sweeper${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  const body = (await answer.json()) as Record<string, unknown>;
  vi.useRealTimers();
  return { status: answer.status, body };
};

describe("local mode: PII expiry", () => {
  let free: Awaited<ReturnType<typeof recordARoom>>;
  let held: Awaited<ReturnType<typeof recordARoom>>;

  beforeAll(async () => {
    [free, held] = [await recordARoom(), await recordARoom()];
    const flushed = await system.emulator("/_emulator/callbacks/flush");
    expect(flushed.status).toBe(200);
    const hold = await system.api(`/rooms/${held.roomSid}/hold`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason: "litigation" }),
    });
    expect(hold.status).toBe(200);
  });

  it("indexes the identity and the room and track names from the callbacks", async () => {
    // Act
    const indexed = await Promise.all(free.recordingSids.map(recording));
    // Assess
    expect(indexed.map((r) => [r.status, r.participantIdentity, r.roomName, r.trackName])).toEqual(
      free.names.trackNames.map((trackName) => [
        "completed",
        free.names.participantIdentity,
        free.names.roomName,
        trackName,
      ]),
    );
  });

  it("erases nothing before PII_RETENTION_DAYS (default 30) have passed", async () => {
    // Act
    const { status, body } = await sweepAfter(29);
    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({ personalDataErased: 0, personalDataHeld: 0 });
    expect((await recording(free.recordingSids[0] ?? "")).participantIdentity).toBe(
      free.names.participantIdentity,
    );
  });

  it("plans the erasure on a dry run and changes nothing", async () => {
    // Act
    const { body } = await sweepAfter(31, "?dryRun=true");
    // Assess
    expect(body).toMatchObject({ dryRun: true, personalDataErased: 2, personalDataHeld: 2 });
    const plan = body.plan as { sid: string; action: string }[];
    expect(
      plan
        .filter((step) => step.action === "erase-personal-data")
        .map((step) => step.sid)
        .sort(),
    ).toEqual([...free.recordingSids].sort());
    expect((await recording(free.recordingSids[0] ?? "")).roomName).toBe(free.names.roomName);
  });

  it("past it, erases the identity and the room and track names, except in the held room", async () => {
    // Act
    const { status, body } = await sweepAfter(31);
    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({
      dryRun: false,
      personalDataErased: 2,
      personalDataHeld: 2,
      deleted: 0,
      failed: 0,
      byKind: { recording: { personalDataErased: 2, personalDataHeld: 2 } },
    });
    for (const sid of free.recordingSids)
      expect(await recording(sid)).toMatchObject({
        sid,
        status: "completed",
        participantSid: expect.stringMatching(/^PA/),
        participantIdentity: null,
        roomName: null,
        trackName: null,
      });
    const kept = await Promise.all(held.recordingSids.map(recording));
    expect(kept.map((r) => [r.held, r.participantIdentity, r.roomName, r.trackName])).toEqual(
      held.names.trackNames.map((trackName) => [
        true,
        held.names.participantIdentity,
        held.names.roomName,
        trackName,
      ]),
    );
  });

  it("answers the erasure through the audit API, by SID", async () => {
    // Act
    const answer = await system.api(`/audit?recordingSid=${free.recordingSids[0]}`);
    // Assess
    const { entries } = (await answer.json()) as { entries: Record<string, unknown>[] };
    expect(entries).toEqual([
      expect.objectContaining({ action: "personal-data-erased", step: "pii-expiry", roomSid: free.roomSid }),
    ]);
  });

  it("keeps them erased when Twilio delivers a recording's callbacks again", async () => {
    // Prepare
    const log = await fetch(`${system.emulatorUrl}/_emulator/callbacks?roomSid=${free.roomSid}`);
    const { callbacks } = (await log.json()) as { callbacks: Delivery[] };
    const late = callbacks.filter((delivery) => delivery.event.startsWith("recording-"));
    expect(late).toHaveLength(4);
    // Act
    const answers = [];
    for (const delivery of late)
      answers.push(
        await fetch(delivery.url, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": delivery.signature,
          },
          body: new URLSearchParams(delivery.params).toString(),
        }),
      );
    const again = await sweepAfter(32);
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([204, 204, 204, 204]);
    for (const sid of free.recordingSids)
      expect(await recording(sid)).toMatchObject({
        participantIdentity: null,
        roomName: null,
        trackName: null,
      });
    expect(again.body).toMatchObject({ personalDataErased: 0, personalDataHeld: 2 });
  });

  it("never wrote an identity, a room name or a track name to the logs", () => {
    // Assess: everything the process wrote since local mode started.
    expect(written.join("")).toContain(free.recordingSids[0]);
    for (const room of [free, held])
      for (const personal of [room.names.participantIdentity, room.names.roomName, ...room.names.trackNames])
        expect(written.filter((line) => line.includes(personal))).toEqual([]);
  });
});
