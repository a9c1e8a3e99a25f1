import fc from "fast-check";

/**
 * A fault campaign as data, generated from a seed: the recordings and compositions to create,
 * the rooms to hold and when, and for every sweeper run the faults Twilio shows and how the run
 * is cut short.
 */

/** Where an injected crash strikes: an adapter method the sweep calls. */
export const KILL_TARGETS = [
  "store.get",
  "store.put",
  "store.patch",
  "store.listLiveCreatedBefore",
  "holds.isHeld",
  "archive.upload",
  "archive.stat",
  "audit.record",
  "twilio.listRecordings",
  "twilio.fetchRecording",
  "twilio.openMedia",
  "twilio.deleteRecording",
  "compositions.get",
  "compositions.put",
  "compositions.patch",
  "compositions.listLiveCreatedBefore",
  "twilio.listCompositions",
  "twilio.fetchComposition",
  "twilio.openCompositionMedia",
  "twilio.deleteComposition",
] as const;
export type KillTarget = (typeof KILL_TARGETS)[number];

export type Kill =
  | { kind: "none" }
  /** The run's deadline comes this soon after it starts. */
  | { kind: "deadline"; ms: number }
  /** The `after`-th call to `target` throws, and so does every call after it: the process died. */
  | { kind: "crash"; target: KillTarget; after: number }
  /** Only the `after`-th call to `target` throws: a one-off surprise the run must absorb. */
  | { kind: "glitch"; target: KillTarget; after: number };

export type TwilioFaults = {
  writesPerSecond?: number;
  readsPerSecond?: number;
  errorRate?: number;
  latencyMs?: number;
  mediaNotReadySeconds?: number;
};

export type RunPlan = {
  faults: TwilioFaults;
  kill: Kill /** Room indexes held just before this run. */;
  holdBefore: number[];
};

export type TrackPlan = {
  kind: "audio" | "video";
  end: "completed" | "failed";
  size: number;
  /** Which population step ends it: 1 after the first run, 2 after the second. */
  endsAfterRun: 1 | 2;
};

export type SeededPlan = {
  /** Negative: created that many days before now (past retention to the sweeper); positive: young. */
  age: { kind: "expired"; daysAgo: number } | { kind: "young"; daysAhead: number };
  status: "completed" | "failed";
  size: number;
  type: "audio" | "video";
  /** Index of the seeded room it belongs to. */
  room: number;
  /** Whether its `recording-completed` callback reaches us (else only reconciliation finds it). */
  calledBack: boolean;
};

export type SeededCompositionPlan = {
  age: SeededPlan["age"];
  /** Enqueued and processing ones finish on their own, seconds after they are seeded. */
  status: "completed" | "enqueued" | "processing" | "failed";
  format: "mp4" | "webm";
  /** Bytes of media; null: the playable file as it is. */
  size: number | null;
  /** Index of the seeded room it composes. */
  room: number;
  /** Whether its callbacks reach us (else only reconciliation finds it, and what became of it). */
  calledBack: boolean;
};

export type CampaignPlan = {
  callbackFaults: { dropCallbacks: number; duplicateCallbacks: number; shuffleCallbacks: boolean };
  /** Rooms on the emulator that record and call us back: their participants' tracks. */
  callbackRooms: TrackPlan[][];
  seededRooms: number;
  seeded: SeededPlan[];
  /** Compositions of the seeded rooms, beside their recordings. */
  compositions: SeededCompositionPlan[];
  /** A Composition Hook in this format composes the callback rooms as they end; null: none. */
  hook: "mp4" | "webm" | null;
  /** Room indexes (callback rooms first, then seeded rooms) held before the first run. */
  heldAtStart: number[];
  /** A room held while the sweeper is copying one of its recordings, or null. */
  heldMidCopy: number | null;
  runs: RunPlan[];
};

const sizeArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1_000, max: 40_000 }), weight: 8 },
  { arbitrary: fc.constant(0), weight: 1 },
);

const trackArb: fc.Arbitrary<TrackPlan> = fc.record({
  kind: fc.constantFrom("audio" as const, "video" as const),
  end: fc.oneof(
    { arbitrary: fc.constant("completed" as const), weight: 4 },
    { arbitrary: fc.constant("failed" as const), weight: 1 },
  ),
  size: fc.integer({ min: 1_000, max: 40_000 }),
  endsAfterRun: fc.constantFrom(1 as const, 2 as const),
});

