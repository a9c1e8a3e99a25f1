import { err } from "./result";

/** A request parameter the caller got wrong, named so the answer can say which. */
export type InvalidParameter = { kind: "invalid-parameter"; parameter: string; message: string };

export const invalidParameter = (parameter: string, message: string) =>
  err<InvalidParameter>({ kind: "invalid-parameter", parameter, message });
