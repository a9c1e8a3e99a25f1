import type { Result } from "../../result";
import type { TwilioFailure } from "../../twilio/failures";
import type { TwilioVideo } from "../../twilio/ports";
import type { CallContext } from "./context";
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
