import * as v from "valibot";

// Twilio timestamps are ISO 8601 UTC, sometimes with microseconds. Normalising them to one
// fixed-width form makes plain string comparison a correct chronological order.
// Years from 1970 on: date arithmetic on them (a week's duration at most) keeps four digits.
const ISO_UTC = /^((?:19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]00:?00)$/;

/** `2020-08-20T01:42:05.839174Z`, always six fractional digits; undefined when not ISO 8601 UTC. */
export const normalizeTimestamp = (value: string): string | undefined => {
  const match = ISO_UTC.exec(value);
  if (!match) return undefined;
  const [, date, time, fraction = ""] = match;
  const normalized = `${date}T${time}.${fraction.slice(0, 6).padEnd(6, "0")}Z`;
  return Number.isNaN(Date.parse(normalized)) ? undefined : normalized;
};

/** The millisecond ISO form API answers use. */
export const toIsoMillis = (normalized: string): string => `${normalized.slice(0, 23)}Z`;

export const timestampFromDate = (date: Date): string => {
  const iso = date.toISOString();
  return `${iso.slice(0, 23)}000Z`;
};

export const addSeconds = (normalized: string, seconds: number): string =>
  timestampFromDate(new Date(Date.parse(normalized) + seconds * 1000)).slice(0, 20) + normalized.slice(20);

/** A timestamp as stored and compared: `normalizeTimestamp`'s form. */
export const StoredTimestampSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
);

/** A timestamp as API answers give it (`toIsoMillis`): ISO 8601 UTC with milliseconds. */
export const TimestampSchema = v.pipe(v.string(), v.isoTimestamp());
