import * as v from "valibot";

/**
 * A request body that must be one JSON object read by `schema`; `shape` says what is expected
 * (`{"reason": string, …}`) in the message when it is not JSON or not an object.
 */
export const jsonObjectBody = <S extends v.GenericSchema<Record<string, unknown>, unknown>>(
  schema: S,
  shape: string,
) =>
  v.pipe(
    v.string(),
    v.parseJson(undefined, `must be JSON: ${shape}`),
    // Valibot takes arrays for objects.
    v.check(
      (json) => typeof json === "object" && json !== null && !Array.isArray(json),
      `must be a JSON object: ${shape}`,
    ),
    schema,
  );
