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

const HEX32 = /^[0-9a-fA-F]{32}$/;

export const isSid = (kind: SidKind, value: string): boolean =>
  value.length === 34 && value.startsWith(SID_PREFIX[kind]) && HEX32.test(value.slice(2));

/** Any resource SID (track SIDs of other kinds appear as `SourceSid`). */
export const isAnySid = (value: string): boolean => /^[A-Z]{2}[0-9a-fA-F]{32}$/.test(value);
