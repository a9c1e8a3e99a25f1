import type { MediaLinkAnswer, MediaLinkRejection, PreparingSchema, Result } from "@video-recordings/core";
import type * as v from "valibot";
import type { HttpRequest } from "./_http";
import { linkMetrics, record } from "./_metrics";
import { rejected } from "./_rejections";
import { type HttpResponse, json } from "./_responses";

// API Gateway answers 504 after 30 s, and the function may have less: keep a second to answer.
const MAX_TWILIO_BUDGET_MS = 25_000;

/** How long Twilio may take, retries included, before this request must be answered. */
export const twilioBudgetMs = (request: Pick<HttpRequest, "deadline">): number =>
  Math.min(MAX_TWILIO_BUDGET_MS, request.deadline - Date.now() - 1_000);

const PREPARING: v.InferOutput<typeof PreparingSchema> = { status: "preparing" };

/**
 * A media link as the routes answer it: 200 with the link, or 302 to it when asked; 202 with
 * `Retry-After` while the file it will link to is being made. Links issued are counted by source.
 */
export const linkAnswer = (result: Result<MediaLinkAnswer, MediaLinkRejection>): HttpResponse => {
  record(linkMetrics(result));
  if (!result.ok) return rejected(result.error);
  if ("retryAfterSeconds" in result.value)
    return json(202, PREPARING, { "retry-after": String(result.value.retryAfterSeconds) });
  const { redirect, ...link } = result.value;
  return redirect ? json(302, link, { location: link.url }) : json(200, link);
};
