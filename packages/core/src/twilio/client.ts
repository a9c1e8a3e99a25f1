import type { Result } from "../result";
import type { CallContext, CallOptions } from "./context";
import type { TwilioFailure } from "./failures";
import { createTransport } from "./http";
import {
  mediaLink,
  type OpenMediaOptions,
  openMedia,
  type TwilioMediaLink,
  type TwilioMediaLinkOptions,
  type TwilioMediaStream,
} from "./media";
import { resolveOptions, type TwilioClientOptions } from "./options";
import type { TwilioRecording } from "./recording-resource";
import {
  deleteRecording,
  fetchRecording,
  type ListRecordingsOptions,
  listRecordings,
  type RecordingPage,
} from "./recordings-api";

/**
 * Twilio Video's recording calls. Expected outcomes come back as `Result` values; every call
 * retries what is transient (429, 5xx, network, timeout) and stops before its `deadline`.
 */
export type TwilioClient = {
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
};

export const createTwilioClient = (options: TwilioClientOptions): TwilioClient => {
  const resolved = resolveOptions(options);
  const transport = createTransport({ ...resolved, clock: resolved.scheduler.clock });
  const ctx: CallContext = {
    baseUrl: resolved.baseUrl,
    transport,
    policy: resolved.policy,
    scheduler: resolved.scheduler,
  };
  // Last line of defence: whatever a failure says, it goes out without the secret in it.
  const scrub = <T>(result: Result<T, TwilioFailure>): Result<T, TwilioFailure> =>
    result.ok
      ? result
      : { ok: false, error: { ...result.error, message: transport.redact(result.error.message) } };

  return {
    fetchRecording: async (sid, call = {}) => scrub(await fetchRecording(ctx, sid, call)),
    mediaLink: async (sid, call = {}) => scrub(await mediaLink(ctx, sid, call)),
    deleteRecording: async (sid, call = {}) => scrub(await deleteRecording(ctx, sid, call)),
    openMedia: async (sid, call = {}) => scrub(await openMedia(ctx, sid, call)),
    listRecordings: async function* (list = {}) {
      for await (const page of listRecordings(ctx, list)) yield scrub(page);
    },
  };
};
