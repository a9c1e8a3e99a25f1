import type { MediaBody, UploadRejection } from "../archive/ports";
import { logger } from "../log";
import { clearArchive, recordArchive } from "./archive-record";
import type { SweepContext } from "./context";
import { failed, fromTwilioFailure, type Outcome } from "./outcome";
import type { SweptKind, SweptState } from "./swept-kind";
import { refreshFromTwilio } from "./twilio-facts";

/**
 * Makes sure the recording or composition has a verified copy in the archive and the index says
 * so; answers the state with its `archive`, or how its turn ends. The copy is streamed from
 * Twilio's media link into a multipart upload (memory stays flat whatever the size), and the
 * store checks the stored object weighs exactly Twilio's `size` before it counts as a copy.
 *
 * Resumable: a copy already recorded (and still in the bucket at the media's size) is not made
 * again. A crash between the upload and the index write leaves an object nobody points at; the
 * next run uploads again to the same key, replacing it.
 */
export const ensureArchived = async (
  ctx: SweepContext,
  kind: SweptKind,
  indexed: SweptState,
): Promise<{ kind: "copied"; state: SweptState } | Outcome> => {
  const { archive } = ctx.deps;
  const counts = ctx.counts[kind.resource];
  let state = indexed;
  if (state.archive !== null) {
    const stored = await archive.stat(state.archive.key);
    const complete = stored?.size === state.archive.size && state.archive.size === state.size;
    if (complete) return { kind: "copied", state };
    // Removed or cut short by hand, a bucket restored from an older backup, or media that turned
    // out longer than the copy: while Twilio still has the media, the copy is made again rather
    // than the recording failing every run.
    logger.warn("recorded archive copy missing or short", {
      resource: kind.resource,
      sid: state.sid,
      key: state.archive.key,
    });
    await clearArchive(kind, state.sid, state.archive.key);
    state = { ...state, archive: null };
  }
  if (state.size === null) return failed("archive", "size unknown: a copy could not be verified");
  const accountSid = ctx.accountOf(state);
  const media = await kind.openMedia(state.sid, { deadline: ctx.options.deadline, accountSid });
  if (!media.ok) {
    if (media.error.kind !== "not-found") return fromTwilioFailure(ctx, "archive", media.error, accountSid);
    // No media: Twilio may have deleted it meanwhile, or the media is still settling.
    const refreshed = await refreshFromTwilio(ctx, kind, state, "archive");
    return refreshed.kind === "fresh" ? failed("archive", "media not available (yet)") : refreshed;
  }
  const { key, contentType } = kind.archiveFile(state);
  const body = media.value.body;
  let uploaded: Awaited<ReturnType<typeof archive.upload>> | undefined;
  try {
    uploaded = await archive.upload(key, body, { contentType, expectedSize: state.size });
  } finally {
    // A failed upload may leave the download open; it must not hold the connection.
    if (!uploaded?.ok) await release(body);
  }
  if (!uploaded.ok) return failed("archive", describeRejection(uploaded.error));
  const copy = { ...uploaded.value, archivedAt: ctx.now() };
  await ctx.audit({
    resource: kind.resource,
    sid: state.sid,
    roomSid: state.roomSid,
    action: "archived",
    step: "archive",
    detail: `${copy.size} bytes`,
    archiveKey: key,
  });
  const recorded = await recordArchive(kind, state.sid, copy);
  counts.archived++;
  counts.archivedBytes += copy.size;
  await queueRendition(ctx, kind, state.sid);
  return { kind: "copied", state: recorded };
};

/**
 * With `PLAYABLE=on-archive`, a fresh copy has its rendition queued; the worker reads it from the
 * copy. Best effort: the deletion waits only for the raw copy, and a rendition not queued now is
 * still made when someone asks for it.
 */
const queueRendition = async (ctx: SweepContext, kind: SweptKind, sid: string): Promise<void> => {
  const job = kind.renditionJob(sid);
  if (job === null || ctx.deps.policy.playable !== "on-archive") return;
  await ctx.deps.jobs
    .enqueue(job)
    .catch((error: unknown) =>
      logger.warn("rendition not queued", { resource: kind.resource, sid, error: String(error) }),
    );
};

const describeRejection = (rejection: UploadRejection): string =>
  rejection.kind === "size-mismatch"
    ? `size-mismatch: Twilio said ${rejection.expected} bytes, the copy had ${rejection.actual}`
    : `source-failed: ${rejection.cause instanceof Error ? rejection.cause.message : "media download broke off"}`;

const release = async (body: MediaBody): Promise<void> => {
  if (!(body instanceof ReadableStream) || body.locked) return;
  await body.cancel().catch(() => undefined);
};
