import type { Context } from "./context";
import { type EmuResponse, json } from "./http-types";
import { isSid } from "./ids";
import { visibleRecordings } from "./recordings";
import { recordingJson, roomRecordingJson } from "./serialize";
import { parseDateTime } from "./time";
import { invalidParameter } from "./twilio-errors";
import { MEDIA_TYPES, RECORDING_STATUSES, type Recording } from "./types";

/** Which list: the account-wide one or one room's. They differ in filters, page size and item shape. */
export type ListScope = { kind: "account" } | { kind: "room"; roomSid: string };

interface Filters {
  echo: Array<[string, string]>;
  match: (rec: Recording) => boolean;
}

type Step<T> = { ok: true; value: T } | { ok: false; response: EmuResponse };

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/** Parses the documented filters; every rejected value is a 400 with a Twilio error body. */
const parseFilters = (q: URLSearchParams, scope: ListScope): Step<Filters> => {
  const echo: Array<[string, string]> = [];
  const tests: Array<(r: Recording) => boolean> = [];
  const status = q.get("Status");
  if (status !== null) {
    if (!oneOf(RECORDING_STATUSES, status)) return bad(`Invalid Status: ${status}`);
    echo.push(["Status", status]);
  }
  // Deleted recordings are hidden unless asked for by status.
  tests.push(status === null ? (r) => r.status !== "deleted" : (r) => r.status === status);
  for (const [name, sign] of [
    ["DateCreatedAfter", 1],
    ["DateCreatedBefore", -1],
  ] as const) {
    const raw = q.get(name);
    if (raw === null) continue;
    const ms = parseDateTime(raw);
    if (ms === null) return bad(`Invalid ${name}: ${raw}`);
    echo.push([name, raw]);
    // After is inclusive, Before exclusive, compared on whole seconds like the resource shows.
    const secs = (r: Recording) => Math.floor(r.createdAt / 1000) * 1000;
    tests.push(sign === 1 ? (r) => secs(r) >= ms : (r) => secs(r) < ms);
  }
  const source = q.get("SourceSid");
  if (source !== null) {
    if (!isSid(source)) return bad(`Invalid SourceSid: ${source}`);
    echo.push(["SourceSid", source]);
    tests.push((r) => r.sourceSid === source);
  }
  if (scope.kind === "account") {
    const media = q.get("MediaType");
    if (media !== null) {
      if (!oneOf(MEDIA_TYPES, media)) return bad(`Invalid MediaType: ${media}`);
      echo.push(["MediaType", media]);
      tests.push((r) => r.type === media);
    }
    for (const g of q.getAll("GroupingSid")) {
      if (!isSid(g)) return bad(`Invalid GroupingSid: ${g}`);
      echo.push(["GroupingSid", g]);
      tests.push((r) => r.roomSid === g || r.participantSid === g);
    }
  } else {
    const roomSid = scope.roomSid;
    tests.push((r) => r.roomSid === roomSid);
  }
  return { ok: true, value: { echo, match: (r) => tests.every((t) => t(r)) } };
};

const bad = <T>(message: string): Step<T> => ({ ok: false, response: invalidParameter(message) });

const intParam = (q: URLSearchParams, name: string, min: number): Step<number | null> => {
  const raw = q.get(name);
  if (raw === null) return { ok: true, value: null };
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min) return bad(`Invalid ${name}: ${raw}`);
  return { ok: true, value: Number(raw) };
};

/** Newest first, then by SID, so that pages are stable. */
const newestFirst = (a: Recording, b: Recording): number =>
  b.createdAt - a.createdAt || (a.sid < b.sid ? 1 : a.sid > b.sid ? -1 : 0);

const tokenOf = (r: Recording): string => `PA${Buffer.from(`${r.createdAt}|${r.sid}`).toString("base64url")}`;

/** A PageToken names the last item of the previous page, so paging survives inserts. */
const afterToken = (token: string): ((r: Recording) => boolean) | null => {
  const m = /^PA([A-Za-z0-9_-]+)$/.exec(token);
  const parts = m?.[1] ? Buffer.from(m[1], "base64url").toString("utf8").split("|") : [];
  const at = Number(parts[0]);
  const sid = parts[1];
  if (parts.length !== 2 || !Number.isSafeInteger(at) || sid === undefined) return null;
  const cursor = { createdAt: at, sid } as Recording;
  return (r) => newestFirst(cursor, r) < 0;
};

/** `GET /v1/Recordings` and `GET /v1/Rooms/{RoomSid}/Recordings` with Twilio's paging envelope. */
export const listRecordings = (
  ctx: Context,
  path: string,
  q: URLSearchParams,
  scope: ListScope,
): EmuResponse => {
  const filters = parseFilters(q, scope);
  if (!filters.ok) return filters.response;
  const size = intParam(q, "PageSize", 1);
  if (!size.ok) return size.response;
  const page = intParam(q, "Page", 0);
  if (!page.ok) return page.response;
  // Larger sizes are capped rather than refused: helper libraries send PageSize=limit.
  const pageSize = Math.min(size.value ?? 50, scope.kind === "account" ? 100 : 1000);
  const pageNo = page.value ?? 0;
  const token = q.get("PageToken");
  const after = token === null ? null : afterToken(token);
  if (token !== null && after === null) return invalidParameter(`Invalid PageToken: ${token}`);

  const all = visibleRecordings(ctx).filter(filters.value.match).sort(newestFirst);
  const rest = after === null ? all.slice(pageNo * pageSize) : all.filter(after);
  const items = rest.slice(0, pageSize);
  const last = items.at(-1);

  const pageUrl = (n: number, extra: Array<[string, string]> = []): string => {
    const params = new URLSearchParams([
      ...filters.value.echo,
      ["PageSize", String(pageSize)],
      ["Page", String(n)],
    ]);
    for (const [k, v] of extra) params.append(k, v);
    return `${ctx.baseUrl}${path}?${params.toString()}`;
  };
  const toJson = scope.kind === "account" ? recordingJson : roomRecordingJson;
  return json(200, {
    recordings: items.map((r) => toJson(ctx, r)),
    meta: {
      page: pageNo,
      page_size: pageSize,
      first_page_url: pageUrl(0),
      previous_page_url: pageNo > 0 ? pageUrl(pageNo - 1) : null,
      url: pageUrl(pageNo, token === null ? [] : [["PageToken", token]]),
      next_page_url:
        rest.length > items.length && last ? pageUrl(pageNo + 1, [["PageToken", tokenOf(last)]]) : null,
      key: "recordings",
    },
  });
};
