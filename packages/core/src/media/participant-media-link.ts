import * as v from "valibot";
import type { ArchiveLinks } from "../archive/ports";
import { readParameters } from "../invalid-parameter";
import type { JobQueue } from "../jobs/ports";
import type { RawRequest } from "../query-values";
import type { RecordingStore } from "../recordings/ports";
import {
  noParticipantFile,
  type ParticipantFile,
  type ParticipantFileStore,
} from "../renditions/participant-file";
import {
  participantRecordings,
  participantTracks,
  renditionOfTracks,
  sameSources,
} from "../renditions/participant-tracks";
import { type JobClaim, queueOnce } from "../renditions/queue-once";
import { err, type Result } from "../result";
import { RoomSidSchema, sidSchema } from "../sids";
import type { MediaLinkAnswer, MediaLinkRejection } from "./media-link";
import { LINK_QUERY } from "./media-link-request";
import { renditionLink } from "./playable-link";

export type ParticipantLinkDeps = {
  recordings: Pick<RecordingStore, "listByRoom">;
  participantFiles: ParticipantFileStore;
  archive: ArchiveLinks;
  jobs: JobQueue;
  clock: () => Date;
};

/** `GET /rooms/{roomSid}/participants/{participantSid}/media`: checked in this order. */
export const ParticipantLinkRequestSchema = v.object({
  roomSid: RoomSidSchema,
  participantSid: sidSchema("participant"),
  ...LINK_QUERY,
});

export type ParticipantLinkRequest = RawRequest<
  typeof ParticipantLinkRequestSchema,
  "roomSid" | "participantSid"
>;

/**
 * A link to one file holding a participant's audio and video, aligned by their start times. Made
 * on request by a job, from the participant's recordings as indexed (`participantTracks`); while
 * it is made the caller is asked to come back. A file made of other recordings than those the
 * index now names is made again; one removed with a track's archive copy was forgotten then.
 */
export const issueParticipantMediaLink = async (
  deps: ParticipantLinkDeps,
  raw: ParticipantLinkRequest,
): Promise<Result<MediaLinkAnswer, MediaLinkRejection>> => {
  const request = readParameters(ParticipantLinkRequestSchema, raw, "query");
  if (!request.ok) return request;
  const { roomSid, participantSid, ...asked } = request.value;
  const started = deps.clock();
  const recordings = await participantRecordings(deps.recordings, roomSid, participantSid);
  if (recordings.length === 0)
    return err({ kind: "not-found", resource: "participant", sid: participantSid });
  const tracks = participantTracks(recordings);
  if (!tracks.ok)
    return err(
      tracks.error.kind === "gone"
        ? { kind: "gone", sid: participantSid }
        : { kind: "not-ready", resource: "participant", status: tracks.error.status },
    );
  const rendition = renditionOfTracks(tracks.value);
  if (!rendition.ok) return err(rendition.error);

  const file = (await deps.participantFiles.get(participantSid))?.state;
  if (file !== undefined && sameSources(file.sources, tracks.value)) {
    const { playable, unplayable } = file;
    if (playable !== null) return { ok: true, value: await renditionLink(deps, asked, playable, started) };
    if (unplayable !== null) return err(unplayable);
  }
  const claim = participantClaim(deps.participantFiles, { roomSid, participantSid }, tracks.value.sources);
  return queueOnce(deps, claim, { kind: "participant-file", roomSid, participantSid });
};

/**
 * The participant's record keeps when its file's job was queued. A record of other sources is
 * started afresh: what it says was made of recordings the file no longer holds.
 */
const participantClaim = (
  store: ParticipantFileStore,
  participant: { roomSid: string; participantSid: string },
  sources: string[],
): JobClaim<ParticipantFile> => ({
  store,
  key: participant.participantSid,
  claim: (stored, at) => {
    const current =
      stored !== undefined && sameSources(stored.sources, { sources })
        ? stored
        : { ...noParticipantFile(participant.roomSid, participant.participantSid), sources };
    return { ...current, queuedAt: at };
  },
  queuedAt: (file) => file.queuedAt,
  release: (file) => ({ ...file, queuedAt: null }),
});