const seededAgeArb: fc.Arbitrary<SeededPlan["age"]> = fc.oneof(
  {
    arbitrary: fc.integer({ min: 1, max: 300 }).map((daysAgo) => ({ kind: "expired" as const, daysAgo })),
    weight: 3,
  },
  {
    arbitrary: fc.integer({ min: 15, max: 85 }).map((daysAhead) => ({ kind: "young" as const, daysAhead })),
    weight: 1,
  },
);

const seededArb = (rooms: number): fc.Arbitrary<SeededPlan> =>
  fc.record({
    age: seededAgeArb,
    status: fc.oneof(
      { arbitrary: fc.constant("completed" as const), weight: 5 },
      { arbitrary: fc.constant("failed" as const), weight: 1 },
    ),
    size: sizeArb,
    type: fc.constantFrom("audio" as const, "video" as const),
    room: fc.integer({ min: 0, max: rooms - 1 }),
    calledBack: fc.boolean(),
  });

const seededCompositionArb = (rooms: number): fc.Arbitrary<SeededCompositionPlan> =>
  fc.record({
    age: seededAgeArb,
    status: fc.oneof(
      { arbitrary: fc.constant("completed" as const), weight: 6 },
      { arbitrary: fc.constantFrom("enqueued" as const, "processing" as const), weight: 2 },
      { arbitrary: fc.constant("failed" as const), weight: 1 },
    ),
    format: fc.constantFrom("mp4" as const, "webm" as const),
    size: fc.option(fc.integer({ min: 2_000, max: 120_000 }), { nil: null }),
    room: fc.integer({ min: 0, max: rooms - 1 }),
    calledBack: fc.boolean(),
  });

const faultsArb: fc.Arbitrary<TwilioFaults> = fc.record(
  {
    writesPerSecond: fc.integer({ min: 3, max: 15 }),
    readsPerSecond: fc.integer({ min: 8, max: 60 }),
    errorRate: fc.integer({ min: 0, max: 30 }).map((percent) => percent / 100),
    latencyMs: fc.integer({ min: 0, max: 40 }),
    mediaNotReadySeconds: fc.constantFrom(0, 5, 600),
  },
  { requiredKeys: [] },
);

const killArb: fc.Arbitrary<Kill> = fc.oneof(
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 3 },
  {
    arbitrary: fc
      .oneof(fc.constant(0), fc.integer({ min: 50, max: 800 }))
      .map((ms) => ({ kind: "deadline" as const, ms })),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom("crash" as const, "glitch" as const),
      target: fc.constantFrom(...KILL_TARGETS),
      after: fc.integer({ min: 0, max: 8 }),
    }),
    weight: 4,
  },
);

export const campaignArb: fc.Arbitrary<CampaignPlan> = fc
  .record({
    callbackFaults: fc.record({
      dropCallbacks: fc.constantFrom(0, 0.2, 0.5),
      duplicateCallbacks: fc.constantFrom(0, 0.3, 1),
      shuffleCallbacks: fc.boolean(),
    }),
    callbackRooms: fc.array(fc.array(trackArb, { minLength: 1, maxLength: 4 }), {
      minLength: 2,
      maxLength: 3,
    }),
    seededRooms: fc.integer({ min: 2, max: 4 }),
  })
  .chain((shape) => {
    const rooms = shape.callbackRooms.length + shape.seededRooms;
    const room = fc.integer({ min: 0, max: rooms - 1 });
    return fc.record({
      callbackFaults: fc.constant(shape.callbackFaults),
      callbackRooms: fc.constant(shape.callbackRooms),
      seededRooms: fc.constant(shape.seededRooms),
      seeded: fc.array(seededArb(shape.seededRooms), { minLength: 8, maxLength: 16 }),
      compositions: fc.array(seededCompositionArb(shape.seededRooms), { minLength: 2, maxLength: 5 }),
      // Most campaigns compose their rooms by hook, as an account that composes does.
      hook: fc.oneof(
        { arbitrary: fc.constantFrom("mp4" as const, "webm" as const), weight: 3 },
        { arbitrary: fc.constant(null), weight: 1 },
      ),
      heldAtStart: fc.uniqueArray(room, { maxLength: 1 }),
      heldMidCopy: fc.option(room, { nil: null }),
      runs: fc.array(
        fc.record({
          faults: faultsArb,
          kill: killArb,
          holdBefore: fc.oneof(
            { arbitrary: fc.constant<number[]>([]), weight: 3 },
            { arbitrary: fc.tuple(room).map((rooms): number[] => rooms), weight: 1 },
          ),
        }),
        { minLength: 4, maxLength: 6 },
      ),
    });
  });
