import type { Context } from "./context";
import { formError as bad } from "./form";
import { type EmuResponse, json, type Step } from "./http-types";
import { parseDateTime } from "./time";
import { invalidParameter } from "./twilio-errors";

// Twilio's list envelope and paging, shared by every list resource: filters
// echoed into the page URLs, `PageSize`/`Page`/`PageToken`, newest first.

/** What every listed resource has: the sort key and a tie-breaker. */
export interface Listed {
  createdAt: number;
  sid: string;
}

/** The filters of one list call: what to echo into page URLs and what to keep. */
export interface Filters<T> {
  echo: Array<[string, string]>;
  tests: Array<(item: T) => boolean>;
}

export const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/**
 * `Status`: only the given one, or every status but `deleted` when none is
 * asked for (Twilio hides deleted resources unless asked by status).
 */
export const statusFilter = <T extends Listed & { status: string }>(
  q: URLSearchParams,
  statuses: readonly string[],
  f: Filters<T>,
): Step<null> => {
  const status = q.get("Status");
  if (status !== null) {
    if (!oneOf(statuses, status)) return bad(`Invalid Status: ${status}`);
    f.echo.push(["Status", status]);
  }
  f.tests.push(status === null ? (r) => r.status !== "deleted" : (r) => r.status === status);
  return { ok: true, value: null };
};

/** `DateCreatedAfter` (inclusive) and `DateCreatedBefore` (exclusive), on whole seconds as shown. */
export const dateFilters = <T extends Listed>(q: URLSearchParams, f: Filters<T>): Step<null> => {
  for (const [name, sign] of [
    ["DateCreatedAfter", 1],
    ["DateCreatedBefore", -1],
  ] as const) {
    const raw = q.get(name);
    if (raw === null) continue;
    const ms = parseDateTime(raw);
    if (ms === null) return bad(`Invalid ${name}: ${raw}`);
    f.echo.push([name, raw]);
    const secs = (r: T) => Math.floor(r.createdAt / 1000) * 1000;
    f.tests.push(sign === 1 ? (r) => secs(r) >= ms : (r) => secs(r) < ms);
  }
  return { ok: true, value: null };
};

const intParam = (q: URLSearchParams, name: string, min: number): Step<number | null> => {
  const raw = q.get(name);
  if (raw === null) return { ok: true, value: null };
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min) return bad(`Invalid ${name}: ${raw}`);
  return { ok: true, value: Number(raw) };
};

/** Newest first, then by SID, so that pages are stable. */
const newestFirst = (a: Listed, b: Listed): number =>
  b.createdAt - a.createdAt || (a.sid < b.sid ? 1 : a.sid > b.sid ? -1 : 0);

const tokenOf = (r: Listed): string => `PA${Buffer.from(`${r.createdAt}|${r.sid}`).toString("base64url")}`;

/** A PageToken names the last item of the previous page, so paging survives inserts. */
const afterToken = (token: string): ((r: Listed) => boolean) | null => {
  const m = /^PA([A-Za-z0-9_-]+)$/.exec(token);
  const parts = m?.[1] ? Buffer.from(m[1], "base64url").toString("utf8").split("|") : [];
  const at = Number(parts[0]);
  const sid = parts[1];
  if (parts.length !== 2 || !Number.isSafeInteger(at) || sid === undefined) return null;
  const cursor = { createdAt: at, sid };
  return (r) => newestFirst(cursor, r) < 0;
};

export interface PageSpec<T extends Listed> {
  /** The envelope's key and `meta.key`: `recordings`, `compositions`, … */
  key: string;
  /** Larger `PageSize`s are capped rather than refused: helper libraries send PageSize=limit. */
  maxPageSize: number;
  items: readonly T[];
  filters: Filters<T>;
  toJson: (item: T) => unknown;
}

/** One page of a list resource in Twilio's envelope, `{ [key]: [...], meta: {...} }`. */
export const listPage = <T extends Listed>(
  ctx: Context,
  path: string,
  q: URLSearchParams,
  spec: PageSpec<T>,
): EmuResponse => {
  const size = intParam(q, "PageSize", 1);
  if (!size.ok) return size.response;
  const page = intParam(q, "Page", 0);
  if (!page.ok) return page.response;
  const pageSize = Math.min(size.value ?? 50, spec.maxPageSize);
  const pageNo = page.value ?? 0;
  const token = q.get("PageToken");
  const after = token === null ? null : afterToken(token);
  if (token !== null && after === null) return invalidParameter(`Invalid PageToken: ${token}`);

  const { echo, tests } = spec.filters;
  const all = spec.items.filter((r) => tests.every((t) => t(r))).sort(newestFirst);
  const rest = after === null ? all.slice(pageNo * pageSize) : all.filter(after);
  const items = rest.slice(0, pageSize);
  const last = items.at(-1);

  const pageUrl = (n: number, extra: Array<[string, string]> = []): string => {
    const params = new URLSearchParams([...echo, ["PageSize", String(pageSize)], ["Page", String(n)]]);
    for (const [k, v] of extra) params.append(k, v);
    return `${ctx.baseUrl}${path}?${params.toString()}`;
  };
  return json(200, {
    [spec.key]: items.map(spec.toJson),
    meta: {
      page: pageNo,
      page_size: pageSize,
      first_page_url: pageUrl(0),
      previous_page_url: pageNo > 0 ? pageUrl(pageNo - 1) : null,
      url: pageUrl(pageNo, token === null ? [] : [["PageToken", token]]),
      next_page_url:
        rest.length > items.length && last ? pageUrl(pageNo + 1, [["PageToken", tokenOf(last)]]) : null,
      key: spec.key,
    },
  });
};
