import fc from "fast-check";
import { ACCOUNT_SID } from "../fixtures/callbacks";
import {
  type Pair,
  pairsOf,
  roomSidOf,
  set,
  shuffledArb,
  textArb,
  timestampArb,
  unknownNameArb,
} from "./callback-fields";
import { sidGarbageArb, type Vocabulary } from "./callback-mutations";
import { fixedSid, type GeneratedTimestamp, renderTimestamp } from "./callback-oracle";

/**
 * The parameters of generated `composition-*` callbacks, as Twilio sends them: every one names
 * the account, room and composition; hook-made compositions add the hook; progress adds
 * `PercentageDone` and `SecondsRemaining`; `composition-available` the media's `Size`, `Duration`
 * and `MediaUri`; `composition-failed` what failed.
 */

/** How a composition of a pool ends, fixed by its place in the pool. */
type Fate = "available" | "failed" | "hook-failed";

const fateOf = (i: number): Fate => (i % 6 === 5 ? "failed" : i % 6 === 4 ? "hook-failed" : "available");

// Hooks make two in three (every hook-failed one among them); the rest were asked for through
// the REST API, which sends no `composition-enqueued`.
const hookOf = (i: number): string | null => (i % 3 === 0 ? null : fixedSid("HK", `hook-${i % 4}`));

/** One callback of a composition's life, and when it comes after the composition was made. */
type Step = { event: string; percent: number | null; afterSeconds: number };

const progressSteps = (upTo: number): Step[] =>
  Array.from({ length: upTo / 10 }, (_, n) => {
    const percent = (n + 1) * 10;
    return { event: "composition-progress", percent, afterSeconds: 2 + percent / 5 };
  });

/** Every callback a composition of the pool gets, in the order Twilio sends them. */
export const lifecycleOf = (i: number): Step[] => {
  const fate = fateOf(i);
  if (fate === "hook-failed") return [{ event: "composition-hook-failed", percent: null, afterSeconds: 0 }];
  const made: Step[] = [
    ...(hookOf(i) === null ? [] : [{ event: "composition-enqueued", percent: null, afterSeconds: 0 }]),
    { event: "composition-started", percent: null, afterSeconds: 1 },
  ];
  // Failed ones give up half-way; the others report about every 10 % up to 90, then finish.
  return fate === "failed"
    ? [...made, ...progressSteps(50), { event: "composition-failed", percent: null, afterSeconds: 13 }]
    : [...made, ...progressSteps(90), { event: "composition-available", percent: null, afterSeconds: 23 }];
};

const EPOCH_2026 = 1_767_225_600;

/** When a step happened: each composition has its own hour, each step its own microseconds. */
const timeOf = (i: number, step: Step, digits: string, suffix: GeneratedTimestamp["suffix"]) => {
  const micros = String((i * 7_919 + step.afterSeconds * 104_729) % 1_000_000).padStart(6, "0");
  return { epochSeconds: EPOCH_2026 + i * 3_600 + step.afterSeconds, fraction: micros + digits, suffix };
};

const OPTIONAL = [
  "CompositionUri",
  "HookSid",
  "HookUri",
  "HookFriendlyName",
  "PercentageDone",
  "SecondsRemaining",
  "MediaUri",
  "Duration",
  "Size",
  "MediaExternalLocation",
  "FailedOperation",
  "ErrorMessage",
] as const;

// Usually Twilio sends everything; now and then a parameter is left out or empty.
const someOptionalArb = fc.oneof(
  { arbitrary: fc.constant<string[]>([]), weight: 3 },
  { arbitrary: fc.subarray<string>([...OPTIONAL], { maxLength: 3 }), weight: 1 },
);

/** The fields of a valid `composition-*` callback about composition `i` of a pool. */
export const validCompositionPairsArb = (compositionSid: string, i: number): fc.Arbitrary<Pair[]> =>
  fc
    .record({
      step: fc.constantFrom(...lifecycleOf(i)),
      // A fraction of 9 digits: the index keeps 6, so these name the same instant.
      digits: fc.oneof(fc.constant(""), fc.stringMatching(/^\d{3}$/)),
      suffix: fc.constantFrom("Z" as const, "+00:00" as const, "-0000" as const),
      // A sender whose clock is off: the Timestamp disagrees with the lifecycle.
      skewed: fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: timestampArb, weight: 1 }),
      omitted: someOptionalArb,
      blank: someOptionalArb,
      extras: fc.array(fc.tuple(unknownNameArb, textArb), { maxLength: 2 }),
    })
    .map((f) => {
      const { event, percent } = f.step;
      const hookSid = hookOf(i);
      const fields: Record<string, string | undefined> = {
        AccountSid: ACCOUNT_SID,
        RoomSid: roomSidOf(i),
        CompositionSid: compositionSid,
        CompositionUri: `/v1/Compositions/${compositionSid}`,
        StatusCallbackEvent: event,
        Timestamp: renderTimestamp(f.skewed ?? timeOf(i, f.step, f.digits, f.suffix)),
        ...(hookSid !== null && {
          HookSid: hookSid,
          HookUri: `/v1/CompositionHooks/${hookSid}`,
          HookFriendlyName: `hook ${i % 4}`,
        }),
        ...(percent !== null && {
          PercentageDone: String(percent),
          SecondsRemaining: String(Math.ceil((100 - percent) / 5)),
        }),
        ...(event === "composition-available" && {
          MediaUri: `/v1/Compositions/${compositionSid}/Media`,
          Duration: String(30 + ((i * 97) % 3_600)),
          Size: String(40_000 + ((i * 7_654_321) % 2_000_000_000)),
          // Accounts that store compositions in their own bucket say where.
          MediaExternalLocation:
            i % 10 === 7 ? `https://media.s3.amazonaws.com/compositions/${compositionSid}.mp4` : undefined,
        }),
        ...(event === "composition-failed" && {
          FailedOperation: "CompositionProcessing",
          ErrorMessage: "Internal failure while processing media composition",
        }),
      };
      return pairsOf(fields, f);
    })
    .chain(shuffledArb);

