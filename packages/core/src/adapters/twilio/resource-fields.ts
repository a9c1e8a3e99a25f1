import * as v from "valibot";

/** Every field of a Twilio resource is nullable in Twilio's schema, and a missing one means the same. */
export const maybe = <S extends v.GenericSchema>(schema: S) => v.optional(v.nullable(schema), null);

export const whole = v.pipe(v.number(), v.integer(), v.minValue(0));
