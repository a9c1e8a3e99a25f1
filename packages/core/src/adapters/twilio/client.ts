import type { Result } from "../../result";
import type { TwilioFailure } from "../../twilio/failures";
import type { TwilioVideo } from "../../twilio/ports";
import { createComposition, deleteComposition, fetchComposition, listCompositions } from "./compositions-api";
import { type CallContext, compositionPath, recordingPath } from "./context";
import { createTransport } from "./http";
import { mediaLink, openMedia } from "./media";
import { resolveOptions, type TwilioClientOptions } from "./options";
import { deleteRecording, fetchRecording, listRecordings } from "./recordings-api";

/** Twilio Video's REST API over `fetch`: the `TwilioVideo` port as deployments use it. */
export const createTwilioClient = (options: TwilioClientOptions): TwilioVideo => {
  const resolved = resolveOptions(options);
  const transport = createTransport({ ...resolved, clock: resolved.scheduler.clock });
  const ctx: CallContext = {
    baseUrl: resolved.baseUrl,
    transport,
    policy: resolved.policy,
    scheduler: resolved.scheduler,
    observer: resolved.observer,
  };
  // Last line of defence: whatever a failure says, it goes out without the secret in it.
  const scrub = <T>(result: Result<T, TwilioFailure>): Result<T, TwilioFailure> =>
    result.ok
      ? result
      : { ok: false, error: { ...result.error, message: transport.redact(result.error.message) } };

  return {
    fetchRecording: async (sid, call = {}) => scrub(await fetchRecording(ctx, sid, call)),
    mediaLink: async (sid, call = {}) => scrub(await mediaLink(ctx, recordingPath(sid), call)),
    deleteRecording: async (sid, call = {}) => scrub(await deleteRecording(ctx, sid, call)),
    openMedia: async (sid, call = {}) => scrub(await openMedia(ctx, recordingPath(sid), call)),
    listRecordings: async function* (list = {}) {
      for await (const page of listRecordings(ctx, list)) yield scrub(page);
    },
    fetchComposition: async (sid, call = {}) => scrub(await fetchComposition(ctx, sid, call)),
    compositionMediaLink: async (sid, call = {}) => scrub(await mediaLink(ctx, compositionPath(sid), call)),
    deleteComposition: async (sid, call = {}) => scrub(await deleteComposition(ctx, sid, call)),
    openCompositionMedia: async (sid, call = {}) => scrub(await openMedia(ctx, compositionPath(sid), call)),
    listCompositions: async function* (list = {}) {
      for await (const page of listCompositions(ctx, list)) yield scrub(page);
    },
    createComposition: async (request, call = {}) => scrub(await createComposition(ctx, request, call)),
  };
};
