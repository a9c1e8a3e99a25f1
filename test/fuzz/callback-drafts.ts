import fc from "fast-check";
import { ACCOUNT_SID } from "../fixtures/callbacks";
import {
  garbageTextArb,
  KNOWN_NAMES,
  type Pair,
  ROOMS,
  roomSidOf,
  set,
  textArb,
  timestampArb,
  unknownNameArb,
} from "./callback-fields";
import { mutator } from "./callback-mutations";
import { renderTimestamp } from "./callback-oracle";
import { COMPOSITIONS, FOREIGN_ACCOUNT, RECORDINGS, type Resource, type Subject } from "./callback-subjects";
import { hookFailedPairsArb, malformedCompositionArb } from "./composition-fields";

export type { Pair } from "./callback-fields";

/**
 * Generated callback requests, as data: what is sent (method, fields, encoding, signature) and
 * what the generator meant by it. `callback-requests.ts` turns a draft into an API Gateway event.
 */

export type Intent =
  /** Signed, well formed, about a recording or composition of an oracle pool: must be indexed. */
  | "valid"
  /** Well formed, but the signature is missing or wrong: must change nothing. */
  | "forged"
  /** Signed with our token, but another account's `AccountSid`: must change nothing. */
  | "foreign"
  /** Signed, with fields dropped, duplicated, garbled or oversized: 204 or 400, never 5xx. */
  | "mutant"
  /** Signed, valid but for one parameter the contract names: 400 naming it, nothing indexed. */
  | "malformed"
  /** Signed room event that is about no recording or composition: 204, nothing indexed. */
  | "room-event"
  /** Anything at all: method, body bytes, content type, signature. */
  | "garbage";

export const SIGNINGS = [
  "valid",
  "none",
  "empty",
  "wrong-token",
  "wrong-url",
  "tampered",
  "doubled",
  "truncated",
  "case-flipped",
  "random",
] as const;
export type Signing = (typeof SIGNINGS)[number];

export const ENCODINGS = ["standard", "component", "percent-all", "raw-utf8", "noisy"] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** What happens to a base64 body on its way: all but the last two decode to the same bytes. */
export const BODY_QUIRKS = ["none", "unpadded", "line-broken", "url-safe", "not-base64", "flag-off"] as const;
export type BodyQuirk = (typeof BODY_QUIRKS)[number];

export type Draft = {
  intent: Intent;
  /** The recording or composition it was generated about; null for room events and garbage. */
  resource: Resource | null;
  /** The parameter a 400 must name (malformed drafts); null when the generator cannot tell. */
  blame: string | null;
  method: string;
  /** Where the fields travel: a form body (POST) or the query string (GET). */
  transport: "form" | "query";
  pairs: readonly Pair[];
  /** A POST's own query string, signed as part of the URL. */
  urlQuery: readonly Pair[];
  encoding: Encoding;
  contentType: string | null;
  signing: Signing;
  quirk: BodyQuirk;
  /** Replaces the encoded body with these bytes (garbage only). */
  rawBody: Uint8Array | null;
  /** Pads the form body with an unknown parameter up to this many bytes. */
  padTo: { bytes: number; unit: string } | null;
};

const pickSid = (pool: readonly string[]) =>
  fc.integer({ min: 0, max: pool.length - 1 }).map((i) => ({ sid: pool[i] ?? "", i }));

// ——— how a request travels ———

const transportArb = fc.oneof(
  { arbitrary: fc.constant({ method: "POST", transport: "form" as const }), weight: 8 },
  { arbitrary: fc.constant({ method: "GET", transport: "query" as const }), weight: 2 },
);

const urlQueryArb = fc.oneof(
  { arbitrary: fc.constant([] as Pair[]), weight: 6 },
  { arbitrary: fc.array(fc.tuple(unknownNameArb, textArb), { minLength: 1, maxLength: 3 }), weight: 1 },
);

