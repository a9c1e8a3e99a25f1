import { DISPOSITIONS } from "../../disposition";
import { err, ok, type Result } from "../../result";
import { TwilioArgumentError, TwilioResponseError } from "../../twilio/errors";
import type { TwilioFailure } from "../../twilio/failures";
import type {
  OpenMediaOptions,
  TwilioMediaLink,
  TwilioMediaLinkOptions,
  TwilioMediaStream,
} from "../../twilio/ports";
import { apiRequest, type CallContext, type ResourcePath, retried } from "./context";
import { type ApiAnswer, fromErrorAnswer, noAnswer, type Request, readApiAnswer } from "./http";
import { done, retryAfter } from "./retry";

/**
 * `GET /v1/Recordings/{Sid}/Media` (or a composition's): Twilio answers 302 with the temporary
 * link; it is read, not followed.
 */
export const mediaLink = (
  ctx: CallContext,
  resource: ResourcePath,
  { deadline, ttl = 600, disposition = "attachment", settleMs = 0 }: TwilioMediaLinkOptions,
): Promise<Result<TwilioMediaLink, TwilioFailure>> => {
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 3600)
    throw new TwilioArgumentError("ttl must be a whole number of seconds from 1 to 3600");
  if (!DISPOSITIONS.includes(disposition))
    throw new TwilioArgumentError("disposition must be attachment or inline");
  const path = `${resource.path}/Media`;
  const request = apiRequest(ctx, "GET", path, `Ttl=${ttl}&ContentDisposition=${disposition}`);
  const settleUntil = ctx.scheduler.clock() + settleMs;
  return retried(ctx, deadline, async () => {
    const answer = await ctx.transport.exchange(request, deadline, readApiAnswer);
    if (!answer.ok) return noAnswer(answer);
    const { status } = answer.value;
    if (status === 200 || (status >= 300 && status < 400))
      return done(ok({ url: linkOf(request, answer.value) }));
    if (status === 404 && ctx.scheduler.clock() < settleUntil)
      return {
        retry: true,
        failure: { kind: "not-found", message: `${request.describe} answered 404 while settling` },
        retryAfterMs: null,
        settling: true,
      };
    return fromErrorAnswer(request, answer.value, ctx.scheduler.clock());
  });
};

// Twilio documents the JSON body; `Location` carries the same link and serves as fallback.
const linkOf = (request: Request, answer: ApiAnswer): string => {
  const body = answer.body as { redirect_to?: unknown } | null;
  const link = typeof body?.redirect_to === "string" ? body.redirect_to : answer.headers.get("location");
  if (link === null || !URL.canParse(link) || !/^https?:$/.test(new URL(link).protocol))
    throw new TwilioResponseError(request.describe, answer.status, "no usable redirect_to or Location");
  return link;
};

type MediaAnswer = { status: number; response: Response } | { status: number; code: string | null };

/**
 * For archiving: gets a link, then the media itself, answering once the headers are in. The
 * deadline and timeout bound getting there; the body then belongs to the caller. The link is
 * presigned: it gets no credentials, and messages never show it.
 */
export const openMedia = async (
  ctx: CallContext,
  resource: ResourcePath,
  options: OpenMediaOptions,
): Promise<Result<TwilioMediaStream, TwilioFailure>> => {
  const link = await mediaLink(ctx, resource, { ...options, disposition: "attachment" });
  if (!link.ok) return link;
  const request: Request = {
    method: "GET",
    url: link.value.url,
    describe: `GET media of ${resource.sid}`,
    authenticated: false,
  };
  return retried(ctx, options.deadline, async () => {
    const answer = await ctx.transport.exchange(request, options.deadline, readMediaAnswer);
    if (!answer.ok) return noAnswer(answer);
    const media = answer.value;
    if ("response" in media) return done(ok(toMediaStream(media.response)));
    const message = `${request.describe} answered ${media.status}${media.code === null ? "" : ` (${media.code})`}`;
    if (media.status === 404) return done(err({ kind: "not-found", message }));
    const failure: TwilioFailure = { kind: "unavailable", status: media.status, message };
    // The media host is S3-like: 503 SlowDown and 5xx are transient; a 403 (expired or refused
    // link) would fail the same way again.
    return media.status === 429 || media.status >= 500 ? retryAfter(failure) : done(err(failure));
  });
};

const readMediaAnswer = async (response: Response): Promise<MediaAnswer> => {
  if (response.status === 200) return { status: 200, response };
  // Error bodies are S3's small XML; only its <Code> is kept.
  const text = await response.text();
  return { status: response.status, code: /<Code>([A-Za-z]{1,64})<\/Code>/.exec(text)?.[1] ?? null };
};

const toMediaStream = (response: Response): TwilioMediaStream => {
  const length = response.headers.get("content-length");
  return {
    body: response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }),
    size: length !== null && /^\d{1,16}$/.test(length) ? Number(length) : null,
    contentType: response.headers.get("content-type"),
  };
};
