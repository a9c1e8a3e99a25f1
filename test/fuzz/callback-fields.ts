import fc from "fast-check";
import { ACCOUNT_SID } from "../fixtures/callbacks";
import { fixedSid, type GeneratedTimestamp, renderTimestamp } from "./callback-oracle";

/** The parameters of generated callbacks: valid ones, and mutations of them. */

export type Pair = readonly [string, string];

const TYPES = ["audio", "video", "data"] as const;
const CODECS = ["opus", "vp8", "H264", "pcmu", "Opus", "VP8"] as const;

/** What one recording's callbacks agree on, fixed by its place in its pool. */
const trackOf = (recordingSid: string, i: number) => {
  const type = TYPES[i % TYPES.length] ?? "audio";
  return {
    RecordingSid: recordingSid,
    RoomSid: fixedSid("RM", `room-${i % 40}`),
    ParticipantSid: fixedSid("PA", `participant-${i % 90}`),
    SourceSid: fixedSid("MT", `track-${i}`),
    Type: type,
    Container: type === "video" ? "mkv" : "mka",
    Codec: CODECS[i % CODECS.length] ?? "opus",
  };
};

const OPTIONAL = [
  "RoomName",
  "ParticipantSid",
  "ParticipantIdentity",
  "SourceSid",
  "TrackName",
  "Type",
  "Container",
  "Codec",
  "OffsetFromTwilioVideoEpoch",
  "Duration",
  "Size",
  "MediaExternalLocation",
  "FailedOperation",
] as const;

export const KNOWN_NAMES = new Set<string>([
  "AccountSid",
  "RoomSid",
  "RecordingSid",
  "Timestamp",
  "StatusCallbackEvent",
  "Padding",
  ...OPTIONAL,
]);

export const timestampArb: fc.Arbitrary<GeneratedTimestamp> = fc.record({
  // 2020-01-01 .. 2030-12-31
  epochSeconds: fc.integer({ min: 1_577_836_800, max: 1_924_905_600 }),
  fraction: fc.oneof(fc.constant(""), fc.stringMatching(/^\d{1,9}$/)),
  suffix: fc.constantFrom("Z" as const, "+00:00" as const, "-0000" as const),
});

/** Names, identities and track names: plain, any Unicode scalar, emoji and combining marks. */
export const textArb = fc.oneof(
  fc.uuid(),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
  fc.constantFrom("Ærøskøbing & Söhne = 100%", "会議室 #3", "👩🏽‍💻+🎙️", "a+b=c&d", " leading and trailing "),
);

export const unknownNameArb = fc
  .oneof(fc.constantFrom("RoomType", "RecordingUri", "MediaUri", "SequenceNumber", "Future_Field"), textArb)
  .filter((name) => !KNOWN_NAMES.has(name));

/** The fields of a valid `recording-*` callback about one recording of the oracle pool. */
export const validPairsArb = (recordingSid: string, i: number): fc.Arbitrary<Pair[]> =>
  fc
    .record({
      event: fc.constantFrom("recording-started", "recording-completed", "recording-failed"),
      timestamp: timestampArb,
      duration: fc.integer({ min: 0, max: 86_400 }),
      size: fc.oneof(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 99_999_999_999 })),
      offset: fc.integer({ min: 0, max: 400_000_000_000 }),
      failedOperation: fc.constantFrom("RecordingStart", "RecordingComplete", "RecordingUpload"),
      roomName: textArb,
      identity: textArb,
      trackName: textArb,
      mediaExternalLocation: fc.option(fc.webUrl(), { nil: undefined }),
      omitted: fc.subarray([...OPTIONAL]),
      blank: fc.subarray([...OPTIONAL]),
      extras: fc.array(fc.tuple(unknownNameArb, textArb), { maxLength: 3 }),
    })
    .map((f) => {
      const track = trackOf(recordingSid, i);
      const fields: Record<string, string | undefined> = {
        AccountSid: ACCOUNT_SID,
        StatusCallbackEvent: f.event,
        Timestamp: renderTimestamp(f.timestamp),
        RecordingSid: track.RecordingSid,
        RoomSid: track.RoomSid,
        RoomName: f.roomName,
        ParticipantSid: track.ParticipantSid,
        ParticipantIdentity: f.identity,
        SourceSid: track.SourceSid,
        TrackName: f.trackName,
        Type: track.Type,
        Container: track.Container,
        Codec: track.Codec,
        OffsetFromTwilioVideoEpoch: String(f.offset),
        ...(f.event === "recording-completed" && {
          Duration: String(f.duration),
          Size: String(f.size),
          MediaExternalLocation: f.mediaExternalLocation,
        }),
        ...(f.event === "recording-failed" && { FailedOperation: f.failedOperation }),
      };
      for (const name of f.omitted) delete fields[name];
      for (const name of f.blank) if (fields[name] !== undefined) fields[name] = "";
      const pairs: Pair[] = [];
      for (const [name, value] of Object.entries(fields)) if (value !== undefined) pairs.push([name, value]);
      const seen = new Set(pairs.map(([name]) => name));
      for (const [name, value] of f.extras) {
        if (!seen.has(name)) pairs.push([name, value]);
        seen.add(name);
      }
      return pairs;
    })
    .chain((pairs) => fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length }));

