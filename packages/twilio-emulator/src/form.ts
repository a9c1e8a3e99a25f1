import type { Step } from "./http-types";
import { invalidParameter } from "./twilio-errors";

// Reading Twilio's form-encoded POST parameters; every rejected value is 400/20001.

export const formError = <T>(message: string): Step<T> => ({
  ok: false,
  response: invalidParameter(message),
});

export const isHttpUrl = (raw: string): boolean => {
  try {
    const u = new URL(raw);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
};

/** `true`/`false` in any case; absent is undefined. */
export const formBool = (form: URLSearchParams, name: string): Step<boolean | undefined> => {
  const raw = form.get(name);
  if (raw === null) return { ok: true, value: undefined };
  const v = raw.toLowerCase();
  if (v !== "true" && v !== "false") return formError(`Invalid ${name}: ${raw}`);
  return { ok: true, value: v === "true" };
};
