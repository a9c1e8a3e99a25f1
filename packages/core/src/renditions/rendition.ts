import { err, ok, type Result } from "../result";
import { type UnsupportedMedia, unsupportedMedia } from "./unsupported-media";

/**
 * Which player-friendly file a recording becomes without re-encoding. Twilio records each track
 * in its own codec; each codec goes into the one container browsers play it from: VP8 and Opus
 * into WebM, H264 into MP4, and PCMU (µ-law), which neither WebM nor MP4 carries, decoded by table
 * into plain 16-bit PCM in WAV.
 */

/** Twilio's codecs, as the index stores them lower-cased (Twilio sends both cases). */
export const RENDITION_CODECS = ["vp8", "h264", "opus", "pcmu"] as const;
export type RenditionCodec = (typeof RENDITION_CODECS)[number];

export const RENDITION_CONTAINERS = ["webm", "mp4", "wav"] as const;
export type RenditionContainer = (typeof RENDITION_CONTAINERS)[number];
export type MediaKind = "audio" | "video";

/** What one track becomes. */
export type TrackRendition = {
  codec: RenditionCodec;
  kind: MediaKind;
  container: RenditionContainer;
  contentType: string;
};

const TRACK_RENDITIONS = {
  vp8: { codec: "vp8", kind: "video", container: "webm", contentType: "video/webm" },
  opus: { codec: "opus", kind: "audio", container: "webm", contentType: "audio/webm" },
  h264: { codec: "h264", kind: "video", container: "mp4", contentType: "video/mp4" },
  pcmu: { codec: "pcmu", kind: "audio", container: "wav", contentType: "audio/wav" },
} as const satisfies { [Codec in RenditionCodec]: TrackRendition & { codec: Codec } };

const isRenditionCodec = (codec: string): codec is RenditionCodec =>
  (RENDITION_CODECS as readonly string[]).includes(codec);

/** The rendition of a track recorded in `codec` (any case); unsupported when the codec is unknown. */
export const trackRendition = (codec: string | null): Result<TrackRendition, UnsupportedMedia> => {
  const named = codec?.toLowerCase() ?? "";
  if (!isRenditionCodec(named))
    return err(
      unsupportedMedia(
        "unknown-codec",
        codec === null ? "the recording's codec is not known" : `no rendition carries ${codec} as it is`,
      ),
    );
  return ok(TRACK_RENDITIONS[named]);
};

/** One participant's audio and video codecs, either absent when the participant did not record it. */
export type ParticipantCodecs = { audio: string | null; video: string | null };

/** What a participant's tracks become together: one file, one container. */
export type ParticipantRendition = {
  container: RenditionContainer;
  contentType: string;
  audio: TrackRendition | null;
  video: TrackRendition | null;
};

/**
 * The one file a participant's audio and video share: VP8 + Opus in WebM, H264 + Opus in MP4.
 * A participant who recorded only one kind gets that track's own rendition. Anything else
 * (PCMU beside video, two codecs of the wrong kinds) cannot share a container without
 * re-encoding, and the answer says which codecs met.
 */
export const participantRendition = (
  codecs: ParticipantCodecs,
): Result<ParticipantRendition, UnsupportedMedia> => {
  const audio = codecs.audio === null ? ok(null) : ofKind("audio", codecs.audio);
  if (!audio.ok) return audio;
  const video = codecs.video === null ? ok(null) : ofKind("video", codecs.video);
  if (!video.ok) return video;
  const tracks = { audio: audio.value, video: video.value };
  if (tracks.video === null) {
    if (tracks.audio === null)
      return err(unsupportedMedia("no-media", "the participant recorded no audio and no video"));
    return ok({ container: tracks.audio.container, contentType: tracks.audio.contentType, ...tracks });
  }
  // Opus goes into MP4 as well as WebM, so the video's container is the participant's; PCMU goes
  // into neither.
  if (tracks.audio !== null && tracks.audio.container !== "webm")
    return err(
      unsupportedMedia(
        "incompatible-codecs",
        `${tracks.audio.codec} audio cannot share a file with ${tracks.video.codec} video without re-encoding`,
      ),
    );
  return ok({ container: tracks.video.container, contentType: tracks.video.contentType, ...tracks });
};

const ofKind = (kind: MediaKind, codec: string): Result<TrackRendition, UnsupportedMedia> => {
  const rendition = trackRendition(codec);
  if (!rendition.ok || rendition.value.kind === kind) return rendition;
  return err(unsupportedMedia("incompatible-codecs", `${codec} is not a ${kind} codec`));
};
