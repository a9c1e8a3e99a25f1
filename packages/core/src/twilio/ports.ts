import type { CompositionStatus } from "../compositions/composition-values";
import type { Disposition } from "../disposition";
import type { RecordingStatus, RecordingType } from "../recordings/recording";
import type { Result } from "../result";
import type { TwilioFailure } from "./failures";
import type { CompositionRequest, TwilioComposition } from "./twilio-composition";
import type { TwilioRecording } from "./twilio-recording";

/**
 * Twilio Video, as the domain uses it. Expected outcomes come back as `Result` values; an
 * implementation retries what is transient (429, 5xx, network, timeout) and stops before the
 * call's `deadline`. The REST client (`adapters/twilio`) implements it; tests use fakes.
 */
export type TwilioVideo = {
  fetchRecording: (sid: string, options?: CallOptions) => Promise<Result<TwilioRecording, TwilioFailure>>;
  mediaLink: (
    sid: string,
    options?: TwilioMediaLinkOptions,
  ) => Promise<Result<TwilioMediaLink, TwilioFailure>>;
  deleteRecording: (
    sid: string,
    options?: CallOptions,
  ) => Promise<Result<"deleted" | "already-gone", TwilioFailure>>;
  /** Pages in Twilio's order (newest first); iteration ends after a failed page. */
  listRecordings: (options?: ListRecordingsOptions) => AsyncIterable<Result<RecordingPage, TwilioFailure>>;
  openMedia: (sid: string, options?: OpenMediaOptions) => Promise<Result<TwilioMediaStream, TwilioFailure>>;
  fetchComposition: (sid: string, options?: CallOptions) => Promise<Result<TwilioComposition, TwilioFailure>>;
  compositionMediaLink: (
    sid: string,
    options?: TwilioMediaLinkOptions,
  ) => Promise<Result<TwilioMediaLink, TwilioFailure>>;
  deleteComposition: (
    sid: string,
    options?: CallOptions,
  ) => Promise<Result<"deleted" | "already-gone", TwilioFailure>>;
  /** Pages in Twilio's order; iteration ends after a failed page. */
  listCompositions: (
    options?: ListCompositionsOptions,
  ) => AsyncIterable<Result<CompositionPage, TwilioFailure>>;
  openCompositionMedia: (
    sid: string,
    options?: OpenMediaOptions,
  ) => Promise<Result<TwilioMediaStream, TwilioFailure>>;
  /**
   * Asks Twilio to compose. Never retried once sent, except on 429 (Twilio did not process it):
   * a lost answer may still have created the composition, and a second one would be billed twice.
   */
  createComposition: (
    request: CompositionRequest,
    options?: CallOptions,
  ) => Promise<Result<TwilioComposition, TwilioFailure>>;
};

export type CallOptions = {
  /** Epoch ms after which no retry starts (API Gateway budget, Lambda remaining time). */
  deadline?: number;
  /**
   * The account the call acts for: Twilio Video answers only to the account that owns a resource.
   * Absent or null (resources indexed before accounts were recorded): the deployment's first account.
   */
  accountSid?: string | null;
};

export type TwilioMediaLinkOptions = CallOptions & {
  /** Seconds the temporary link works, 1–3600; Twilio's default 600. */
  ttl?: number;
  /** Default `attachment` (Twilio names the file `RT….mka|mkv`). */
  disposition?: Disposition;
  /**
   * How long 404s are retried before answering `not-found`. Media can 404 for a few seconds
   * after `recording-completed` while it settles; 0 (default) answers the first 404.
   */
  settleMs?: number;
};

export type TwilioMediaLink = { url: string };

export type OpenMediaOptions = Omit<TwilioMediaLinkOptions, "disposition">;

export type TwilioMediaStream = {
  /** Not buffered: the caller streams it on (S3 multipart) or cancels it. */
  body: ReadableStream<Uint8Array>;
  /** `Content-Length`, when the media host sent one. */
  size: number | null;
  contentType: string | null;
};

export type ListRecordingsOptions = CallOptions & {
  status?: RecordingStatus;
  /** Inclusive. Twilio compares whole seconds, so a fraction rounds up. */
  dateCreatedAfter?: string | Date;
  /** Exclusive. Twilio compares whole seconds, so a fraction rounds up. */
  dateCreatedBefore?: string | Date;
  /** Room or participant SIDs; a recording must match every one. */
  groupingSid?: string | readonly string[];
  sourceSid?: string;
  mediaType?: RecordingType;
  /** 1–100, Twilio's default 50. */
  pageSize?: number;
  /** A page's `nextPageUrl`, to continue a listing (e.g. in the next Lambda invocation). */
  pageUrl?: string;
};

export type RecordingPage = { recordings: TwilioRecording[]; nextPageUrl: string | null };

export type ListCompositionsOptions = CallOptions & {
  status?: CompositionStatus;
  roomSid?: string;
  /** Inclusive. */
  dateCreatedAfter?: string | Date;
  /** Exclusive. */
  dateCreatedBefore?: string | Date;
  /** 1–100, Twilio's default 50. */
  pageSize?: number;
  /** A page's `nextPageUrl`, to continue a listing. */
  pageUrl?: string;
};

export type CompositionPage = { compositions: TwilioComposition[]; nextPageUrl: string | null };
