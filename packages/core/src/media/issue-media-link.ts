import * as v from "valibot";
import { mediaContentType, mediaFilename } from "../archive";
import type { ArchiveLinks } from "../archive/ports";
import type { Disposition } from "../disposition";
import type { IndexedState } from "../indexing/model";
import type { IndexedResource, NotFound } from "../indexing/not-found";
import type { IndexStore } from "../indexing/ports";
import type { InvalidParameter } from "../invalid-parameter";
import { indexReport } from "../recordings/index-report";
import type { RecordingStore } from "../recordings/ports";
import type { RecordingState } from "../recordings/recording";
import { err, ok, type Result } from "../result";
import { TimestampSchema, timestampFromDate } from "../timestamps";
import type { TwilioFailure } from "../twilio/failures";
import { type TwilioRecording, toRecordingReport } from "../twilio/twilio-recording";
import { type MediaLinkRequest, readMediaLinkRequest, TtlSchema } from "./media-link-request";

/** The Twilio calls a media link needs. */
export type MediaTwilio = {
  fetchRecording(sid: string, options: { deadline: number }): Promise<Result<TwilioRecording, TwilioFailure>>;
  mediaLink(
    sid: string,
    options: { ttl: number; disposition: Disposition; deadline: number; settleMs: number },
  ): Promise<Result<{ url: string }, TwilioFailure>>;
};

export type MediaLinkDeps = {
  store: RecordingStore;
  twilio: MediaTwilio;
  archive: ArchiveLinks;
  clock: () => Date;
  /** How long Twilio may take, retries included, before the caller gets an answer. */
  budgetMs: number;
};

/** A media link as the HTTP API answers it. */
export const MediaLinkSchema = v.strictObject({
  url: v.pipe(v.string(), v.url()),
  /** No later than the moment the link stops working. */
  expiresAt: TimestampSchema,
  ttl: TtlSchema,
  source: v.picklist(["twilio", "archive"]),
  /** What the link serves, whichever source serves it. */
  contentType: v.string(),
});

/** The link, and whether the caller asked to be redirected to it. */
export type MediaLink = v.InferOutput<typeof MediaLinkSchema> & { redirect: boolean };

export type MediaLinkRejection =
  | InvalidParameter
  | NotFound
  | { kind: "not-ready"; resource: IndexedResource; status: string }
  | { kind: "gone"; sid: string }
  | { kind: "twilio-failed"; failure: TwilioFailure };

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
): Promise<Result<MediaLink, MediaLinkRejection>> => {
  const request = readMediaLinkRequest(raw);
  if (!request.ok) return request;
  const { recordingSid: sid, ...asked } = request.value;
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
export type LinkTarget<State extends IndexedState> = {
  resource: IndexedResource;
  sid: string;
  /** The resource as indexed, refreshed from Twilio where the index may lag. */
  current(deadline: number): Promise<Result<State, MediaLinkRejection>>;
  twilioLink(options: TwilioLinkOptions): Promise<Result<{ url: string }, TwilioFailure>>;
  /** How a download of its media is named and typed. */
  media(state: State): { filename: string; contentType: string };
};

type TwilioLinkOptions = { ttl: number; disposition: Disposition; deadline: number; settleMs: number };

export const issueLink = async <State extends IndexedState>(
  deps: Pick<MediaLinkDeps, "archive" | "clock" | "budgetMs">,
  asked: { ttl: number; disposition: Disposition; redirect: boolean },
  target: LinkTarget<State>,
): Promise<Result<MediaLink, MediaLinkRejection>> => {
  const { ttl, disposition, redirect } = asked;
  const { sid } = target;
  const started = deps.clock();
  const deadline = started.getTime() + deps.budgetMs;
  // Counting from the whole second before any call keeps expiresAt at or before the real expiry.
  const issuedAt = new Date(Math.floor(started.getTime() / 1000) * 1000);
  const expiresAt = new Date(issuedAt.getTime() + ttl * 1000).toISOString();
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
  });
  if (fromTwilio.ok) return link(fromTwilio.value.url, "twilio");
  const archived = await fromArchive();
  if (archived) return archived;
  return fromTwilio.error.kind === "not-found"
    ? err({ kind: "gone", sid })
    : err({ kind: "twilio-failed", failure: fromTwilio.error });
};

/**
 * The recording as indexed, refreshed from Twilio when the index lacks it or still says
 * `processing`: both are what a lost callback leaves behind.
 */
const currentRecording = (
  deps: MediaLinkDeps,
  sid: string,
  deadline: number,
): Promise<Result<RecordingState, MediaLinkRejection>> =>
  indexedOrFetched({
    resource: "recording",
    sid,
    store: deps.store,
    settled: (state) => state.status !== "processing",
    fetch: () => deps.twilio.fetchRecording(sid, { deadline }),
    index: (fetched) => indexReport(deps.store, toRecordingReport(fetched, timestampFromDate(deps.clock()))),
  });

/**
 * A resource as indexed when the index can be trusted with it (`settled`), otherwise as Twilio
 * says it is now, indexed first; the index's record still serves when Twilio cannot answer.
 */
export const indexedOrFetched = async <State extends IndexedState, Fetched>(target: {
  resource: IndexedResource;
  sid: string;
  store: Pick<IndexStore<State>, "get">;
  settled(state: State): boolean;
  fetch(): Promise<Result<Fetched, TwilioFailure>>;
  index(fetched: Fetched): Promise<unknown>;
}): Promise<Result<State, MediaLinkRejection>> => {
  const { resource, sid } = target;
  const stored = await target.store.get(sid);
  if (stored && target.settled(stored.state)) return ok(stored.state);
  const fetched = await target.fetch();
  if (!fetched.ok) {
    if (stored) return ok(stored.state);
    return fetched.error.kind === "not-found"
      ? err({ kind: "not-found", resource, sid })
      : err({ kind: "twilio-failed", failure: fetched.error });
  }
  await target.index(fetched.value);
  const indexed = await target.store.get(sid);
  if (!indexed) throw new Error(`${resource} ${sid} was indexed but cannot be read back`);
  return ok(indexed.state);
};
