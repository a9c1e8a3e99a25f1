import * as v from "valibot";
import type { ArchiveLinks } from "../archive/ports";
import type { Disposition } from "../disposition";
import type { IndexedResource, NotFound } from "../indexing/not-found";
import type { InvalidParameter } from "../invalid-parameter";
import type { JobQueue } from "../jobs/ports";
import type { RecordingStore } from "../recordings/ports";
import type { Preparing, QueueUnavailable } from "../renditions/queue-once";
import type { UnsupportedMedia } from "../renditions/unsupported-media";
import type { Result } from "../result";
import { TimestampSchema } from "../timestamps";
import type { TwilioFailure } from "../twilio/failures";
import type { TwilioRecording } from "../twilio/twilio-recording";
import { TtlSchema } from "./media-link-request";

/** The Twilio calls a media link needs. */
export type MediaTwilio = {
  fetchRecording(
    sid: string,
    options: { deadline: number; accountSid: string | null },
  ): Promise<Result<TwilioRecording, TwilioFailure>>;
  mediaLink(
    sid: string,
    options: {
      ttl: number;
      disposition: Disposition;
      deadline: number;
      settleMs: number;
      accountSid: string | null;
    },
  ): Promise<Result<{ url: string }, TwilioFailure>>;
};

export type MediaLinkDeps = {
  store: RecordingStore;
  twilio: MediaTwilio;
  archive: ArchiveLinks;
  /** Where rendition jobs are queued, for `format=playable`. */
  jobs: JobQueue;
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
  /** Present on links to a player-friendly rendition, which only the archive serves. */
  format: v.optional(v.literal("playable")),
});

/** The link, and whether the caller asked to be redirected to it. */
export type MediaLink = v.InferOutput<typeof MediaLinkSchema> & { redirect: boolean };

/** What the HTTP API answers (202, with `Retry-After`) while a link's file is being made. */
export const PreparingSchema = v.strictObject({ status: v.literal("preparing") });

/** A link, or word that its rendition is being made. */
export type MediaLinkAnswer = MediaLink | Preparing;

export type MediaLinkRejection =
  | InvalidParameter
  | NotFound
  | { kind: "not-ready"; resource: IndexedResource | "participant"; status: string }
  | { kind: "gone"; sid: string }
  | { kind: "twilio-failed"; failure: TwilioFailure }
  | UnsupportedMedia
  | QueueUnavailable;

/**
 * When a link issued at `started` counts from and stops working. Counting from the whole second
 * before any call keeps `expiresAt` at or before the real expiry.
 */
export const linkWindow = (started: Date, ttl: number): { issuedAt: Date; expiresAt: string } => {
  const issuedAt = new Date(Math.floor(started.getTime() / 1000) * 1000);
  return { issuedAt, expiresAt: new Date(issuedAt.getTime() + ttl * 1000).toISOString() };
};
