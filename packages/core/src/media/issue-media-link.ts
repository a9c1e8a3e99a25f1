import { mediaContentType, mediaFilename } from "../archive";
import type { Disposition } from "../disposition";
import type { IndexedState } from "../indexing/model";
import type { IndexedResource } from "../indexing/not-found";
import { err, ok, type Result } from "../result";
import type { TwilioFailure } from "../twilio/failures";
import { currentRecording } from "./current-state";
import {
  linkWindow,
  type MediaLink,
  type MediaLinkAnswer,
  type MediaLinkDeps,
  type MediaLinkRejection,
} from "./media-link";
import { type MediaLinkRequest, readMediaLinkRequest } from "./media-link-request";
import { issuePlayableLink } from "./playable-link";

// Media can answer 404 for a few seconds after `recording-completed` while it settles.
const SETTLE_MS = 5_000;
// With an archived copy to fall back on, a struggling Twilio is not worth a long wait.
const ARCHIVED_TWILIO_BUDGET_MS = 3_000;

/**
 * Issues a time-limited link to a recording's media: Twilio's own temporary URL while Twilio
 * holds the media, otherwise a presigned link to our archived copy, which also covers Twilio
 * being unreachable or gone. Recordings Twilio has but the index lacks (a lost callback) are
 * fetched, indexed and served.
 */
export const issueMediaLink = async (
  deps: MediaLinkDeps,
  raw: MediaLinkRequest,
): Promise<Result<MediaLinkAnswer, MediaLinkRejection>> => {
  const request = readMediaLinkRequest(raw);
  if (!request.ok) return request;
  const { recordingSid: sid, format, ...asked } = request.value;
  if (format === "playable") return issuePlayableLink(deps, asked, sid);
  return issueLink(deps, asked, {
    resource: "recording",
    sid,
    current: (deadline) => currentRecording(deps, sid, deadline),
    twilioLink: (options) => deps.twilio.mediaLink(sid, options),
    media: (state) => ({
      filename: mediaFilename(state),
      contentType: mediaContentType(state.codec, state.containerFormat),
    }),
  });
};

/** What issuing a link needs of one resource, whatever its kind. */
export type LinkTarget<State extends LinkedState> = {
  resource: IndexedResource;
  sid: string;
  /** The resource as indexed, refreshed from Twilio where the index may lag. */
  current(deadline: number): Promise<Result<State, MediaLinkRejection>>;
  twilioLink(options: TwilioLinkOptions): Promise<Result<{ url: string }, TwilioFailure>>;
  /** How a download of its media is named and typed. */
  media(state: State): { filename: string; contentType: string };
};

type TwilioLinkOptions = {
  ttl: number;
  disposition: Disposition;
  deadline: number;
  settleMs: number;
  accountSid: string | null;
};

/** What a link is issued for: an indexed resource, which the account that owns it serves. */
type LinkedState = IndexedState & { accountSid: string | null };

export const issueLink = async <State extends LinkedState>(
  deps: Pick<MediaLinkDeps, "archive" | "clock" | "budgetMs">,
  asked: { ttl: number; disposition: Disposition; redirect: boolean },
  target: LinkTarget<State>,
): Promise<Result<MediaLink, MediaLinkRejection>> => {
  const { ttl, disposition, redirect } = asked;
  const { sid } = target;
  const started = deps.clock();
  const deadline = started.getTime() + deps.budgetMs;
  const { issuedAt, expiresAt } = linkWindow(started, ttl);
  const known = await target.current(deadline);
  if (!known.ok) return known;
  const state = known.value;
  const media = target.media(state);
  const link = (url: string, source: MediaLink["source"]) =>
    ok({ url, expiresAt, ttl, source, contentType: media.contentType, redirect });
  const fromArchive = async () => {
    if (!state.archive) return undefined;
    const url = await deps.archive.presignDownload(state.archive.key, {
      expiresInSeconds: ttl,
      disposition,
      ...media,
      issuedAt,
    });
    return link(url, "archive");
  };

  if (state.status === "deleted") return (await fromArchive()) ?? err({ kind: "gone", sid });
  if (state.status !== "completed")
    return err({ kind: "not-ready", resource: target.resource, status: state.status });
  const twilioDeadline = state.archive
    ? Math.min(deadline, started.getTime() + ARCHIVED_TWILIO_BUDGET_MS)
    : deadline;
  const fromTwilio = await target.twilioLink({
    ttl,
    disposition,
    deadline: twilioDeadline,
    settleMs: SETTLE_MS,
    accountSid: state.accountSid,
  });
  if (fromTwilio.ok) return link(fromTwilio.value.url, "twilio");
  const archived = await fromArchive();
  if (archived) return archived;
  return fromTwilio.error.kind === "not-found"
    ? err({ kind: "gone", sid })
    : err({ kind: "twilio-failed", failure: fromTwilio.error });
};
