import * as v from "valibot";
import { err } from "../result";
import { normalizeTimestamp } from "../timestamps";

/** The parameter schemas Twilio's callbacks share, recording or composition. */

export type MalformedCallback = { kind: "malformed"; field: string; message: string };

export const text = v.optional(v.pipe(v.string(), v.maxLength(2048, "is longer than 2048 characters")));
export const count = v.optional(
  v.pipe(v.string(), v.regex(/^\d{1,15}$/, "is not a whole number"), v.transform(Number)),
);
// Rooms last at most 24 hours; a week leaves room and keeps date arithmetic far from overflow.
const MAX_DURATION_SECONDS = 7 * 24 * 3600;
export const duration = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,7}$/, "is not a whole number"),
    v.transform(Number),
    v.maxValue(MAX_DURATION_SECONDS, `is more than ${MAX_DURATION_SECONDS} seconds`),
  ),
);
export const timestamp = v.pipe(
  v.string(),
  v.transform(normalizeTimestamp),
  v.string("is not an ISO 8601 UTC timestamp"),
);

/** What a finished (or failed) recording or composition tells, at the end of its callback's parameters. */
export const FINISHED_MEDIA = {
  Duration: duration,
  Size: count,
  MediaExternalLocation: text,
  FailedOperation: text,
};

export const malformed = (field: string, message: string) =>
  err<MalformedCallback>({ kind: "malformed", field, message });

/** Reads `fields` with `schema`, or names the first field at fault. */
export const readCallbackFields = <S extends v.GenericSchema>(schema: S, fields: Record<string, string>) => {
  const parsed = v.safeParse(schema, fields);
  if (parsed.success) return { ok: true as const, value: parsed.output as v.InferOutput<S> };
  const issue = parsed.issues[0];
  const field = issue.path?.[0]?.key;
  return malformed(typeof field === "string" ? field : "body", issue.message);
};
