import {
  type ParticipantCodecs,
  type ParticipantRendition,
  participantRendition,
  type RemuxedFile,
  type RemuxRejection,
  type Result,
  type TrackRendition,
  trackRendition,
} from "@video-recordings/core";

/** The file a remux answered; a test fails here, naming why, when it answered a rejection. */
export const remuxed = (result: Result<RemuxedFile, RemuxRejection>): RemuxedFile => {
  if (!result.ok) throw new Error(`not remuxed: ${JSON.stringify(result.error)}`);
  return result.value;
};

export const renditionOf = (codec: string): TrackRendition => {
  const rendition = trackRendition(codec);
  if (!rendition.ok) throw new Error(`no rendition for ${codec}`);
  return rendition.value;
};

export const participantRenditionOf = (codecs: ParticipantCodecs): ParticipantRendition => {
  const rendition = participantRendition(codecs);
  if (!rendition.ok) throw new Error(`no rendition for ${JSON.stringify(codecs)}`);
  return rendition.value;
};