const CONTENT_TYPES = [
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=utf-8",
  "APPLICATION/X-WWW-FORM-URLENCODED",
  "text/plain",
  "application/json",
  "multipart/form-data; boundary=xyz",
  "application/octet-stream",
] as const;

const contentTypeArb = fc.oneof(
  { arbitrary: fc.constant<string | null>("application/x-www-form-urlencoded"), weight: 6 },
  { arbitrary: fc.constantFrom<string | null>(null, ...CONTENT_TYPES), weight: 3 },
);

const losslessQuirkArb = fc.oneof(
  { arbitrary: fc.constant<BodyQuirk>("none"), weight: 6 },
  { arbitrary: fc.constantFrom<BodyQuirk>("unpadded", "line-broken", "url-safe"), weight: 2 },
);

const PADDINGS = [65_000, 65_535, 65_536, 65_537, 66_000, 100_000, 1_048_576] as const;
const padArb = fc.record({
  bytes: fc.constantFrom(...PADDINGS),
  unit: fc.constantFrom("x", "é", "%C3%A9", "+"),
});

const base = (intent: Intent, pairs: Pair[], resource: Resource | null, blame: string | null = null) =>
  fc
    .record({
      how: transportArb,
      urlQuery: urlQueryArb,
      encoding: fc.constantFrom(...ENCODINGS),
      contentType: contentTypeArb,
      quirk: losslessQuirkArb,
    })
    .map(
      ({ how, urlQuery, encoding, contentType, quirk }): Draft => ({
        intent,
        resource,
        blame,
        ...how,
        pairs,
        urlQuery: how.transport === "form" ? urlQuery : [],
        encoding,
        contentType,
        signing: "valid",
        quirk,
        rawBody: null,
        padTo: null,
      }),
    );

const validDraftArb = (subject: Subject) =>
  pickSid(subject.oracle).chain(({ sid, i }) =>
    subject.validPairs(sid, i).chain((pairs) => base("valid", pairs, subject.resource)),
  );

const forgedDraftArb = (subject: Subject) =>
  fc
    .tuple(fc.boolean(), pickSid(subject.oracle), pickSid(subject.forged))
    .chain(([oracle, a, b]) => subject.validPairs((oracle ? a : b).sid, (oracle ? a : b).i))
    .chain((pairs) => base("forged", pairs, subject.resource))
    .chain((draft) =>
      fc
        .constantFrom(...SIGNINGS.filter((signing) => signing !== "valid"))
        .map((signing): Draft => ({ ...draft, signing })),
    );

const foreignDraftArb = (subject: Subject) =>
  fc
    .tuple(
      fc.boolean(),
      pickSid(subject.oracle),
      pickSid(subject.forged),
      fc.oneof(fc.constant(FOREIGN_ACCOUNT), garbageTextArb),
    )
    .chain(([oracle, a, b, account]) =>
      subject
        .validPairs((oracle ? a : b).sid, (oracle ? a : b).i)
        .map((pairs) => set(pairs, "AccountSid", account === "" ? FOREIGN_ACCOUNT : account)),
    )
    .chain((pairs) => base("foreign", pairs, subject.resource));

const mutantDraftArb = (subject: Subject) => {
  const mutated = mutator(subject.vocabulary);
  return fc
    .tuple(pickSid(subject.mutant), fc.integer({ min: 1, max: 3 }))
    .chain(([{ sid, i }, rounds]) => subject.validPairs(sid, i).chain((pairs) => mutated(pairs, rounds)))
    .chain((pairs) => base("mutant", pairs, subject.resource));
};

const malformedCompositionDraftArb = pickSid(COMPOSITIONS.mutant)
  .chain(({ sid, i }) => malformedCompositionArb(sid, i))
  .chain(({ pairs, blame }) => base("malformed", pairs, "composition", blame));

const ROOM_EVENTS = [
  "room-created",
  "room-ended",
  "participant-connected",
  "participant-disconnected",
  "track-added",
  "track-removed",
  "track-enabled",
  "track-disabled",
] as const;

