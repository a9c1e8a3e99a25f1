import {
  EncodedAudioPacketSource,
  type EncodedPacket,
  EncodedVideoPacketSource,
  Mp4OutputFormat,
  Output,
  WebMOutputFormat,
} from "mediabunny";
import { unsupportedMedia } from "../../renditions/unsupported-media";
import { BufferedFileTarget } from "./file-target";
import {
  type FoundTrack,
  forwardPackets,
  type PacketReader,
  reading,
  UnsupportedMediaError,
} from "./media-input";

/** A track to copy, and where on a shared timeline its media's time 0 lies (its recording's `offset`). */
export type PlacedTrack = { found: FoundTrack; offsetSeconds: number };

/** What was written: the span of the packets (from 0, gaps included), and where that 0 lay. */
export type WrittenSpan = { spanSeconds: number; sourceStartSeconds: number };

/**
 * A track being copied: its next packet, where its first lies on the shared timeline, how far to
 * move its packets in time, and where they go.
 */
type Lane = {
  read: PacketReader;
  next: EncodedPacket | undefined;
  start: number;
  shift: number;
  add: (packet: EncodedPacket) => Promise<void>;
};

/**
 * Copies the tracks' packets, as they are, into one WebM or MP4 at `path` (its index at the end:
 * the library would hold the whole file in memory to put it first). The earliest track's first
 * packet, on the shared timeline, goes to time 0 and every packet moves by its track's shift, so
 * tracks keep their places relative to one another and gaps stay gaps. Packets go in in time
 * order across tracks, so the muxer, which interleaves them, holds only a few at a time.
 *
 * A video track is copied from its first keyframe: frames before it cannot be decoded.
 */
export const writeContainer = async (
  tracks: readonly PlacedTrack[],
  container: "webm" | "mp4",
  path: string,
): Promise<WrittenSpan> => {
  const target = new BufferedFileTarget(path);
  const output = new Output({
    format: container === "webm" ? new WebMOutputFormat() : new Mp4OutputFormat({ fastStart: false }),
    target,
  });
  try {
    const lanes: Lane[] = [];
    for (const placed of tracks) lanes.push(await openLane(placed, output));
    const sourceStartSeconds = Math.min(...lanes.map((lane) => lane.start));
    for (const lane of lanes) lane.shift -= sourceStartSeconds;
    await output.start();
    let spanSeconds = 0;
    for (let lane = earliest(lanes); lane?.next !== undefined; lane = earliest(lanes)) {
      const packet = lane.next.clone({ timestamp: lane.next.timestamp + lane.shift });
      await lane.add(packet);
      spanSeconds = Math.max(spanSeconds, packet.timestamp + packet.duration);
      lane.next = await lane.read();
    }
    await output.finalize();
    return { spanSeconds, sourceStartSeconds };
  } catch (error) {
    await output.cancel();
    await target._close();
    throw error;
  }
};

/** Adds the track to `output` and reads its first packet; its shift is its offset until the origin is known. */
const openLane = async ({ found, offsetSeconds }: PlacedTrack, output: Output): Promise<Lane> => {
  const { track, codec, failure } = found;
  const read = forwardPackets(found);
  let next = await read();
  while (next !== undefined && next.type !== "key") next = await read();
  if (next === undefined)
    throw new UnsupportedMediaError(unsupportedMedia("no-media", `the ${codec} track holds no keyframe`));
  let add: (packet: EncodedPacket) => Promise<void>;
  if (track.isVideoTrack() && track.codec !== null) {
    const source = new EncodedVideoPacketSource(track.codec);
    output.addVideoTrack(source);
    const decoderConfig = await reading(failure, () => track.getDecoderConfig());
    add = metaOnFirst((packet, meta) => source.add(packet, meta), decoderConfig && { decoderConfig });
  } else if (track.isAudioTrack() && track.codec !== null) {
    const source = new EncodedAudioPacketSource(track.codec);
    output.addAudioTrack(source);
    const decoderConfig = await reading(failure, () => track.getDecoderConfig());
    add = metaOnFirst((packet, meta) => source.add(packet, meta), decoderConfig && { decoderConfig });
  } else
    throw new UnsupportedMediaError(unsupportedMedia("unknown-codec", `no container here carries ${codec}`));
  return { read, next, start: offsetSeconds + next.timestamp, shift: offsetSeconds, add };
};

/** `add` that hands the muxer `meta` (the decoder's configuration) with the first packet only. */
const metaOnFirst = <Meta>(
  add: (packet: EncodedPacket, meta?: Meta) => Promise<void>,
  meta: Meta | null,
): ((packet: EncodedPacket) => Promise<void>) => {
  let first = true;
  return (packet) => {
    const given = first && meta !== null ? meta : undefined;
    first = false;
    return add(packet, given);
  };
};

/** The lane whose next packet comes first on the shared timeline; undefined when all are done. */
const earliest = (lanes: readonly Lane[]): Lane | undefined => {
  let found: Lane | undefined;
  for (const lane of lanes)
    if (
      lane.next !== undefined &&
      (found?.next === undefined || lane.next.timestamp + lane.shift < found.next.timestamp + found.shift)
    )
      found = lane;
  return found;
};
