import type { ParticipantFile, ParticipantFileStore } from "@video-recordings/core";
import { dynamoParticipantFileStore, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { describe, expect, it } from "vitest";
import { InMemoryParticipantFileStore } from "../fakes/in-memory-stores";
import { aSid } from "../fixtures/callbacks";
import { freshRecordingsTable } from "../support/dynamo";

const implementations: { name: string; make: () => Promise<ParticipantFileStore> }[] = [
  { name: "InMemoryParticipantFileStore", make: async () => new InMemoryParticipantFileStore() },
  {
    name: "dynamoParticipantFileStore on DynamoDB Local",
    make: async () => {
      const { db, tableName } = await freshRecordingsTable();
      return dynamoParticipantFileStore(tableName, db);
    },
  },
];

const aFile = (overrides: Partial<ParticipantFile> = {}): ParticipantFile => ({
  participantSid: aSid("PA"),
  roomSid: aSid("RM"),
  sources: [aSid("RT"), aSid("RT")],
  playable: null,
  unplayable: null,
  queuedAt: "2026-11-29T12:00:00.000000Z",
  ...overrides,
});

describe.each(implementations)("$name", ({ make }) => {
  it("returns the file it was given with its version, null fields null", async () => {
    // Prepare
    const files = await make();
    const file = aFile();
    // Act
    const written = await files.put(file, undefined);
    // Assess
    expect(written).toBe("written");
    expect(await files.get(file.participantSid)).toEqual({ state: file, version: 1 });
    expect(await files.get(aSid("PA"))).toBeUndefined();
  });

  it("keeps a made file's playable and an unplayable reason as given", async () => {
    // Prepare
    const files = await make();
    const made = aFile({
      playable: {
        key: "recordings/RM/PA.playable.webm",
        size: 123,
        contentType: "video/webm",
        createdAt: "2026-11-29T12:00:01.000000Z",
      },
      queuedAt: null,
    });
    const refused = aFile({
      unplayable: { kind: "unsupported-media", reason: "incompatible-codecs", detail: "pcmu beside vp8" },
      sources: [],
    });
    // Act
    await files.put(made, undefined);
    await files.put(refused, undefined);
    // Assess
    expect((await files.get(made.participantSid))?.state).toEqual(made);
    expect((await files.get(refused.participantSid))?.state).toEqual(refused);
  });

  it("writes only over the version it read: a second writer from the same read is refused", async () => {
    // Prepare
    const files = await make();
    const file = aFile();
    await files.put(file, undefined);
    // Act
    const first = await files.put({ ...file, queuedAt: null }, 1);
    const second = await files.put({ ...file, sources: [] }, 1);
    const again = await files.put(file, undefined);
    // Assess
    expect([first, second, again]).toEqual(["written", "conflict", "conflict"]);
    expect(await files.get(file.participantSid)).toEqual({ state: { ...file, queuedAt: null }, version: 2 });
  });
});

describe("dynamoParticipantFileStore beside the index", () => {
  it("is never listed as a room's recording", async () => {
    // Prepare
    const { db, tableName } = await freshRecordingsTable();
    const file = aFile();
    await dynamoParticipantFileStore(tableName, db).put(file, undefined);
    // Act
    const listed = await dynamoRecordingStore(tableName, db).listByRoom(file.roomSid, { limit: 10 });
    // Assess
    expect(listed).toEqual([]);
  });
});
