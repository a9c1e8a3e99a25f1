import { createHmac } from "node:crypto";
import {
  type Erasure,
  ErasureViewSchema,
  identityHash,
  MAX_IDENTITY_LENGTH,
  newErasure,
  readErasure,
  requestErasure,
  runErasure,
} from "@video-recordings/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { InMemoryErasureStore, InMemoryIdentityIndex, InMemoryJobQueue } from "../fakes/in-memory-stores";
import { aWorld, daysAgo, NOW, type World } from "../fakes/retention-fakes";

const KEY = "identity-hash-key";
const ADA = "ada@example.com";
const BOB = "bob@example.com";

// Rooms in the order the identity index reads them: by SID.
const ALONE = "RM00000000000000000000000000000001";
const SHARED = "RM00000000000000000000000000000002";
const HELD = "RM00000000000000000000000000000003";

const ERASURE_ID = "ER0123456789abcdef0123456789abcdef";

/** A world of fakes where ada recorded alone in one room, beside bob in another, and in a held room. */
const aWorldWithAda = async () => {
  const world = aWorld();
  const erasures = new InMemoryErasureStore();
  const deps = {
    ...world.deps,
    erasures,
    identities: new InMemoryIdentityIndex(world.store),
  };
  const alone = [
    await recordingOf(world, ADA, ALONE, { archived: true }),
    await recordingOf(world, ADA, ALONE),
  ];
  const shared = { ada: await recordingOf(world, ADA, SHARED), bob: await recordingOf(world, BOB, SHARED) };
  const held = await recordingOf(world, ADA, HELD);
  await world.holds.put({ roomSid: HELD, reason: "litigation", reference: null, placedAt: daysAgo(1) });
  const compositions = {
    alone: await world.seedComposition({ roomSid: ALONE }),
    shared: await world.seedComposition({ roomSid: SHARED }),
  };
  await erasures.put(anErasure(), undefined);
  return { world, erasures, deps, alone, shared, held, compositions };
};

/** A completed recording indexed with its participant's identity, as its callbacks leave it. */
const recordingOf = async (
  world: World,
  identity: string,
  roomSid: string,
  options = { archived: false },
) => {
  const recording = await world.seed({ roomSid });
  const stored = world.store.recordings.get(recording.sid) ?? expect.fail("not indexed");
  Object.assign(stored.state, {
    participantIdentity: identity,
    identityHash: identityHash(KEY, identity),
    trackName: `${identity}'s microphone`,
    roomName: `${identity}'s room`,
  });
  if (options.archived) {
    const key = `recordings/${roomSid}/${recording.sid}.mka`;
    stored.state.archive = { bucket: world.archive.bucket, key, size: 3, archivedAt: daysAgo(2) };
    world.archive.objects.set(key, { bytes: new Uint8Array(3), contentType: "audio/webm" });
  }
  return recording.sid;
};

const anErasure = (overrides: Partial<Erasure> = {}): Erasure => ({
  ...newErasure({ erasureId: ERASURE_ID, identityHash: identityHash(KEY, ADA), requestedAt: daysAgo(0) }),
  ...overrides,
});

const ERASED = {
  participantIdentity: null,
  trackName: null,
  roomName: null,
  status: "deleted",
  archive: null,
};

