import type { Gap } from "./types";

// Validation of control (JSON) bodies. Controls answer 400 with a reason,
// never a crash, whatever they are sent.

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export type JsonObject = Record<string, unknown>;

export const parseJsonObject = (body: string): Checked<JsonObject> => {
  if (body.trim() === "") return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return {
      ok: false,
      reason: `body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: "body must be a JSON object" };
  }
  return { ok: true, value: value as JsonObject };
};

/** Reads optional fields of a JSON object with type checks; collects the first error. */
export class Fields {
  readonly #obj: JsonObject;
  error: string | null = null;

  constructor(obj: JsonObject) {
    this.#obj = obj;
  }

  string(name: string, test: (v: string) => boolean = () => true, hint = "a string"): string | undefined {
    const v = this.#obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" || !test(v)) return this.#fail(name, hint);
    return v;
  }

  oneOf<T extends string>(name: string, options: readonly T[]): T | undefined {
    const v = this.string(
      name,
      (s) => (options as readonly string[]).includes(s),
      `one of ${options.join(", ")}`,
    );
    return v as T | undefined;
  }

  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.#obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) {
      return this.#fail(name, `an integer from ${min} to ${max}`);
    }
    return v;
  }

  number(name: string, min: number, max: number): number | undefined {
    const v = this.#obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
      return this.#fail(name, `a number from ${min} to ${max}`);
    }
    return v;
  }

  object(name: string): JsonObject | undefined {
    const v = this.#obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) return this.#fail(name, "an object");
    return v as JsonObject;
  }

  array(name: string): unknown[] | undefined {
    const v = this.#obj[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.#fail(name, "an array");
    return v;
  }

  #fail(name: string, hint: string): undefined {
    this.error ??= `${name} must be ${hint}`;
    return undefined;
  }
}

const DAY_SECONDS = 24 * 3600;

/** A recording's `gap` (`{"at", "seconds"}`): it must start after the first packet and end before the last. */
export const parseGap = (raw: JsonObject | undefined, duration: number): Checked<Gap | undefined> => {
  if (raw === undefined) return { ok: true, value: undefined };
  const f = new Fields(raw);
  const at = f.number("at", 0, DAY_SECONDS);
  const seconds = f.number("seconds", 0, DAY_SECONDS);
  if (f.error !== null) return { ok: false, reason: `gap.${f.error}` };
  if (at === undefined || seconds === undefined) return { ok: false, reason: "gap needs at and seconds" };
  if (at <= 0 || seconds <= 0 || at + seconds >= duration) {
    return {
      ok: false,
      reason: `gap must lie inside the track's ${duration} s: 0 < at, 0 < seconds, at + seconds < duration`,
    };
  }
  return { ok: true, value: { at, seconds } };
};
