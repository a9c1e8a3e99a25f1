import { createHash, randomUUID } from "node:crypto";

/** Makes a SID (`prefix` + 32 lower-case hex) for a two-letter prefix such as `RT`. */
export type SidGenerator = (prefix: string) => string;

/**
 * SIDs are a pure function of the seed and a counter, so a seeded emulator
 * hands out the same SIDs on every run. Without a seed we pick a random one, so
 * that restarting a local emulator never reuses a SID another system remembers.
 */
export const seededSids = (seed: string = randomUUID()): SidGenerator => {
  let counter = 0;
  return (prefix) => {
    counter += 1;
    const hex = createHash("sha256").update(`${seed}:${prefix}:${counter}`).digest("hex").slice(0, 32);
    return `${prefix}${hex}`;
  };
};

export const SID_PATTERN = /^[A-Za-z]{2}[0-9a-fA-F]{32}$/;
export const isSid = (value: string, prefix?: string): boolean =>
  SID_PATTERN.test(value) && (prefix === undefined || value.startsWith(prefix));
