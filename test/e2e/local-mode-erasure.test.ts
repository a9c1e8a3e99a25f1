import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { logger } from "@video-recordings/core";
import { dynamoClient } from "@video-recordings/local";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { aRecordingCallback, aSid } from "../fixtures/callbacks";
import {
  API_TOKEN,
  createRecordingRoom,
  exportToEnd,
  postCallback,
  startTestSystem,
  type TestSystem,
} from "../support/local-system";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system.stop();
});

// Distinctive enough that finding them anywhere means they leaked.
const ADA = `ada-${aSid("")}@example.com`;
const BOB = `bob-${aSid("")}@example.com`;

type Erasure = {
  erasureId: string;
  status: string;
  found: number;
  deleted: number;
  held: number;
  failed: number;
};

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** A recorded room on the emulator, its participants gone and its callbacks delivered. */
const recordedRoom = async (identities: string[]): Promise<string> => {
  const roomSid = await createRecordingRoom(system, `erasure-${aSid("")}`);
  for (const identity of identities)
    await system.emulator(`/_emulator/rooms/${roomSid}/participants`, {
      identity,
      tracks: [
        { kind: "audio", name: `${identity}-microphone` },
        { kind: "video", name: `${identity}-camera` },
      ],
    });
  await system.emulator(`/_emulator/rooms/${roomSid}/end`);
  await system.emulator("/_emulator/callbacks/flush");
  return roomSid;
};

const composed = async (roomSid: string): Promise<string> => {
  const answer = await system.api(`/rooms/${roomSid}/compositions`, json({}));
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { sid: string }).sid;
};

const recordingsOf = async (roomSid: string) =>
  (
    (await (await system.api(`/rooms/${roomSid}/recordings`)).json()) as {
      recordings: {
        sid: string;
        status: string;
        participantIdentity: string | null;
        trackName: string | null;
      }[];
    }
  ).recordings;

const twilioState = async () =>
  (await (await fetch(`${system.emulatorUrl}/_emulator/state`)).json()) as {
    recordings: { sid: string; status: string }[];
    compositions: { sid: string; status: string }[];
  };

const archivedKeys = async (): Promise<string[]> => {
  const s3 = new S3Client({
    endpoint: system.s3Endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: system.bucket }));
  s3.destroy();
  return (listed.Contents ?? []).map((object) => object.Key ?? "");
};

/** Every stored item, read whole: what a person with the table in hand would see. */
const everyItem = async (): Promise<string> => {
  const answer = await dynamoClient(system.dynamoEndpoint).send(
    new ScanCommand({ TableName: system.tableName }),
  );
  return JSON.stringify(answer.Items ?? []);
};

