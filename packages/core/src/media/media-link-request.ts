import { DISPOSITIONS, type Disposition } from "../disposition";
import { type InvalidParameter, invalidParameter as invalid } from "../invalid-parameter";
import { ok, type Result } from "../result";
import { isSid } from "../sids";

/** Query string values as the caller sent them. */
export type MediaLinkRequest = {
  recordingSid: string;
  ttl?: string | undefined;
  disposition?: string | undefined;
  redirect?: string | undefined;
};

export type ValidMediaLinkRequest = { sid: string; ttl: number; disposition: Disposition; redirect: boolean };

export const DEFAULT_TTL_SECONDS = 600;
export const MAX_TTL_SECONDS = 3600;

export const readMediaLinkRequest = (
  request: MediaLinkRequest,
): Result<ValidMediaLinkRequest, InvalidParameter> => {
  const {
    recordingSid: sid,
    ttl = String(DEFAULT_TTL_SECONDS),
    disposition = "attachment",
    redirect = "false",
  } = request;
  if (!isSid("recording", sid)) return invalid("recordingSid", "is not a recording SID (RT…)");
  const seconds = Number(ttl);
  if (!/^\d{1,4}$/.test(ttl) || seconds < 1 || seconds > MAX_TTL_SECONDS) {
    return invalid("ttl", `must be an integer number of seconds from 1 to ${MAX_TTL_SECONDS}`);
  }
  if (!(DISPOSITIONS as readonly string[]).includes(disposition)) {
    return invalid("disposition", `must be one of ${DISPOSITIONS.join(", ")}`);
  }
  if (redirect !== "true" && redirect !== "false") return invalid("redirect", "must be true or false");
  return ok({ sid, ttl: seconds, disposition: disposition as Disposition, redirect: redirect === "true" });
};
