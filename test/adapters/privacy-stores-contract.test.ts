import {
  type ErasureStore,
  erasePersonalData,
  type IdentityIndex,
  identityHash,
  mergeReport,
  newErasure,
  parseCallback,
  type RecordingState,
  type RecordingStore,
  withIdentityHash,
} from "@video-recordings/core";
import { dynamoErasureStore, dynamoIdentityIndex, dynamoRecordingStore } from "@video-recordings/core/dynamo";
import { describe, expect, it } from "vitest";
import {
  InMemoryErasureStore,
  InMemoryIdentityIndex,
  InMemoryRecordingStore,
} from "../fakes/in-memory-stores";
import { aRecordingCallback, aSid } from "../fixtures/callbacks";
import { freshRecordingsTable } from "../support/dynamo";

type Stores = { recordings: RecordingStore; identities: IdentityIndex; erasures: ErasureStore };

const implementations: { name: string; make: () => Promise<Stores> }[] = [
  {
    name: "in memory",
    make: async () => {
      const recordings = new InMemoryRecordingStore();
      return {
        recordings,
        identities: new InMemoryIdentityIndex(recordings),
        erasures: new InMemoryErasureStore(),
      };
    },
  },
  {
    name: "on DynamoDB Local",
    make: async () => {
      const { db, tableName } = await freshRecordingsTable();
      return {
        recordings: dynamoRecordingStore(tableName, db),
        identities: dynamoIdentityIndex(tableName, db),
        erasures: dynamoErasureStore(tableName, db),
      };
    },
  },
];

const KEY = "identity-hash-key";

/** A recording indexed from its completed callback, as the callback route stores it. */
const aRecording = async (
  store: RecordingStore,
  identity: string,
  roomSid: string,
): Promise<RecordingState> => {
  const parsed = parseCallback(
    aRecordingCallback({ RecordingSid: aSid("RT"), RoomSid: roomSid, ParticipantIdentity: identity }),
  );
  if (!parsed.ok || parsed.value.kind !== "recording") throw new Error("not a recording callback");
  const state = mergeReport(undefined, withIdentityHash(KEY, parsed.value.report));
  await store.put(state, undefined);
  return state;
};

const all = async (pages: AsyncIterable<RecordingState[]>): Promise<RecordingState[]> => {
  const found: RecordingState[] = [];
  for await (const page of pages) found.push(...page);
  return found;
};

const inIndexOrder = (states: RecordingState[]) =>
  states.map(({ roomSid, sid }) => `${roomSid}#${sid}`).sort();

describe.each(implementations)("the privacy stores, $name", ({ make }) => {
  it("find an identity's recordings by its hash alone, a room's together, after a given room", async () => {
    // Prepare
    const { recordings, identities } = await make();
    const [first, second] = [aSid("RM"), aSid("RM")].sort() as [string, string];
    const ada = [
      await aRecording(recordings, "ada", second),
      await aRecording(recordings, "ada", first),
      await aRecording(recordings, "ada", second),
    ];
    await aRecording(recordings, "bob", first);
    // Act
    const found = await all(identities.recordingsOf(identityHash(KEY, "ada"), null));
    const afterFirst = await all(identities.recordingsOf(identityHash(KEY, "ada"), first));
    // Assess
    expect(found.map(({ roomSid, sid }) => `${roomSid}#${sid}`)).toEqual(inIndexOrder(ada));
    expect(found.every((state) => state.participantIdentity === "ada")).toBe(true);
    expect(afterFirst.map(({ sid }) => sid).sort()).toEqual(
      ada
        .filter((state) => state.roomSid === second)
        .map(({ sid }) => sid)
        .sort(),
    );
  });

  it("keep finding a recording by its hash once its identity is erased", async () => {
    // Prepare
    const { recordings, identities } = await make();
    const recording = await aRecording(recordings, "ada", aSid("RM"));
    await recordings.put(erasePersonalData(recording, "2026-06-01T00:00:00.000000Z"), 1);
    // Act
    const found = await all(identities.recordingsOf(identityHash(KEY, "ada"), null));
    // Assess
    expect(found).toMatchObject([{ sid: recording.sid, participantIdentity: null }]);
  });

  it("keep erasures by id, versioned, null fields null", async () => {
    // Prepare
    const { erasures } = await make();
    const erasure = newErasure({
      erasureId: "ER0123456789abcdef0123456789abcdef",
      identityHash: identityHash(KEY, "ada"),
      requestedAt: "2026-06-01T00:00:00.000000Z",
    });
    await erasures.put(erasure, undefined);
    // Act
    const stale = await erasures.put({ ...erasure, found: 9 }, undefined);
    const moved = await erasures.put({ ...erasure, found: 2, after: aSid("RM") }, 1);
    // Assess
    expect([stale, moved]).toEqual(["conflict", "written"]);
    expect(await erasures.get(erasure.erasureId)).toMatchObject({
      state: { found: 2, finishedAt: null },
      version: 2,
    });
    expect(await erasures.get("ER00000000000000000000000000000009")).toBeUndefined();
  });
});