const settleJobs = async (): Promise<void> => {
  const settled = await fetch(`${system.apiUrl}/_local/jobs/settle`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  await settled.text();
};

const erasureOf = async (erasureId: string): Promise<Erasure> => {
  for (;;) {
    await settleJobs();
    const erasure = (await (await system.api(`/erasures/${erasureId}`)).json()) as Erasure;
    if (erasure.status !== "running") return erasure;
  }
};

describe("local mode: erasure by identity", () => {
  const rooms = { alone: "", shared: "", held: "" };
  const compositions = { alone: "", shared: "" };
  const logs: string[] = [];
  let erasure: Erasure;

  beforeAll(async () => {
    logger.setLogLevel("DEBUG");
    for (const stream of [process.stdout, process.stderr])
      vi.spyOn(stream, "write").mockImplementation((chunk) => {
        logs.push(String(chunk));
        return true;
      });
    rooms.alone = await recordedRoom([ADA]);
    rooms.shared = await recordedRoom([ADA, BOB]);
    rooms.held = await recordedRoom([ADA]);
    compositions.alone = await composed(rooms.alone);
    compositions.shared = await composed(rooms.shared);
    await system.emulator("/_emulator/clock", { advanceSeconds: 10 });
    await system.emulator("/_emulator/callbacks/flush");
    // Archive every recording and composition, as a full export does.
    expect(await exportToEnd(system)).toMatchObject({ status: "done" });
    const hold = await system.api(`/rooms/${rooms.held}/hold`, {
      ...json({ reason: "litigation" }),
      method: "PUT",
    });
    expect(hold.status).toBe(200);
    await settleJobs();
    // Eight tracks and their renditions, two compositions.
    expect(await archivedKeys()).toHaveLength(18);
    // Act
    const asked = await system.api("/erasures", json({ participantIdentity: ADA }));
    expect(asked.status).toBe(202);
    erasure = await erasureOf(((await asked.json()) as { erasureId: string }).erasureId);
    // A callback delivered late must not bring the identity back.
    const [late] = await recordingsOf(rooms.alone);
    const redelivered = await postCallback(
      system,
      aRecordingCallback({ RecordingSid: late?.sid ?? "", RoomSid: rooms.alone, ParticipantIdentity: ADA }),
    );
    expect(redelivered.status).toBe(204);
  });

  afterAll(() => {
    vi.restoreAllMocks();
    logger.setLogLevel("SILENT");
  });

  it("reports what it found, deleted and left in held rooms", () => {
    // Assess: 2 tracks alone + 1 composition, 2 tracks beside bob, 2 tracks in the held room.
    expect(erasure).toMatchObject({ status: "done", found: 7, deleted: 5, held: 2, failed: 0 });
  });

  it("deletes the identity's recordings from Twilio, and the compositions of the room it was alone in", async () => {
    // Act
    const twilio = await twilioState();
    const status = (sid: string) =>
      [...twilio.recordings, ...twilio.compositions].find((resource) => resource.sid === sid)?.status;
    // Assess
    for (const recording of [...(await recordingsOf(rooms.alone)), ...(await recordingsOf(rooms.shared))])
      expect(status(recording.sid)).toBe(recording.participantIdentity === null ? "deleted" : "completed");
    expect(status(compositions.alone)).toBe("deleted");
    expect(status(compositions.shared)).toBe("completed");
    for (const recording of await recordingsOf(rooms.held)) expect(status(recording.sid)).toBe("completed");
  });

  it("removes their archived copies, and only theirs", async () => {
    // Act
    const keys = await archivedKeys();
    // Assess: bob's two tracks and the held room's, with their renditions, and the shared composition.
    expect(keys).toHaveLength(9);
    expect(keys.filter((key) => key.includes(rooms.alone))).toEqual([]);
  });

  it("answers the erased recordings as deleted with null identity, track and room names", async () => {
    // Act
    const shared = await recordingsOf(rooms.shared);
    const alone = await recordingsOf(rooms.alone);
    // Assess
    expect(
      alone.map(({ status, participantIdentity, trackName }) => [status, participantIdentity, trackName]),
    ).toEqual([
      ["deleted", null, null],
      ["deleted", null, null],
    ]);
    expect(shared.filter((recording) => recording.participantIdentity === BOB)).toHaveLength(2);
    expect(shared.filter((recording) => recording.participantIdentity === null)).toHaveLength(2);
  });

  it("audits each deletion under the erasure's ID", async () => {
    // Act
    const answer = await system.api(`/audit?runId=${erasure.erasureId}`);
    // Assess
    const { entries } = (await answer.json()) as {
      entries: { action: string; step: string; resource: string }[];
    };
    expect(entries.map(({ action, step, resource }) => `${action} ${step} ${resource}`).sort()).toEqual([
      "deleted erasure composition",
      ...Array(4).fill("deleted erasure recording"),
    ]);
  });

  it("leaves the held room as it was", async () => {
    // Act
    const held = await recordingsOf(rooms.held);
    // Assess
    expect(held.map(({ status, participantIdentity }) => [status, participantIdentity])).toEqual([
      ["completed", ADA],
      ["completed", ADA],
    ]);
  });

  it("leaves the identity in no stored item outside the held room, and in no log line", async () => {
    // Act
    const items = JSON.parse(await everyItem()) as Record<string, { S?: string }>[];
    const outsideHeldRoom = items.filter((item) => item.roomSid?.S !== rooms.held);
    // Assess
    expect(JSON.stringify(outsideHeldRoom)).not.toContain(ADA);
    expect(logs.length).toBeGreaterThan(10);
    for (const line of logs) expect(line).not.toContain(ADA);
  });
});