describe("requestErasure", () => {
  const setUp = () => {
    const erasures = new InMemoryErasureStore();
    const jobs = new InMemoryJobQueue();
    return { erasures, jobs, deps: { erasures, jobs, identityKey: KEY, clock: () => NOW } };
  };

  it("records the erasure under the identity's hash alone and queues its job", async () => {
    // Prepare
    const { deps, erasures, jobs } = setUp();
    // Act
    const asked = await requestErasure(deps, JSON.stringify({ participantIdentity: ADA }));
    // Assess
    const erasureId = asked.ok ? asked.value.erasureId : expect.fail(JSON.stringify(asked));
    expect(erasureId).toMatch(/^ER[0-9a-f]{32}$/);
    expect(jobs.jobs).toEqual([{ kind: "erasure", erasureId }]);
    const stored = erasures.records.get(erasureId)?.state;
    expect(stored).toMatchObject({ status: "running", identityHash: identityHash(KEY, ADA), found: 0 });
    expect(JSON.stringify(stored)).not.toContain(ADA);
  });

  it.each([
    ["no identity", "participantIdentity", "{}", undefined],
    ["an empty identity", "participantIdentity", '{"participantIdentity": ""}', "must not be empty"],
    [
      "an identity that is not a string",
      "participantIdentity",
      '{"participantIdentity": 42}',
      "must be a string",
    ],
    [
      "an identity over Twilio's 128 characters",
      "participantIdentity",
      JSON.stringify({ participantIdentity: "a".repeat(MAX_IDENTITY_LENGTH + 1) }),
      "must be at most 128 characters, as Twilio's are",
    ],
    [
      "a body that is not JSON",
      "body",
      "participantIdentity=ada",
      'must be JSON: {"participantIdentity": string}',
    ],
    ["a field of another name", "body", '{"participantIdentity": "ada", "identity": "ada"}', undefined],
  ])("refuses %s, naming %s, and records nothing", async (_, parameter, body, message) => {
    // Prepare
    const { deps, erasures, jobs } = setUp();
    // Act
    const asked = await requestErasure(deps, body);
    // Assess
    expect(asked).toMatchObject({ ok: false, error: { kind: "invalid-parameter", parameter } });
    if (message !== undefined)
      expect(!asked.ok && asked.error.kind === "invalid-parameter" && asked.error.message).toBe(message);
    expect(erasures.records.size).toBe(0);
    expect(jobs.jobs).toEqual([]);
  });

  it("takes an identity of exactly 128 characters", async () => {
    // Prepare
    const { deps } = setUp();
    // Act
    const asked = await requestErasure(deps, JSON.stringify({ participantIdentity: "a".repeat(128) }));
    // Assess
    expect(asked.ok).toBe(true);
  });

  it("keys the hash with IdentityHashKey over the identity and what it is for", async () => {
    // Act
    const hash = identityHash(KEY, ADA);
    // Assess: HMAC-SHA256 of "participant-identity\n<identity>", as an outside tool would make it.
    expect(hash).toBe(createHmac("sha256", KEY).update(`participant-identity\n${ADA}`).digest("base64url"));
  });

  it("lets an unexpected failure of the queue through, as a bug", async () => {
    // Prepare
    const { deps } = setUp();
    const broken = { ...deps, jobs: { enqueue: () => Promise.reject(new TypeError("a bug")) } };
    // Act
    const asked = requestErasure(broken, JSON.stringify({ participantIdentity: ADA }));
    // Assess
    await expect(asked).rejects.toThrow("a bug");
  });

  it("records the erasure as failed when the queue refuses its job", async () => {
    // Prepare
    const { deps, erasures, jobs } = setUp();
    jobs.failing = true;
    // Act
    const asked = await requestErasure(deps, JSON.stringify({ participantIdentity: ADA }));
    // Assess
    expect(asked).toEqual({ ok: false, error: { kind: "queue-unavailable" } });
    expect([...erasures.records.values()].map(({ state }) => state.status)).toEqual(["failed"]);
  });
});

describe("readErasure", () => {
  it("answers the erasure's counts and times, neither the identity nor its hash", async () => {
    // Prepare
    const erasures = new InMemoryErasureStore();
    await erasures.put(
      anErasure({ status: "done", found: 3, deleted: 2, held: 1, finishedAt: daysAgo(0) }),
      undefined,
    );
    // Act
    const read = await readErasure({ erasures }, ERASURE_ID);
    // Assess
    expect(read).toEqual({
      ok: true,
      value: {
        erasureId: ERASURE_ID,
        status: "done",
        found: 3,
        deleted: 2,
        held: 1,
        failed: 0,
        requestedAt: "2026-06-01T12:00:00.000Z",
        finishedAt: "2026-06-01T12:00:00.000Z",
      },
    });
  });

  it.each([
    "ER0123456789ABCDEF0123456789ABCDEF",
    "ER0123456789abcdef0123456789abcde",
    "ER0123456789abcdef0123456789abcdef0",
    "XER0123456789abcdef0123456789abcdef",
    "RT0123456789abcdef0123456789abcdef",
  ])("answers 400 for the id %s", async (erasureId) => {
    // Act
    const read = await readErasure({ erasures: new InMemoryErasureStore() }, erasureId);
    // Assess
    expect(read).toEqual({
      ok: false,
      error: { kind: "invalid-parameter", parameter: "erasureId", message: "is not an erasure id (ER…)" },
    });
  });

  it("answers a view its schema accepts", async () => {
    // Prepare
    const erasures = new InMemoryErasureStore();
    await erasures.put(anErasure(), undefined);
    // Act
    const read = await readErasure({ erasures }, ERASURE_ID);
    // Assess
    expect(v.is(ErasureViewSchema, read.ok && read.value)).toBe(true);
  });

  it("answers 404 for an erasure never asked, 400 for an id that cannot be one", async () => {
    // Prepare
    const erasures = new InMemoryErasureStore();
    // Act
    const unknown = await readErasure({ erasures }, ERASURE_ID);
    const malformed = await readErasure({ erasures }, "ER123");
    // Assess
    expect(unknown).toEqual({
      ok: false,
      error: { kind: "not-found", resource: "erasure", sid: ERASURE_ID },
    });
    expect(malformed).toMatchObject({
      ok: false,
      error: { kind: "invalid-parameter", parameter: "erasureId" },
    });
  });
});

