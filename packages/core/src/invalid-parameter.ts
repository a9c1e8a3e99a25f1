import * as v from "valibot";
import { err, ok, type Result } from "./result";

/** A request parameter the caller got wrong, named so the answer can say which. */
export type InvalidParameter = { kind: "invalid-parameter"; parameter: string; message: string };

export const invalidParameter = (parameter: string, message: string) =>
  err<InvalidParameter>({ kind: "invalid-parameter", parameter, message });

/**
 * Reads request parameters (path, query or body fields) with their schema, entries checked in
 * order. The first issue names the parameter at fault; an issue about no one field (an unknown
 * field of a strict object, a value that is not an object) names `whole`.
 */
export const readParameters = <S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  whole = "body",
): Result<v.InferOutput<S>, InvalidParameter> => {
  const parsed = v.safeParse(schema, input, { abortEarly: true });
  if (parsed.success) return ok(parsed.output);
  const [issue] = parsed.issues;
  const key = issue.path?.[0]?.key;
  const aboutField = typeof key === "string" && issue.expected !== "never";
  return invalidParameter(aboutField ? key : whole, issue.message);
};

/** A queue message's JSON body, read by `schema`; a body that is not JSON is refused as the whole. */
export const readJsonMessage = <S extends v.GenericSchema>(
  schema: S,
  body: string,
  whole: string,
): Result<v.InferOutput<S>, InvalidParameter> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  return readParameters(schema, parsed, whole);
};