/** A hook that failed before it made any composition: no `CompositionSid`, nothing to index. */
export const hookFailedPairsArb = (i: number): fc.Arbitrary<Pair[]> =>
  fc
    .tuple(timestampArb, fc.integer({ min: 0, max: 3 }))
    .map(([timestamp, hook]): Pair[] => [
      ["AccountSid", ACCOUNT_SID],
      ["RoomSid", roomSidOf(i)],
      ["StatusCallbackEvent", "composition-hook-failed"],
      ["Timestamp", renderTimestamp(timestamp)],
      ["HookSid", fixedSid("HK", `hook-${hook}`)],
      ["HookFriendlyName", `hook ${hook}`],
      ["ErrorMessage", "No media sources in the room match the composition"],
    ])
    .chain(shuffledArb);

const COMPOSITION_SID = /^CJ[0-9a-fA-F]{32}$/;

const UNKNOWN_EVENTS = [
  "composition-",
  "composition-paused",
  "composition-completed",
  "composition-deleted",
  "composition-progressed",
  "composition-Available",
  "composition-hook-failed-again",
] as const;

/**
 * A signed composition callback that is unusable for one reason the contract names, and the
 * parameter its 400 must name: the `CompositionSid` missing, empty or not a composition's, or a
 * `composition-*` event Twilio does not send.
 */
export const malformedCompositionArb = (
  compositionSid: string,
  i: number,
): fc.Arbitrary<{ pairs: Pair[]; blame: string }> =>
  validCompositionPairsArb(compositionSid, i).chain((pairs) => {
    // A hook-failed event without a composition is one Twilio sends: it is not malformed.
    const named =
      fateOf(i) === "hook-failed" ? set(pairs, "StatusCallbackEvent", "composition-failed") : pairs;
    const blame = (field: string) => (changed: Pair[]) => ({ pairs: changed, blame: field });
    return fc.oneof(
      fc.constant(named.filter(([n]) => n !== "CompositionSid")).map(blame("CompositionSid")),
      fc.constant(set(named, "CompositionSid", "")).map(blame("CompositionSid")),
      fc
        .oneof(
          sidGarbageArb(compositionSid).filter((sid) => !COMPOSITION_SID.test(sid)),
          // Right shape, wrong resource.
          fc.constantFrom(`RT${compositionSid.slice(2)}`, `HK${compositionSid.slice(2)}`, roomSidOf(i)),
        )
        .map((sid) => blame("CompositionSid")(set(pairs, "CompositionSid", sid))),
      fc
        .constantFrom(...UNKNOWN_EVENTS)
        .map((event) => blame("StatusCallbackEvent")(set(pairs, "StatusCallbackEvent", event))),
    );
  });

/** Composition callbacks' vocabulary, for the mutants. */
export const COMPOSITION_VOCABULARY: Vocabulary = {
  numbers: ["PercentageDone", "Size", "Duration", "SecondsRemaining"],
  sids: ["RoomSid", "CompositionSid", "HookSid", "AccountSid"],
  nearEvents: [...UNKNOWN_EVENTS, "COMPOSITION-PROGRESS", "composition-hook-failed", "recording-completed"],
  own: [
    // PercentageDone at and past its bounds, on a progress event.
    (pairs) =>
      fc
        .constantFrom("0", "100", "101", "999", "0100", "-1", "50.5", "٥٠", "1e2")
        .map((value) =>
          set(set(pairs, "StatusCallbackEvent", "composition-progress"), "PercentageDone", value),
        ),
    // A finished composition's Duration around the week the parser allows, and its Size at 15 digits.
    (pairs) =>
      fc
        .tuple(
          fc.constantFrom("604800", "604801", "9999999", "10000000"),
          fc.constantFrom("999999999999999", "1000000000000000", "0"),
        )
        .map(([duration, size]) =>
          set(
            set(set(pairs, "StatusCallbackEvent", "composition-available"), "Duration", duration),
            "Size",
            size,
          ),
        ),
  ],
};
