import { updateState } from "../indexing/update-state";
import type { RecordingState } from "../recordings/recording";
import type { RenditionDeps, RenditionOutcome } from "./make-rendition";
import { closeMediaSource, type MediaSource, openMediaSource } from "./media-source";
import { noParticipantFile, type ParticipantFile, type ParticipantFileStore } from "./participant-file";
import {
  type ParticipantTracks,
  participantRecordings,
  participantTracks,
  renditionOfTracks,
  sameSources,
} from "./participant-tracks";
import { type Playable, playableOf } from "./playable";
import type { AlignedMedia } from "./ports";
import { participantRenditionKey } from "./rendition-key";
import { storeRemuxed } from "./store-remuxed";
import type { UnsupportedMedia } from "./unsupported-media";

export type ParticipantFileDeps = RenditionDeps & { participantFiles: ParticipantFileStore };

/** A participant, named as its routes and jobs name it. */
export type ParticipantRef = { roomSid: string; participantSid: string };

/**
 * Makes a participant's one file (its audio and video in one container, placed by their start
 * times) and records it, as `makeRendition` does a recording's: read once, remuxed into a local
 * file, verified, uploaded to `recordings/<room>/<participant>.playable.<ext>`, then recorded
 * with the recordings it was made of. A file recorded from other recordings (a track archived
 * away since, a longer one indexed late) is made again.
 */
export const makeParticipantFile = async (
  deps: ParticipantFileDeps,
  participant: ParticipantRef,
): Promise<RenditionOutcome> => {
  const { roomSid, participantSid } = participant;
  const tracks = participantTracks(await participantRecordings(deps.recordings, roomSid, participantSid));
  if (!tracks.ok) return tracks.error;
  const file = (await deps.participantFiles.get(participantSid))?.state;
  if (file !== undefined && sameSources(file.sources, tracks.value)) {
    const { playable, unplayable } = file;
    if (playable !== null && (await deps.archive.stat(playable.key))?.size === playable.size)
      return { kind: "exists", playable };
    if (unplayable !== null) return { kind: "unsupported", unsupported: unplayable };
  }
  const rendition = renditionOfTracks(tracks.value);
  if (!rendition.ok) return record(deps, participant, tracks.value, { unplayable: rendition.error });

  const audio = await openTrack(deps, tracks.value.audio);
  const video = await openTrack(deps, tracks.value.video).catch(async (error: unknown) => {
    await closeTrack(audio);
    throw error;
  });
  for (const opened of [audio, video])
    if (opened.kind === "gone" || opened.kind === "not-ready") {
      await Promise.all([closeTrack(audio), closeTrack(video)]);
      return opened;
    }
  const { container } = rendition.value;
  const key = participantRenditionKey(roomSid, participantSid, container);
  const made = await storeRemuxed(deps, { name: participantSid, key, container }, (path) =>
    deps.remuxer.participant(
      {
        rendition: rendition.value,
        audio: aligned(audio, tracks.value.audio),
        video: aligned(video, tracks.value.video),
      },
      path,
    ),
  );
  if (!made.ok) return record(deps, participant, tracks.value, { unplayable: made.error });
  return record(deps, participant, tracks.value, { playable: playableOf(key, made.value, deps.clock()) });
};

type OpenedTrack = MediaSource | { kind: "absent" };

const openTrack = async (
  deps: ParticipantFileDeps,
  recording: RecordingState | null,
): Promise<OpenedTrack> => (recording === null ? { kind: "absent" } : openMediaSource(deps, recording));

const closeTrack = (opened: OpenedTrack): Promise<void> =>
  opened.kind === "absent" ? Promise.resolve() : closeMediaSource(opened);

const aligned = (opened: OpenedTrack, recording: RecordingState | null): AlignedMedia | null =>
  opened.kind === "media" && recording !== null
    ? { media: opened.media, offsetMs: recording.offset ?? 0 }
    : null;

/** Records what became of the participant's file, made of `tracks`, replacing what other sources made. */
const record = (
  deps: ParticipantFileDeps,
  participant: ParticipantRef,
  tracks: ParticipantTracks,
  outcome: { playable: Playable } | { unplayable: UnsupportedMedia },
): Promise<RenditionOutcome> =>
  updateState<ParticipantFile, RenditionOutcome>(
    deps.participantFiles,
    participant.participantSid,
    (stored) => {
      const base = stored?.state ?? noParticipantFile(participant.roomSid, participant.participantSid);
      const sources = { sources: tracks.sources, playable: null, unplayable: null };
      if ("playable" in outcome)
        return {
          write: { ...base, ...sources, playable: outcome.playable },
          answer: { kind: "made", playable: outcome.playable },
        };
      return {
        write: { ...base, ...sources, unplayable: outcome.unplayable },
        answer: { kind: "unsupported", unsupported: outcome.unplayable },
      };
    },
  );
