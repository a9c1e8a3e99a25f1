import { err, ok, type Result } from "../../result";
import { isSid } from "../../sids";
import { TwilioArgumentError } from "../../twilio/errors";
import type { TwilioFailure } from "../../twilio/failures";
import type { CallOptions, CompositionPage, ListCompositionsOptions } from "../../twilio/ports";
import type { CompositionRequest, TwilioComposition } from "../../twilio/twilio-composition";
import {
  CompositionPageSchema,
  CompositionResourceSchema,
  toTwilioComposition,
} from "./composition-resource";
import { type CallContext, compositionPath, parseOrThrow, retried } from "./context";
import { fromErrorAnswer, malformedBody, type Request, readApiAnswer } from "./http";
import { deleteResource, fetchResource, listPages, pageSizeArgument, wholeSecondsUp } from "./resource-calls";
import { done } from "./retry";

export const fetchComposition = (
  ctx: CallContext,
  sid: string,
  { deadline }: CallOptions,
): Promise<Result<TwilioComposition, TwilioFailure>> =>
  fetchResource(ctx, compositionPath(sid), deadline, CompositionResourceSchema, toTwilioComposition);

export const deleteComposition = (
  ctx: CallContext,
  sid: string,
  { deadline }: CallOptions,
): Promise<Result<"deleted" | "already-gone", TwilioFailure>> =>
  deleteResource(ctx, compositionPath(sid), deadline);

/** Deleted compositions only come when `status: "deleted"` is asked for, as for recordings. */
export const listCompositions = (
  ctx: CallContext,
  options: ListCompositionsOptions,
): AsyncGenerator<Result<CompositionPage, TwilioFailure>, void, undefined> =>
  listPages<typeof CompositionPageSchema, CompositionPage>(
    ctx,
    {
      path: "/v1/Compositions",
      schema: CompositionPageSchema,
      toPage: (parsed) => ({ compositions: parsed.compositions.map(toTwilioComposition) }),
      nextPageUrl: (parsed) => parsed.meta.next_page_url,
    },
    { pageUrl: options.pageUrl, query: listQuery(options), deadline: options.deadline },
  );

const listQuery = (options: ListCompositionsOptions): string => {
  const query = new URLSearchParams();
  if (options.status !== undefined) query.append("Status", options.status);
  if (options.roomSid !== undefined) {
    if (!isSid("room", options.roomSid)) throw new TwilioArgumentError("roomSid is not a room SID");
    query.append("RoomSid", options.roomSid);
  }
  if (options.dateCreatedAfter !== undefined)
    query.append("DateCreatedAfter", wholeSecondsUp("dateCreatedAfter", options.dateCreatedAfter));
  if (options.dateCreatedBefore !== undefined)
    query.append("DateCreatedBefore", wholeSecondsUp("dateCreatedBefore", options.dateCreatedBefore));
  if (options.pageSize !== undefined) query.append("PageSize", pageSizeArgument(options.pageSize));
  return query.toString();
};

/**
 * `POST /v1/Compositions`. Only a 429 is retried: Twilio did not process that request. Any other
 * failure, a lost answer included, is final, since the composition may exist already and a second
 * one would be made, and billed, again.
 */
export const createComposition = (
  ctx: CallContext,
  composition: CompositionRequest,
  { deadline }: CallOptions,
): Promise<Result<TwilioComposition, TwilioFailure>> => {
  const request: Request = {
    method: "POST",
    url: `${ctx.baseUrl}/v1/Compositions`,
    describe: "POST /v1/Compositions",
    authenticated: true,
    form: creationForm(composition),
  };
  return retried(ctx, deadline, async () => {
    const answer = await ctx.transport.exchange(request, deadline, readApiAnswer);
    if (!answer.ok) return done(err({ kind: "unavailable", status: null, message: answer.message }));
    const { status, body, malformed } = answer.value;
    if (status === 429) return fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
    if (status >= 400) {
      const verdict = fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
      return verdict.retry ? done(err(verdict.failure)) : verdict;
    }
    if (malformed) {
      const verdict = malformedBody(request, status);
      return verdict.retry ? done(err(verdict.failure)) : verdict;
    }
    return done(ok(toTwilioComposition(parseOrThrow(request, status, CompositionResourceSchema, body))));
  });
};

const creationForm = (composition: CompositionRequest): string => {
  if (!isSid("room", composition.roomSid)) throw new TwilioArgumentError("roomSid is not a room SID");
  const form = new URLSearchParams({
    RoomSid: composition.roomSid,
    Format: composition.format,
    Resolution: composition.resolution,
    Trim: String(composition.trim),
  });
  if (composition.videoLayout !== undefined)
    form.append("VideoLayout", JSON.stringify(composition.videoLayout));
  for (const source of composition.audioSources ?? []) form.append("AudioSources", source);
  if (composition.statusCallback !== undefined) {
    form.append("StatusCallback", composition.statusCallback);
    form.append("StatusCallbackMethod", "POST");
  }
  return form.toString();
};
