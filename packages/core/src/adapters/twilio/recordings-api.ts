import { ok, type Result } from "../../result";
import { isAnySid } from "../../sids";
import { TwilioArgumentError, TwilioResponseError } from "../../twilio/errors";
import type { TwilioFailure } from "../../twilio/failures";
import type { CallOptions, ListRecordingsOptions, RecordingPage } from "../../twilio/ports";
import type { TwilioRecording } from "../../twilio/twilio-recording";
import { apiRequest, type CallContext, parseOrThrow, recordingPath, retried } from "./context";
import { fromErrorAnswer, malformedBody, noAnswer, type Request, readApiAnswer } from "./http";
import { RecordingPageSchema, RecordingResourceSchema, toTwilioRecording } from "./recording-resource";
import { done } from "./retry";

export const fetchRecording = (
  ctx: CallContext,
  sid: string,
  { deadline }: CallOptions,
): Promise<Result<TwilioRecording, TwilioFailure>> => {
  const request = apiRequest(ctx, "GET", recordingPath(sid));
  return retried(ctx, deadline, async () => {
    const answer = await ctx.transport.exchange(request, deadline, readApiAnswer);
    if (!answer.ok) return noAnswer(answer);
    const { status, body, malformed } = answer.value;
    if (status !== 200) return fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
    if (malformed) return malformedBody(request, status);
    return done(ok(toTwilioRecording(parseOrThrow(request, status, RecordingResourceSchema, body))));
  });
};

/**
 * Deleting is idempotent for the caller: a 404, on the first attempt or after a retry whose
 * predecessor did get through, means the media is gone either way.
 */
export const deleteRecording = (
  ctx: CallContext,
  sid: string,
  { deadline }: CallOptions,
): Promise<Result<"deleted" | "already-gone", TwilioFailure>> => {
  const request = apiRequest(ctx, "DELETE", recordingPath(sid));
  return retried(ctx, deadline, async () => {
    const answer = await ctx.transport.exchange(request, deadline, readApiAnswer);
    if (!answer.ok) return noAnswer(answer);
    const { status } = answer.value;
    if (status >= 200 && status < 300) return done(ok("deleted" as const));
    if (status === 404) return done(ok("already-gone" as const));
    return fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
  });
};

/**
 * Pages, each fetched with its own retries. A failed page is yielded as the last item; deleted
 * recordings only come when `status: "deleted"` is asked for (Twilio leaves them out otherwise).
 */
export async function* listRecordings(
  ctx: CallContext,
  options: ListRecordingsOptions,
): AsyncGenerator<Result<RecordingPage, TwilioFailure>, void, undefined> {
  let url: string | null = options.pageUrl ?? `${ctx.baseUrl}/v1/Recordings?${listQuery(options)}`;
  for (let page = 1; url !== null; page++) {
    const request: Request = {
      method: "GET",
      url,
      describe: `GET /v1/Recordings (page ${page})`,
      authenticated: true,
    };
    const result = await fetchPage(ctx, request, options.deadline);
    yield result;
    if (!result.ok) return;
    url = result.value.nextPageUrl;
  }
}

const fetchPage = (ctx: CallContext, request: Request, deadline: number | undefined) =>
  retried(ctx, deadline, async () => {
    const answer = await ctx.transport.exchange(request, deadline, readApiAnswer);
    if (!answer.ok) return noAnswer(answer);
    const { status, body, malformed } = answer.value;
    if (status !== 200) return fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
    if (malformed) return malformedBody(request, status);
    const parsed = parseOrThrow(request, status, RecordingPageSchema, body);
    const next = parsed.meta.next_page_url;
    // Page links are absolute; following one elsewhere would hand our credentials to another host.
    if (next !== null && !sameOrigin(next, ctx.transport.origin))
      throw new TwilioResponseError(request.describe, status, "next_page_url points to another origin");
    return done(ok({ recordings: parsed.recordings.map(toTwilioRecording), nextPageUrl: next }));
  });

const sameOrigin = (url: string, origin: string): boolean =>
  URL.canParse(url) && new URL(url).origin === origin;

const listQuery = (options: ListRecordingsOptions): string => {
  const query = new URLSearchParams();
  if (options.status !== undefined) query.append("Status", options.status);
  if (options.sourceSid !== undefined) query.append("SourceSid", sidArgument("sourceSid", options.sourceSid));
  for (const sid of [options.groupingSid ?? []].flat())
    query.append("GroupingSid", sidArgument("groupingSid", sid));
  if (options.dateCreatedAfter !== undefined)
    query.append("DateCreatedAfter", wholeSecondsUp("dateCreatedAfter", options.dateCreatedAfter));
  if (options.dateCreatedBefore !== undefined)
    query.append("DateCreatedBefore", wholeSecondsUp("dateCreatedBefore", options.dateCreatedBefore));
  if (options.mediaType !== undefined) query.append("MediaType", options.mediaType);
  if (options.pageSize !== undefined) {
    if (!Number.isInteger(options.pageSize) || options.pageSize < 1 || options.pageSize > 100)
      throw new TwilioArgumentError("pageSize must be a whole number from 1 to 100");
    query.append("PageSize", String(options.pageSize));
  }
  return query.toString();
};

const sidArgument = (name: string, sid: string): string => {
  if (!isAnySid(sid)) throw new TwilioArgumentError(`${name} is not a SID`);
  return sid;
};

// Recordings carry whole-second dates: rounding a bound up keeps "created at or after" and
// "created before" exact for them (10:00:00 is before 10:00:00.5, and not at or after it).
const wholeSecondsUp = (name: string, value: string | Date): string => {
  const ms = typeof value === "string" ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new TwilioArgumentError(`${name} is not a date`);
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
};
