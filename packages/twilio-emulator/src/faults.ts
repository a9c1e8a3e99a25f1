import type { Faults } from "./types";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const FRACTIONS = ["errorRate", "dropCallbacks", "duplicateCallbacks"] as const;
const RATES = ["writesPerSecond", "readsPerSecond", "mediaBytesPerSecond"] as const;
const DURATIONS = ["latencyMs", "mediaNotReadySeconds", "compositionSeconds"] as const;
const KNOWN = new Set<string>([...FRACTIONS, ...RATES, ...DURATIONS, "shuffleCallbacks"]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates a `PUT /_emulator/faults` body. The body replaces every fault, so
 * `{}` restores Twilio's defaults. Unknown keys are refused: a typo would
 * otherwise silently test nothing. Callback fractions also take booleans
 * (true = every callback).
 */
export const parseFaults = (input: unknown): Parsed<Faults> => {
  if (!isRecord(input)) return { ok: false, reason: "faults must be a JSON object" };
  const unknown = Object.keys(input).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) return { ok: false, reason: `unknown fault(s): ${unknown.join(", ")}` };
  const out: Faults = {};
  for (const key of FRACTIONS) {
    const v = input[key];
    if (v === undefined) continue;
    const n = typeof v === "boolean" ? (v ? 1 : 0) : v;
    if (typeof n !== "number" || !(n >= 0 && n <= 1)) {
      return { ok: false, reason: `${key} must be a number from 0 to 1 or a boolean` };
    }
    out[key] = n;
  }
  for (const key of RATES) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
      return { ok: false, reason: `${key} must be a positive number` };
    }
    out[key] = v;
  }
  for (const key of DURATIONS) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 3_600_000) {
      return { ok: false, reason: `${key} must be a non-negative number` };
    }
    out[key] = v;
  }
  const shuffle = input.shuffleCallbacks;
  if (shuffle !== undefined) {
    if (typeof shuffle !== "boolean") return { ok: false, reason: "shuffleCallbacks must be a boolean" };
    out.shuffleCallbacks = shuffle;
  }
  return { ok: true, value: out };
};
