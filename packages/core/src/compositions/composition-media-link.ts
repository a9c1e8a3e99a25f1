import * as v from "valibot";
import type { ArchiveLinks } from "../archive/ports";
import { readParameters } from "../invalid-parameter";
import { indexedOrFetched } from "../media/current-state";
import { issueLink } from "../media/issue-media-link";
import type { MediaLink, MediaLinkRejection } from "../media/media-link";
import { LINK_QUERY } from "../media/media-link-request";
import type { RawRequest } from "../query-values";
import type { Result } from "../result";
import { timestampFromDate } from "../timestamps";
import type { TwilioVideo } from "../twilio/ports";
import { toCompositionReport } from "../twilio/twilio-composition";
import { CompositionSidSchema, type CompositionState } from "./composition";
import { compositionMediaFile } from "./composition-media-file";
import { indexCompositionReport } from "./composition-model";
import type { CompositionStore } from "./ports";

export type CompositionLinkDeps = {
  compositions: CompositionStore;
  twilio: Pick<TwilioVideo, "fetchComposition" | "compositionMediaLink">;
  archive: ArchiveLinks;
  clock: () => Date;
  budgetMs: number;
};

/** `GET /compositions/{compositionSid}/media`: the composition and the query string, in this order. */
export const CompositionLinkRequestSchema = v.object({ compositionSid: CompositionSidSchema, ...LINK_QUERY });

export type CompositionLinkRequest = RawRequest<typeof CompositionLinkRequestSchema, "compositionSid">;

/**
 * A time-limited link to a composition's media, as for recordings: Twilio's while Twilio holds
 * it, the archive's after (or while Twilio is down). Compositions Twilio has but the index lacks
 * are fetched and indexed first.
 */
export const issueCompositionMediaLink = async (
  deps: CompositionLinkDeps,
  raw: CompositionLinkRequest,
): Promise<Result<MediaLink, MediaLinkRejection>> => {
  const request = readParameters(CompositionLinkRequestSchema, raw);
  if (!request.ok) return request;
  const { compositionSid: sid, ...asked } = request.value;
  return issueLink<CompositionState>(deps, asked, {
    resource: "composition",
    sid,
    current: (deadline) => currentComposition(deps, sid, deadline),
    twilioLink: (options) => deps.twilio.compositionMediaLink(sid, options),
    media: compositionMediaFile,
  });
};

/**
 * The composition as indexed, refreshed from Twilio when the index lacks it, says it is still
 * being made, or lacks its format: callbacks do not carry it, and the link is typed by it.
 */
const currentComposition = (
  deps: CompositionLinkDeps,
  sid: string,
  deadline: number,
): Promise<Result<CompositionState, MediaLinkRejection>> =>
  indexedOrFetched({
    resource: "composition",
    sid,
    store: deps.compositions,
    settled: (state) => state.status !== "enqueued" && state.status !== "processing" && state.format !== null,
    fetch: (accountSid) => deps.twilio.fetchComposition(sid, { deadline, accountSid }),
    index: (fetched) =>
      indexCompositionReport(
        deps.compositions,
        toCompositionReport(fetched, timestampFromDate(deps.clock())),
      ),
  });
