import fc from "fast-check";
import { garbageTextArb, type Pair, set, unknownNameArb } from "./callback-fields";
import { fixedSid } from "./callback-oracle";

/**
 * Mutations of a signed, otherwise valid callback. Most concern any parameter; the rest follow
 * the vocabulary of the kind of callback mutated (its numbers, SIDs and near-miss events).
 */

export type Mutation = (pairs: readonly Pair[]) => fc.Arbitrary<Pair[]>;

export type Vocabulary = {
  /** Parameters that carry whole numbers. */
  numbers: readonly string[];
  /** Parameters that carry SIDs. */
  sids: readonly string[];
  /** Events that are nearly, or nearly not, this kind's. */
  nearEvents: readonly string[];
  /** Mutations only this kind's parameters invite. */
  own: readonly Mutation[];
};

const oversizedTextArb = fc
  .tuple(fc.integer({ min: 2_049, max: 2_200 }), fc.constantFrom("x", "é", "😀"))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

const numberGarbageArb = fc.oneof(
  fc.constantFrom(
    "-1",
    "1.5",
    "1e3",
    "0x1F",
    " 12",
    "12 ",
    "NaN",
    "Infinity",
    "٣",
    "9999999999999999",
    "999999999999999",
    "000000000000001",
    "100000000000000",
    "99999999999",
    "63800000000",
  ),
  fc.bigInt({ min: 0n, max: 999_999_999_999_999n }).map(String),
);

const timestampGarbageArb = fc.oneof(
  fc.constantFrom(
    "2020-13-01T00:00:00Z",
    "2020-02-30T00:00:00Z",
    "2020-08-20 01:42:05Z",
    "2020-08-20T01:42:05",
    "2020-08-20T01:42:05+01:00",
    "2020-08-20T24:00:00Z",
    "2020-08-20T23:59:60Z",
    "0000-01-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z",
    "+275760-09-13T00:00:00Z",
    "yesterday",
    "1597887725",
  ),
  fc
    .date({
      min: new Date("0001-01-01T00:00:00Z"),
      max: new Date("9999-12-31T23:59:59Z"),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString()),
);

/** Near misses of a valid SID: wrong case, wrong prefix, a digit short or over, a stray space. */
export const sidGarbageArb = (valid: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    valid.toLowerCase(),
    `XX${valid.slice(2)}`,
    valid.slice(0, -1),
    `${valid}0`,
    `${valid.slice(0, -1)}g`,
    // Well formed after all: upper-case hex names the same SID.
    `${valid.slice(0, 2)}${valid.slice(2).toUpperCase()}`,
    ` ${valid}`,
    `${valid}\n`,
  );

const nameOf = (pairs: readonly Pair[]) => fc.constantFrom(...pairs.map(([name]) => name));
const fieldValue = (pairs: readonly Pair[], name: string): string =>
  pairs.find(([n]) => n === name)?.[1] ?? "";

const mutationsOf = (vocabulary: Vocabulary): readonly Mutation[] => [
  (pairs) => nameOf(pairs).map((name) => pairs.filter(([n]) => n !== name)),
  (pairs) => nameOf(pairs).map((name) => set(pairs, name, "")),
  (pairs) => fc.tuple(nameOf(pairs), garbageTextArb).map(([name, value]) => set(pairs, name, value)),
  (pairs) => fc.tuple(nameOf(pairs), oversizedTextArb).map(([name, value]) => set(pairs, name, value)),
  (pairs) =>
    fc
      .tuple(fc.constantFrom(...vocabulary.numbers), numberGarbageArb)
      .map(([name, value]) => set(pairs, name, value)),
  (pairs) => timestampGarbageArb.map((value) => set(pairs, "Timestamp", value)),
  (pairs) =>
    fc
      .oneof(fc.constantFrom(...vocabulary.nearEvents), garbageTextArb)
      .map((value) => set(pairs, "StatusCallbackEvent", value)),
  (pairs) =>
    fc
      .constantFrom(...vocabulary.sids)
      .chain((name) =>
        sidGarbageArb(fieldValue(pairs, name) || fixedSid("RT", "x")).map((value) => set(pairs, name, value)),
      ),
  // The same name twice: the first value is the one that counts.
  (pairs) =>
    fc
      .tuple(nameOf(pairs), garbageTextArb, fc.boolean())
      .map(([name, value, before]) =>
        before ? [[name, value] as const, ...pairs] : [...pairs, [name, value] as const],
      ),
  (pairs) =>
    fc.tuple(unknownNameArb, garbageTextArb).map(([name, value]) => [...pairs, [name, value] as const]),
  ...vocabulary.own,
];

/** Applies `rounds` mutations of the vocabulary's kind, one after another. */
export const mutator = (vocabulary: Vocabulary) => {
  const mutations = mutationsOf(vocabulary);
  const mutated = (pairs: Pair[], rounds: number): fc.Arbitrary<Pair[]> =>
    rounds === 0
      ? fc.constant(pairs)
      : fc
          .integer({ min: 0, max: mutations.length - 1 })
          .chain((m) => (mutations[m] ?? (() => fc.constant(pairs)))(pairs))
          .chain((next) => mutated(next, rounds - 1));
  return mutated;
};

/** Recording callbacks' vocabulary. */
export const RECORDING_VOCABULARY: Vocabulary = {
  numbers: ["Size", "Duration", "OffsetFromTwilioVideoEpoch"],
  sids: ["RoomSid", "RecordingSid", "ParticipantSid", "SourceSid", "AccountSid"],
  nearEvents: ["recording-", "recording-STARTED", "recording-paused", "RECORDING-STARTED", "room-ended"],
  own: [
    // A completed recording whose Duration is a whole number of up to 15 digits, as the parser
    // allows, but reaching back before year 0 or past the range of a Date.
    (pairs) =>
      fc
        .constantFrom("63800000000", "99999999999", "8640000000000", "100000000000000", "999999999999999")
        .map((value) => set(set(pairs, "StatusCallbackEvent", "recording-completed"), "Duration", value)),
    (pairs) =>
      fc
        .tuple(
          fc.constantFrom("Type", "Container", "Codec"),
          fc.constantFrom("AUDIO", "mp4", "vp8 ", "h.264", "x".repeat(17)),
        )
        .map(([name, value]) => set(pairs, name, value)),
  ],
};
