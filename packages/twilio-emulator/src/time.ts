// Time helpers. The emulator never calls Date.now() outside of the default
// clock, so tests can drive expiry, retention and "media not ready" windows.

/** Epoch milliseconds. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Twilio serialises resource dates in whole seconds with a trailing `Z`. */
export const isoSeconds = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** Callback `Timestamp`s carry microseconds in real payloads (`…05.839174Z`). */
export const isoMicros = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");

/**
 * Parses a date-time filter value. Accepts ISO 8601 with a time zone (what the
 * helper libraries send) and a bare date (read as UTC midnight).
 */
export const parseDateTime = (value: string): number | null => {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)) return null;
  const ms = Date.parse(value.replace(" ", "T"));
  return Number.isFinite(ms) ? ms : null;
};

/**
 * Twilio's "video epoch" is not published; offsets in real payloads
 * (155137307765 ms in August 2020) point near 2015-08. We pick 2015-08-01 UTC.
 */
export const TWILIO_VIDEO_EPOCH_MS = Date.UTC(2015, 7, 1);
