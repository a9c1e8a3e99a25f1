import type { ArchiveLinks } from "../archive/ports";
import type { Disposition } from "../disposition";
import type { Playable } from "../renditions/playable";
import { trackRendition } from "../renditions/rendition";
import { requestRendition } from "../renditions/request-rendition";
import { err, ok, type Result } from "../result";
import { currentRecording } from "./current-state";
import {
  linkWindow,
  type MediaLink,
  type MediaLinkAnswer,
  type MediaLinkDeps,
  type MediaLinkRejection,
} from "./media-link";

/** What the caller asked of a link, whatever it links to. */
export type LinkAsk = { ttl: number; disposition: Disposition; redirect: boolean };

/**
 * A link to a recording's player-friendly rendition (`format=playable`). Renditions live in the
 * archive alone, so the link is always the archive's. While none is stored yet, one job is
 * queued to make it and the caller is asked to come back; media that cannot be made playable
 * without re-encoding is refused with the reason.
 */
export const issuePlayableLink = async (
  deps: MediaLinkDeps,
  asked: LinkAsk,
  sid: string,
): Promise<Result<MediaLinkAnswer, MediaLinkRejection>> => {
  const started = deps.clock();
  const known = await currentRecording(deps, sid, started.getTime() + deps.budgetMs);
  if (!known.ok) return known;
  const recording = known.value;
  if (recording.playable !== null) return ok(await renditionLink(deps, asked, recording.playable, started));
  if (recording.unplayable !== null) return err(recording.unplayable);
  const rendition = trackRendition(recording.codec);
  if (!rendition.ok) return err(rendition.error);
  if (recording.archive === null) {
    if (recording.status === "deleted") return err({ kind: "gone", sid });
    if (recording.status !== "completed")
      return err({ kind: "not-ready", resource: "recording", status: recording.status });
  }
  return requestRendition({ ...deps, recordings: deps.store }, sid);
};

/** A link to a stored rendition, as the media routes answer it. */
export const renditionLink = async (
  deps: { archive: ArchiveLinks; clock: () => Date },
  asked: LinkAsk,
  playable: Playable,
  started: Date,
): Promise<MediaLink> => {
  const { ttl, disposition, redirect } = asked;
  const { issuedAt, expiresAt } = linkWindow(started, ttl);
  const url = await presignRendition(deps.archive, playable, { ttl, disposition, issuedAt });
  const { contentType } = playable;
  return { url, expiresAt, ttl, source: "archive", contentType, format: "playable", redirect };
};

/** A presigned URL of a stored rendition, named after its object (`RT….playable.webm`). */
export const presignRendition = (
  archive: ArchiveLinks,
  playable: Playable,
  link: { ttl: number; disposition: Disposition; issuedAt: Date },
): Promise<string> =>
  archive.presignDownload(playable.key, {
    expiresInSeconds: link.ttl,
    disposition: link.disposition,
    filename: playable.key.slice(playable.key.lastIndexOf("/") + 1),
    contentType: playable.contentType,
    issuedAt: link.issuedAt,
  });
