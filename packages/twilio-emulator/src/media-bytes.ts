import { createHash } from "node:crypto";
import { ByteWindow } from "./byte-window";
import { element, ID, openElement, uint, voidHeader } from "./ebml";
import { type TrackFixture, trackFixture } from "./track-fixtures";
import type { Codec, Gap } from "./types";

// A recording's media: real Matroska in its codec, written as Twilio's live
// recorder writes it. The Segment and its Clusters have unknown sizes, there is
// no Duration, no Cues and no SeekHead, the first timestamp is not zero, and a
// muted stretch is a gap with no packets. The frames are a short committed
// clip's, repeated with advancing timestamps, one cluster per repetition; the
// bytes are a pure function of the description below, so any range can be made
// on demand, in order, without holding the file.

export const CONTENT_TYPES: Record<Codec, string> = {
  VP8: "video/webm",
  OPUS: "audio/webm",
  PCMU: "audio/x-matroska",
  H264: "video/x-matroska",
};

/** What a recording's generated media follows from. */
export interface TrackMedia {
  /** The recording SID; it sets the first timestamp, so two recordings' files differ. */
  sid: string;
  codec: Codec;
  /** Seconds from the first packet to the end of the last one, gap included. */
  duration: number;
  /** A stretch without packets, as when the track was muted. */
  gap?: Gap | null;
  /** Bytes served; more than the media's own length pads it with a Void element, fewer cut it short. */
  size?: number;
}

const APP = Buffer.from("twilio-emulator", "ascii");

/** Timestamp of the first packet, ms: 250–2249, derived from the SID. */
export const firstTimestampMs = (sid: string): number =>
  250 + (createHash("sha256").update(sid).digest().readUInt32BE(0) % 2000);

/**
 * EBML header, Segment of unknown size, Info (no Duration) and the clip's Tracks.
 * `wide` spends one more byte on the EBML header's size, for a file that must be
 * exactly one byte longer than its media (a Void element takes at least two).
 */
const header = (codec: Codec, fixture: TrackFixture, wide: boolean): Buffer => {
  const docType = codec === "VP8" || codec === "OPUS" ? "webm" : "matroska";
  const ebml = Buffer.concat([
    element(ID.EBMLVersion, uint(1)),
    element(ID.EBMLReadVersion, uint(1)),
    element(ID.EBMLMaxIDLength, uint(4)),
    element(ID.EBMLMaxSizeLength, uint(8)),
    element(ID.DocType, Buffer.from(docType, "ascii")),
    element(ID.DocTypeVersion, uint(4)),
    element(ID.DocTypeReadVersion, uint(2)),
  ]);
  const info = Buffer.concat([
    element(ID.TimestampScale, uint(1_000_000)),
    element(ID.MuxingApp, APP),
    element(ID.WritingApp, APP),
  ]);
  return Buffer.concat([
    element(ID.EBML, ebml, wide ? 2 : undefined),
    openElement(ID.Segment),
    element(ID.Info, info),
    fixture.tracks,
  ]);
};

interface Cluster {
  /** Absolute timestamp, ms. */
  at: number;
  /** How many of the clip's frames it holds, from the first. */
  frames: number;
}

const clusterHeader = (at: number): Buffer =>
  Buffer.concat([openElement(ID.Cluster), element(ID.Timestamp, uint(at))]);

const clusterBytes = (c: Cluster, fixture: TrackFixture): number =>
  clusterHeader(c.at).length + (fixture.ends[c.frames] ?? 0);

/** The clusters in order: the clip repeated over each stretch with packets, cut at the stretch's end. */
function* clustersOf(media: TrackMedia, fixture: TrackFixture): Generator<Cluster> {
  const first = firstTimestampMs(media.sid);
  const total = Math.round(media.duration * 1000);
  const gap = media.gap ?? null;
  const stretches =
    gap === null
      ? [[0, total]]
      : [
          [0, Math.round(gap.at * 1000)],
          [Math.round((gap.at + gap.seconds) * 1000), total],
        ];
  for (const [from = 0, to = 0] of stretches) {
    for (let loop = from; loop < to; loop += fixture.loopMs) {
      let frames = 0;
      while (frames < fixture.at.length && loop + (fixture.at[frames] ?? 0) < to) frames++;
      yield { at: first + loop, frames };
    }
  }
}

/** The media's own length in bytes, worked out from the layout without making it. */
export const mediaLength = (media: TrackMedia): number => {
  const fixture = trackFixture(media.codec);
  let length = header(media.codec, fixture, false).length;
  for (const c of clustersOf(media, fixture)) length += clusterBytes(c, fixture);
  return length;
};

/** Bytes [start, end) of the media (of `media.size` bytes when given), generated piece by piece. */
export function* mediaBytes(
  media: TrackMedia,
  start = 0,
  end = Number.POSITIVE_INFINITY,
): Generator<Uint8Array> {
  const fixture = trackFixture(media.codec);
  const own = mediaLength(media);
  const size = media.size ?? own;
  const padding = size - own;
  const window = new ByteWindow(start, Math.min(end, size));
  yield* window.put(header(media.codec, fixture, padding === 1));
  for (const c of clustersOf(media, fixture)) {
    if (window.done) break;
    if (window.skip(clusterBytes(c, fixture))) continue;
    yield* window.put(clusterHeader(c.at));
    yield* window.put(fixture.blocks.subarray(0, fixture.ends[c.frames]));
  }
  if (padding >= 2) {
    const head = voidHeader(padding);
    yield* window.put(head);
    yield* window.zeros(padding - head.length);
  }
  yield* window.flush();
}
