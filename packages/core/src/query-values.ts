import * as v from "valibot";

/**
 * Query string values are text; these read them into what they mean. Each is optional with a
 * default written as a caller would send it (the OpenAPI document shows what it parses to).
 */

/** A whole number from `min` to `max`. */
export const integerRange = (min: number, max: number, message: string) =>
  v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));

/** Decimal digits (all of the value matches `pattern`) read into the number `schema` checks. */
export const queryNumber = <Schema extends v.GenericSchema<number>>(
  schema: Schema,
  options: { fallback: number; message: string; pattern?: RegExp },
) => {
  const { fallback, message, pattern = /^\d+$/ } = options;
  return v.optional(
    v.pipe(v.string(message), v.regex(pattern, message), v.toNumber(message), schema),
    String(fallback),
  );
};

/** `true` or `false`, nothing else. */
export const queryBoolean = (fallback: boolean) =>
  v.optional(
    v.pipe(
      v.picklist(["true", "false"], "must be true or false"),
      v.transform((value) => value === "true"),
      v.boolean(),
    ),
    fallback ? "true" : "false",
  );

/** A request as the caller sends it: text for every entry, any of them absent but `Given`. */
export type RawRequest<Schema extends v.GenericSchema, Given extends keyof v.InferInput<Schema>> = {
  [Name in keyof v.InferInput<Schema>]?: string | undefined;
} & { [Name in Given]: string };
