import type * as v from "valibot";
import { ok, type Result } from "../../result";
import { TwilioArgumentError, TwilioResponseError } from "../../twilio/errors";
import type { TwilioFailure } from "../../twilio/failures";
import { apiRequest, type CallContext, parseOrThrow, type ResourcePath, retried } from "./context";
import { fromErrorAnswer, malformedBody, noAnswer, type Request, readApiAnswer } from "./http";
import { done } from "./retry";

/** `GET` of one resource, read with `schema` and turned into the domain's type by `toValue`. */
export const fetchResource = <S extends v.GenericSchema, T>(
  ctx: CallContext,
  resource: ResourcePath,
  deadline: number | undefined,
  schema: S,
  toValue: (parsed: v.InferOutput<S>) => T,
): Promise<Result<T, TwilioFailure>> => {
  const request = apiRequest(ctx, "GET", resource.path);
  return retried(ctx, deadline, async () => {
    const answer = await ctx.transport.exchange(request, deadline, readApiAnswer);
    if (!answer.ok) return noAnswer(answer);
    const { status, body, malformed } = answer.value;
    if (status !== 200) return fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
    if (malformed) return malformedBody(request, status);
    return done(ok(toValue(parseOrThrow(request, status, schema, body))));
  });
};

/**
 * Deleting is idempotent for the caller: a 404, on the first attempt or after a retry whose
 * predecessor did get through, means the media is gone either way.
 */
export const deleteResource = (
  ctx: CallContext,
  resource: ResourcePath,
  deadline: number | undefined,
): Promise<Result<"deleted" | "already-gone", TwilioFailure>> => {
  const request = apiRequest(ctx, "DELETE", resource.path);
  return retried(ctx, deadline, async () => {
    const answer = await ctx.transport.exchange(request, deadline, readApiAnswer);
    if (!answer.ok) return noAnswer(answer);
    const { status } = answer.value;
    if (status >= 200 && status < 300) return done(ok("deleted" as const));
    if (status === 404) return done(ok("already-gone" as const));
    return fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
  });
};

/** How one list reads: its path, its envelope's schema and what a page of it becomes. */
export type Listing<S extends v.GenericSchema, Page extends { nextPageUrl: string | null }> = {
  path: string;
  schema: S;
  toPage: (parsed: v.InferOutput<S>) => Omit<Page, "nextPageUrl">;
  nextPageUrl: (parsed: v.InferOutput<S>) => string | null;
};

/** Pages, each fetched with its own retries. A failed page is yielded as the last item. */
export async function* listPages<S extends v.GenericSchema, Page extends { nextPageUrl: string | null }>(
  ctx: CallContext,
  listing: Listing<S, Page>,
  start: { pageUrl?: string | undefined; query: string; deadline: number | undefined },
): AsyncGenerator<Result<Page, TwilioFailure>, void, undefined> {
  let url: string | null = start.pageUrl ?? `${ctx.baseUrl}${listing.path}?${start.query}`;
  for (let page = 1; url !== null; page++) {
    const request: Request = {
      method: "GET",
      url,
      describe: `GET ${listing.path} (page ${page})`,
      authenticated: true,
    };
    const result: Result<Page, TwilioFailure> = await retried(ctx, start.deadline, async () => {
      const answer = await ctx.transport.exchange(request, start.deadline, readApiAnswer);
      if (!answer.ok) return noAnswer(answer);
      const { status, body, malformed } = answer.value;
      if (status !== 200) return fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
      if (malformed) return malformedBody(request, status);
      const parsed = parseOrThrow(request, status, listing.schema, body);
      const next = listing.nextPageUrl(parsed);
      // Page links are absolute; following one elsewhere would hand our credentials to another host.
      if (next !== null && !sameOrigin(next, ctx.transport.origin))
        throw new TwilioResponseError(request.describe, status, "next_page_url points to another origin");
      return done(ok({ ...listing.toPage(parsed), nextPageUrl: next } as Page));
    });
    yield result;
    if (!result.ok) return;
    url = result.value.nextPageUrl;
  }
}

const sameOrigin = (url: string, origin: string): boolean =>
  URL.canParse(url) && new URL(url).origin === origin;

/** `PageSize`, checked: Twilio accepts 1–100. */
export const pageSizeArgument = (pageSize: number): string => {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new TwilioArgumentError("pageSize must be a whole number from 1 to 100");
  return String(pageSize);
};

// Twilio's list dates are whole seconds: rounding a bound up keeps "created at or after" and
// "created before" exact for them (10:00:00 is before 10:00:00.5, and not at or after it).
export const wholeSecondsUp = (name: string, value: string | Date): string => {
  const ms = typeof value === "string" ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new TwilioArgumentError(`${name} is not a date`);
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
};