const roomEventDraftArb = fc
  .record({
    event: fc.constantFrom(...ROOM_EVENTS),
    room: fc.integer({ min: 0, max: ROOMS - 1 }),
    recording: pickSid(RECORDINGS.forged),
    withRecordingSid: fc.boolean(),
    timestamp: timestampArb,
    extras: fc.array(fc.tuple(unknownNameArb, textArb), { maxLength: 4 }),
  })
  .map(({ event, room, recording, withRecordingSid, timestamp, extras }): Pair[] => [
    ["AccountSid", ACCOUNT_SID],
    ["StatusCallbackEvent", event],
    ["RoomSid", roomSidOf(room)],
    ["RoomStatus", event === "room-ended" ? "completed" : "in-progress"],
    ["Timestamp", renderTimestamp(timestamp)],
    ...(withRecordingSid ? [["RecordingSid", recording.sid] as const] : []),
    ...extras.filter(([name]) => !KNOWN_NAMES.has(name) && name !== "RoomStatus"),
  ])
  .chain((pairs) => base("room-event", pairs, null));

const hookFailedDraftArb = fc
  .integer({ min: 0, max: ROOMS - 1 })
  .chain(hookFailedPairsArb)
  .chain((pairs) => base("room-event", pairs, null));

/** Near and far past the 64 KiB limit, with single- and multi-byte padding, signed. */
const hugeDraftArb = fc
  .tuple(fc.oneof(validDraftArb(RECORDINGS), validDraftArb(COMPOSITIONS)), padArb)
  .map(([draft, padTo]): Draft => ({ ...draft, method: "POST", transport: "form", urlQuery: [], padTo }));

const METHODS = [
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "post",
  "get",
  "Post",
  "PROPFIND",
];

const garbageDraftArb = fc
  .record({
    method: fc.constantFrom(...METHODS),
    transport: fc.constantFrom("form" as const, "query" as const),
    pairs: fc.oneof(
      fc.array(fc.tuple(garbageTextArb, garbageTextArb), { maxLength: 8 }),
      fc.oneof(validDraftArb(RECORDINGS), validDraftArb(COMPOSITIONS)).map((draft) => [...draft.pairs]),
    ),
    urlQuery: urlQueryArb,
    encoding: fc.constantFrom(...ENCODINGS),
    contentType: fc.constantFrom<string | null>(null, ...CONTENT_TYPES),
    signing: fc.constantFrom(...SIGNINGS),
    quirk: fc.constantFrom(...BODY_QUIRKS),
    rawBody: fc.option(
      fc.oneof(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom(65_536, 65_537, 300_000).map((n) => new Uint8Array(n).fill(0xff)),
      ),
      { nil: null, freq: 2 },
    ),
  })
  .map((draft): Draft => ({ ...draft, intent: "garbage", resource: null, blame: null, padTo: null }));

// One request in five concerns a composition. Signed valid events (the requests that cost index
// writes) keep the share they had before compositions joined, so the run takes about as long.
export const draftArb: fc.Arbitrary<Draft> = fc.oneof(
  { arbitrary: validDraftArb(RECORDINGS), weight: 10 },
  { arbitrary: validDraftArb(COMPOSITIONS), weight: 6 },
  { arbitrary: forgedDraftArb(RECORDINGS), weight: 12 },
  { arbitrary: forgedDraftArb(COMPOSITIONS), weight: 4 },
  { arbitrary: foreignDraftArb(RECORDINGS), weight: 4 },
  { arbitrary: foreignDraftArb(COMPOSITIONS), weight: 2 },
  { arbitrary: mutantDraftArb(RECORDINGS), weight: 14 },
  { arbitrary: mutantDraftArb(COMPOSITIONS), weight: 5 },
  { arbitrary: malformedCompositionDraftArb, weight: 3 },
  { arbitrary: roomEventDraftArb, weight: 7 },
  { arbitrary: hookFailedDraftArb, weight: 1 },
  { arbitrary: hugeDraftArb, weight: 2 },
  { arbitrary: garbageDraftArb, weight: 28 },
);