export const set = (pairs: readonly Pair[], name: string, value: string): Pair[] => {
  const out = pairs.map(([n, v]): Pair => [n, n === name ? value : v]);
  return out.some(([n]) => n === name) ? out : [...out, [name, value]];
};

// ——— mutations of a signed, otherwise valid callback ———

const NUMBER_NAMES = ["Size", "Duration", "OffsetFromTwilioVideoEpoch"] as const;
const SID_NAMES = ["RoomSid", "RecordingSid", "ParticipantSid", "SourceSid", "AccountSid"] as const;

export const garbageTextArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }),
  fc.constantFrom("\u0000", "%", "%zz", "&", "=", "+", "\r\n", "\u202e", "\ufeff", "null", "undefined", "[]"),
);

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

const sidGarbageArb = (valid: string) =>
  fc.constantFrom(
    valid.toLowerCase(),
    `XX${valid.slice(2)}`,
    valid.slice(0, -1),
    `${valid}0`,
    `${valid.slice(0, -1)}g`,
    `${valid.slice(0, 2)}${valid.slice(2).toUpperCase()}`,
    ` ${valid}`,
    `${valid}\n`,
  );

type Mutation = (pairs: readonly Pair[]) => fc.Arbitrary<Pair[]>;

const nameOf = (pairs: readonly Pair[]) => fc.constantFrom(...pairs.map(([name]) => name));
const fieldValue = (pairs: readonly Pair[], name: string): string =>
  pairs.find(([n]) => n === name)?.[1] ?? "";

const MUTATIONS: readonly Mutation[] = [
  (pairs) => nameOf(pairs).map((name) => pairs.filter(([n]) => n !== name)),
  (pairs) => nameOf(pairs).map((name) => set(pairs, name, "")),
  (pairs) => fc.tuple(nameOf(pairs), garbageTextArb).map(([name, value]) => set(pairs, name, value)),
  (pairs) => fc.tuple(nameOf(pairs), oversizedTextArb).map(([name, value]) => set(pairs, name, value)),
  (pairs) =>
    fc
      .tuple(fc.constantFrom(...NUMBER_NAMES), numberGarbageArb)
      .map(([name, value]) => set(pairs, name, value)),
  (pairs) => timestampGarbageArb.map((value) => set(pairs, "Timestamp", value)),
  // A completed recording whose Duration is a whole number of up to 15 digits, as the parser
  // allows, but reaching back before year 0 or past the range of a Date.
  (pairs) =>
    fc
      .constantFrom("63800000000", "99999999999", "8640000000000", "100000000000000", "999999999999999")
      .map((value) => set(set(pairs, "StatusCallbackEvent", "recording-completed"), "Duration", value)),
  (pairs) =>
    fc
      .oneof(
        fc.constantFrom(
          "recording-",
          "recording-STARTED",
          "recording-paused",
          "RECORDING-STARTED",
          "room-ended",
        ),
        garbageTextArb,
      )
      .map((value) => set(pairs, "StatusCallbackEvent", value)),
  (pairs) =>
    fc
      .constantFrom(...SID_NAMES)
      .chain((name) =>
        sidGarbageArb(fieldValue(pairs, name) || fixedSid("RT", "x")).map((value) => set(pairs, name, value)),
      ),
  (pairs) =>
    fc
      .tuple(
        fc.constantFrom("Type", "Container", "Codec"),
        fc.constantFrom("AUDIO", "mp4", "vp8 ", "h.264", "x".repeat(17)),
      )
      .map(([name, value]) => set(pairs, name, value)),
  // The same name twice: the first value is the one that counts.
  (pairs) =>
    fc
      .tuple(nameOf(pairs), garbageTextArb, fc.boolean())
      .map(([name, value, before]) =>
        before ? [[name, value] as const, ...pairs] : [...pairs, [name, value] as const],
      ),
  (pairs) =>
    fc.tuple(unknownNameArb, garbageTextArb).map(([name, value]) => [...pairs, [name, value] as const]),
];

export const mutatedArb = (pairs: Pair[], rounds: number): fc.Arbitrary<Pair[]> =>
  rounds === 0
    ? fc.constant(pairs)
    : fc
        .integer({ min: 0, max: MUTATIONS.length - 1 })
        .chain((m) => (MUTATIONS[m] ?? MUTATIONS[0] ?? (() => fc.constant(pairs)))(pairs))
        .chain((next) => mutatedArb(next, rounds - 1));