describe("runErasure", () => {
  it("deletes the identity's recordings from Twilio and the archive and erases it, held rooms apart", async () => {
    // Prepare
    const { world, erasures, deps, alone, shared, held } = await aWorldWithAda();
    // Act
    const outcome = await runErasure(deps, ERASURE_ID);
    // Assess
    expect(outcome).toEqual({ kind: "erased", status: "done" });
    expect(erasures.records.get(ERASURE_ID)?.state).toMatchObject({
      status: "done",
      found: 5,
      deleted: 4,
      held: 1,
      failed: 0,
      after: HELD,
      finishedAt: daysAgo(0),
    });
    for (const sid of [...alone, shared.ada])
      expect(world.indexed(sid)).toMatchObject({ ...ERASED, identityHash: identityHash(KEY, ADA) });
    expect(world.archive.objects.size).toBe(0);
    expect(world.indexed(held)).toMatchObject({ participantIdentity: ADA, status: "completed" });
    expect(world.indexed(shared.bob)).toMatchObject({ participantIdentity: BOB, status: "completed" });
    const outsideHeldRoom = [...world.store.recordings.values()].filter(
      ({ state }) => state.roomSid !== HELD,
    );
    expect(JSON.stringify(outsideHeldRoom)).not.toContain(ADA);
  });

  it("takes a slot of its account's Twilio budget before each deletion, as the sweep and the workers do", async () => {
    // Prepare
    const { deps } = await aWorldWithAda();
    const taken: string[] = [];
    const limiter = {
      take: async (accountSid: string | null, call: string) => void taken.push(`${accountSid}:${call}`),
    };
    // Act
    await runErasure({ ...deps, limiter }, ERASURE_ID);
    // Assess: her three recordings outside the held room and the composition of the room she was
    // alone in, each deleted after a write slot of the one account
    expect(taken.filter((slot) => slot.endsWith(":write"))).toEqual(
      Array.from({ length: 4 }, () => `${deps.accounts[0]}:write`),
    );
  });

  it("deletes the compositions of a room where the identity was alone, and no other", async () => {
    // Prepare
    const { world, deps, compositions } = await aWorldWithAda();
    // Act
    await runErasure(deps, ERASURE_ID);
    // Assess
    expect(world.twilio.compositions.get(compositions.alone.sid)?.status).toBe("deleted");
    expect(world.indexedComposition(compositions.alone.sid)?.status).toBe("deleted");
    expect(world.twilio.compositions.get(compositions.shared.sid)?.status).toBe("completed");
  });

  it("audits each deletion under the erasure's id, with no identity", async () => {
    // Prepare
    const { world, deps, alone } = await aWorldWithAda();
    // Act
    await runErasure(deps, ERASURE_ID);
    // Assess
    const trail = await world.audit.listFor(alone[0] ?? "");
    expect(trail).toMatchObject([
      {
        action: "deleted",
        step: "erasure",
        detail: "erasure",
        runId: ERASURE_ID,
        archiveKey: `recordings/${ALONE}/${alone[0]}.mka`,
      },
    ]);
    expect(JSON.stringify(world.audit)).not.toContain(ADA);
  });

  it("ends the same when asked again, deleting nothing twice", async () => {
    // Prepare
    const { world, erasures, deps } = await aWorldWithAda();
    await runErasure(deps, ERASURE_ID);
    const deletes = world.twilio.calls.filter((call) => call.method === "delete").length;
    await erasures.put(anErasure({ erasureId: "ER00000000000000000000000000000002" }), undefined);
    // Act
    const again = await runErasure(deps, "ER00000000000000000000000000000002");
    // Assess
    expect(again).toEqual({ kind: "erased", status: "done" });
    expect(erasures.records.get("ER00000000000000000000000000000002")?.state).toMatchObject({
      found: 5,
      deleted: 4,
      held: 1,
      failed: 0,
    });
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toHaveLength(deletes);
  });

  it("goes on after the last room it recorded, adding to the counts it recorded", async () => {
    // Prepare
    const { world, erasures, deps, alone, shared } = await aWorldWithAda();
    await erasures.put(anErasure({ after: ALONE, found: 7, deleted: 7 }), 1);
    // Act
    await runErasure(deps, ERASURE_ID);
    // Assess
    expect(world.indexed(alone[0] ?? "")?.participantIdentity).toBe(ADA);
    expect(world.indexed(shared.ada)).toMatchObject(ERASED);
    expect(erasures.records.get(ERASURE_ID)?.state).toMatchObject({ found: 9, deleted: 8, held: 1 });
  });

  it("works to its end before its deadline, giving Twilio the deadline", async () => {
    // Prepare
    const { world, deps } = await aWorldWithAda();
    const deadline = Date.now() + 60_000;
    // Act
    const outcome = await runErasure({ ...deps, deadline }, ERASURE_ID);
    // Assess
    expect(outcome).toEqual({ kind: "erased", status: "done" });
    const deletes = world.twilio.calls.filter((call) => call.method === "delete");
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.every((call) => call.deadline === deadline)).toBe(true);
  });

  it("queues its own continuation once past its deadline, leaving the rest untouched", async () => {
    // Prepare
    const { world, erasures, deps, alone } = await aWorldWithAda();
    // Act
    const outcome = await runErasure({ ...deps, deadline: Date.now() - 1 }, ERASURE_ID);
    // Assess
    expect(outcome).toEqual({ kind: "continued" });
    expect(world.jobs.jobs).toEqual([{ kind: "erasure", erasureId: ERASURE_ID }]);
    expect(world.indexed(alone[0] ?? "")?.participantIdentity).toBe(ADA);
    expect(erasures.records.get(ERASURE_ID)?.state.status).toBe("running");
  });

  it("fails what Twilio does not delete, erasing none of it, and says so", async () => {
    // Prepare
    const { world, erasures, deps, alone } = await aWorldWithAda();
    world.twilio.down = { kind: "unavailable", status: null, message: "connection refused" };
    // Act
    const outcome = await runErasure(deps, ERASURE_ID);
    // Assess
    expect(outcome).toEqual({ kind: "erased", status: "failed" });
    expect(erasures.records.get(ERASURE_ID)?.state).toMatchObject({
      found: 5,
      deleted: 0,
      held: 1,
      failed: 4,
    });
    expect(world.indexed(alone[0] ?? "")).toMatchObject({ participantIdentity: ADA, status: "completed" });
    expect(world.archive.objects.size).toBe(1);
    expect((await world.audit.listFor(alone[0] ?? "")).map((entry) => [entry.action, entry.detail])).toEqual([
      ["failed", "Error: Twilio: unavailable"],
    ]);
  });

  it("does nothing for an erasure that ended or never was", async () => {
    // Prepare
    const { world, erasures, deps } = await aWorldWithAda();
    await erasures.put(anErasure({ status: "done" }), 1);
    // Act
    const ended = await runErasure(deps, ERASURE_ID);
    const unknown = await runErasure(deps, "ER00000000000000000000000000000009");
    // Assess
    expect(ended).toEqual({ kind: "erased", status: "done" });
    expect(unknown).toEqual({ kind: "unknown-erasure" });
    expect(world.twilio.calls.filter((call) => call.method === "delete")).toEqual([]);
  });
});
