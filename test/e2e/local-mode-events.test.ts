import { PERSONAL_FACTS } from "@video-recordings/core";
import type { BusEvent } from "@video-recordings/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aSid } from "../fixtures/callbacks";
import { API_TOKEN, createRecordingRoom, startTestSystem, type TestSystem } from "../support/local-system";

const DAY_MS = 86_400_000;

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system.stop();
});

const local = async (method: string, path: string): Promise<Record<string, unknown>> => {
  const answer = await fetch(`${system.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
};

/** What a subscriber to the bus has received about `sid`, as `detail-type`s in order. */
const eventsAbout = async (sid: string): Promise<BusEvent[]> => {
  const { events } = (await local("GET", "/_local/events")) as { events: BusEvent[] };
  return events.filter((event) => (event.detail as { sid?: string }).sid === sid);
};

const namesOf = (events: BusEvent[]) => events.map((event) => event["detail-type"]);

/**
 * A room on the emulator with one participant on camera and microphone, ended, its callbacks
 * delivered; `beforeEnd` runs while it is in progress.
 */
const recordedRoom = async (
  beforeEnd: (roomSid: string) => Promise<void> = async () => {},
): Promise<string> => {
  const roomSid = await createRecordingRoom(system, `events-${aSid("")}`);
  await beforeEnd(roomSid);
  await system.emulator(`/_emulator/rooms/${roomSid}/participants`, {
    identity: "alice",
    tracks: [{ kind: "audio" }, { kind: "video" }],
  });
  await system.emulator(`/_emulator/rooms/${roomSid}/end`);
  await system.emulator("/_emulator/callbacks/flush");
  return roomSid;
};

const recordingsOf = async (roomSid: string): Promise<{ sid: string }[]> =>
  ((await local("GET", `/rooms/${roomSid}/recordings`)) as { recordings: { sid: string }[] }).recordings;

describe("local mode: lifecycle events", () => {
  it("tells each recording of a recorded room completed once, from source video-recordings", async () => {
    // Prepare
    const roomSid = await recordedRoom();
    const recordings = await recordingsOf(roomSid);
    // Act
    const told = await Promise.all(recordings.map(({ sid }) => eventsAbout(sid)));
    // Assess
    expect(recordings).toHaveLength(2);
    for (const events of told) {
      expect(namesOf(events)).toEqual(["recording.completed"]);
      expect(events[0]).toMatchObject({
        source: "video-recordings",
        detail: { roomSid, status: "completed", held: false },
      });
    }
  });

  it("leaves identities, room and track names out of every detail", async () => {
    // Prepare
    const roomSid = await recordedRoom();
    const [recording] = await recordingsOf(roomSid);
    // Act
    const [event] = await eventsAbout(recording?.sid ?? "");
    // Assess
    expect(event?.detail).toMatchObject({ sid: recording?.sid, participantSid: expect.any(String) });
    for (const fact of PERSONAL_FACTS) expect(event?.detail).not.toHaveProperty(fact);
  });

  it("tells a held room's recordings held, as the API answers them", async () => {
    // Prepare
    const roomSid = await recordedRoom(async (room) => {
      const hold = await system.api(`/rooms/${room}/hold`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason: "litigation" }),
      });
      expect(hold.status).toBe(200);
    });
    const [recording] = await recordingsOf(roomSid);
    // Act
    const events = await eventsAbout(recording?.sid ?? "");
    // Assess
    expect(namesOf(events)).toEqual(["recording.completed"]);
    expect(events[0]?.detail).toMatchObject({ sid: recording?.sid, held: true });
  });

  it("tells an old recording the sweeper archives and deletes, and its rendition, once each", async () => {
    // Prepare: callbacks lost, so the sweeper finds it on Twilio.
    const seeded = await system.emulator("/_emulator/recordings", {
      roomSid: aSid("RM"),
      status: "completed",
      type: "audio",
      codec: "OPUS",
      duration: 3,
      dateCreated: new Date(Date.now() - 200 * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z"),
    });
    const { sid } = (await seeded.json()) as { sid: string };
    // Act
    await local("POST", "/_local/sweeper");
    await local("POST", "/_local/jobs/settle");
    const events = await eventsAbout(sid);
    // Assess
    expect(namesOf(events).sort()).toEqual(
      ["recording.completed", "recording.archived", "recording.deleted", "rendition.ready"].sort(),
    );
    const byName = Object.fromEntries(events.map((event) => [event["detail-type"], event.detail]));
    expect(byName["recording.archived"]).toMatchObject({ archive: { key: expect.any(String) } });
    expect(byName["recording.deleted"]).toMatchObject({ status: "deleted" });
    expect(byName["rendition.ready"]).toMatchObject({ playable: { contentType: "audio/webm" } });
  });

  it("tells a composition available once", async () => {
    // Prepare
    const roomSid = await recordedRoom();
    const created = await system.api(`/rooms/${roomSid}/compositions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ format: "webm" }),
    });
    const { sid } = (await created.json()) as { sid: string };
    // Act
    await system.emulator("/_emulator/clock", { advanceSeconds: 10 });
    await system.emulator("/_emulator/callbacks/flush");
    const events = await eventsAbout(sid);
    // Assess
    expect(namesOf(events)).toEqual(["composition.available"]);
    expect(events[0]?.detail).toMatchObject({ sid, roomSid, status: "completed", progress: 100 });
  });
});
