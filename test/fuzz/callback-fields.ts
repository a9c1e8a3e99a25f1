import fc from "fast-check";
import { ACCOUNT_SID } from "../fixtures/callbacks";
import { fixedSid, type GeneratedTimestamp, renderTimestamp } from "./callback-oracle";

/** The parameters of generated callbacks: valid ones, and mutations of them. */

export type Pair = readonly [string, string];

const TYPES = ["audio", "video", "data"] as const;
const CODECS = ["opus", "vp8", "H264", "pcmu", "Opus", "VP8"] as const;

/** The rooms every generated callback is about: recordings and compositions share them. */
export const ROOMS = 40;
export const roomSidOf = (i: number): string => fixedSid("RM", `room-${i % ROOMS}`);

/** What one recording's callbacks agree on, fixed by its place in its pool. */
const trackOf = (recordingSid: string, i: number) => {
  const type = TYPES[i % TYPES.length] ?? "audio";
  return {
    RecordingSid: recordingSid,
    RoomSid: roomSidOf(i),
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

/** What composition callbacks carry besides the names recording callbacks share with them. */
export const COMPOSITION_NAMES = [
  "CompositionSid",
  "CompositionUri",
  "HookSid",
  "HookUri",
  "HookFriendlyName",
  "PercentageDone",
  "SecondsRemaining",
  "MediaUri",
  "ErrorMessage",
] as const;

export const KNOWN_NAMES = new Set<string>([
  "AccountSid",
  "RoomSid",
  "RecordingSid",
  "Timestamp",
  "StatusCallbackEvent",
  "Padding",
  ...OPTIONAL,
  ...COMPOSITION_NAMES,
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
      return pairsOf(fields, f);
    })
    .chain(shuffledArb);

/**
 * The parameters of a callback: `fields` less the `omitted`, with the `blank` ones sent empty,
 * then the `extras` whose names are not taken.
 */
export const pairsOf = (
  fields: Record<string, string | undefined>,
  changes: { omitted: readonly string[]; blank: readonly string[]; extras: readonly Pair[] },
): Pair[] => {
  for (const name of changes.omitted) delete fields[name];
  for (const name of changes.blank) if (fields[name] !== undefined) fields[name] = "";
  const pairs: Pair[] = [];
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) pairs.push([name, value]);
  const seen = new Set(pairs.map(([name]) => name));
  for (const [name, value] of changes.extras) {
    if (!seen.has(name)) pairs.push([name, value]);
    seen.add(name);
  }
  return pairs;
};

/** The same parameters in any order: Twilio promises none. */
export const shuffledArb = (pairs: Pair[]): fc.Arbitrary<Pair[]> =>
  fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length });

export const set = (pairs: readonly Pair[], name: string, value: string): Pair[] => {
  const out = pairs.map(([n, v]): Pair => [n, n === name ? value : v]);
  return out.some(([n]) => n === name) ? out : [...out, [name, value]];
};

export const garbageTextArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }),
  fc.constantFrom("\u0000", "%", "%zz", "&", "=", "+", "\r\n", "\u202e", "\ufeff", "null", "undefined", "[]"),
);
