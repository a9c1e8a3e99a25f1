import * as v from "valibot";

// Twilio SIDs: two upper-case letters naming the resource, then 32 hex digits.
export const SID_PREFIX = {
  account: "AC",
  room: "RM",
  participant: "PA",
  track: "MT",
  recording: "RT",
  composition: "CJ",
  compositionHook: "HK",
  apiKey: "SK",
} as const;

export type SidKind = keyof typeof SID_PREFIX;

const sidPattern = (kind: SidKind): RegExp => new RegExp(`^${SID_PREFIX[kind]}[0-9a-fA-F]{32}$`);

const SID_PATTERNS = Object.fromEntries(
  (Object.keys(SID_PREFIX) as SidKind[]).map((kind) => [kind, sidPattern(kind)]),
) as Record<SidKind, RegExp>;

export const isSid = (kind: SidKind, value: string): boolean => SID_PATTERNS[kind].test(value);

/** Any resource SID (track SIDs of other kinds appear as `SourceSid`). */
export const isAnySid = (value: string): boolean => /^[A-Z]{2}[0-9a-fA-F]{32}$/.test(value);

/** A SID of one kind, as a schema: a pattern, so the OpenAPI document can state it. */
export const sidSchema = (kind: SidKind) => {
  const name = kind === "apiKey" ? "API key" : kind.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
  const message = `is not ${/^[aeiouAEIOU]/.test(name) ? "an" : "a"} ${name} SID (${SID_PREFIX[kind]}…)`;
  return v.pipe(v.string(message), v.regex(SID_PATTERNS[kind], message));
};

export const AccountSidSchema = sidSchema("account");
export const RecordingSidSchema = sidSchema("recording");
export const RoomSidSchema = sidSchema("room");
