import {
  type EncodedPacket,
  EncodedPacketSink,
  FilePathSource,
  Input,
  type InputTrack,
  MATROSKA,
  ReadableStreamSource,
  WEBM,
} from "mediabunny";
import { MediaSourceError } from "../../renditions/errors";
import type { MediaInput } from "../../renditions/ports";
import type { MediaKind, RenditionCodec } from "../../renditions/rendition";
import { type UnsupportedMedia, unsupportedMedia } from "../../renditions/unsupported-media";

/** Carries an `UnsupportedMedia` out of deep reading code to the call that answers it as a value. */
export class UnsupportedMediaError extends Error {
  constructor(readonly unsupported: UnsupportedMedia) {
    super(`${unsupported.reason}: ${unsupported.detail}`);
    this.name = "UnsupportedMediaError";
  }
}

const unsupported = (...why: Parameters<typeof unsupportedMedia>) =>
  new UnsupportedMediaError(unsupportedMedia(...why));

/**
 * What went wrong with the bytes' source, if anything: the library reports a download breaking
 * off and media it cannot parse alike, as its own read errors, and this tells them apart.
 */
export type SourceFailure = { cause?: unknown };

/** Media opened for one pass, and its source's failure once there is one. */
export type OpenedMedia = { input: Input; failure: SourceFailure };

export const openMedia = (media: MediaInput): OpenedMedia => {
  const failure: SourceFailure = {};
  const source =
    "path" in media
      ? new FilePathSource(media.path)
      : new ReadableStreamSource(watched(media.stream, media.size, failure), {
          // A stream failing between reads is noted, and the next read fails with it.
          handleUnhandledError: (error) => {
            failure.cause ??= error;
          },
        });
  return { input: new Input({ source, formats: [MATROSKA, WEBM] }), failure };
};

/** `stream` as it is, noting in `failure` an error it throws or its ending short of `size`. */
const watched = (
  stream: ReadableStream<Uint8Array>,
  size: number | undefined,
  failure: SourceFailure,
): ReadableStream<Uint8Array> => {
  const reader = stream.getReader();
  let received = 0;
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!done) {
          received += value.byteLength;
          controller.enqueue(value);
          return;
        }
        if (size !== undefined && received < size)
          throw new MediaSourceError(`the media ended after ${received} of ${size} bytes`);
        controller.close();
      } catch (cause) {
        failure.cause = cause;
        throw cause;
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
};

/**
 * Runs one of the library's reads of the media. What it throws becomes what the caller should
 * see: the source's own failure (thrown on, as trying again may work), or the media's fault
 * (`corrupt`, answered). Writes are not run through this: their failures are never the media's.
 */
export const reading = async <T>(failure: SourceFailure, read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    if (error instanceof UnsupportedMediaError) throw error;
    if (failure.cause instanceof MediaSourceError) throw failure.cause;
    if (failure.cause !== undefined)
      throw new MediaSourceError("reading the media failed", { cause: failure.cause });
    // Node's own errors (a file that is missing or unreadable) carry a system error code.
    if (error instanceof Error && typeof (error as { code?: unknown }).code === "string")
      throw new MediaSourceError("reading the media failed", { cause: error });
    const why = error instanceof Error ? error.message : String(error);
    throw unsupported("corrupt", `the media cannot be read as Matroska: ${why}`);
  }
};

/** A track found in the media, its codec named as renditions name it. */
export type FoundTrack = { track: InputTrack; codec: RenditionCodec; failure: SourceFailure };

const CODECS_BY_LIBRARY_NAME: Readonly<Record<string, RenditionCodec>> = {
  vp8: "vp8",
  avc: "h264",
  opus: "opus",
  ulaw: "pcmu",
};

/**
 * The Matroska codec ID FFmpeg (and Windows-born muxers) give µ-law: a Windows audio format
 * (`WAVEFORMATEX`, format tag 7) in the codec private data. mediabunny 1.61 reads the packets of
 * such a track but names no codec for it, and does not expose the format tag; the recording's own
 * codec (PCMU) is what tells µ-law from the other formats this ID can carry. Should the library
 * come to name it, its name (`ulaw`) is taken above.
 */
const WINDOWS_AUDIO_CODEC_ID = "A_MS/ACM";

/** The media's one track of `kind`, which must hold `expected`. */
export const findTrack = async (
  { input, failure }: OpenedMedia,
  kind: MediaKind,
  expected: RenditionCodec,
): Promise<FoundTrack> => {
  const tracks = await reading(failure, () => input.getTracks());
  // Matroska without a single track is cut short or damaged before its first cluster.
  if (tracks.length === 0) throw unsupported("corrupt", "the media holds no tracks at all");
  const track = tracks.find((candidate) => candidate.type === kind);
  if (track === undefined) throw unsupported("no-media", `the media holds no ${kind} track`);
  const named = track.codec === null ? undefined : CODECS_BY_LIBRARY_NAME[track.codec];
  const codecId = await reading(failure, async () => track.getInternalCodecId());
  const codec = named ?? (codecId === WINDOWS_AUDIO_CODEC_ID && expected === "pcmu" ? "pcmu" : undefined);
  if (codec === undefined)
    throw unsupported("unknown-codec", `the ${kind} track holds ${track.codec ?? String(codecId)}`);
  if (codec !== expected)
    throw unsupported(
      "codec-mismatch",
      `the ${kind} track holds ${codec} where the recording says ${expected}`,
    );
  return { track, codec, failure };
};

/** The next packet of a track each call, in file order; undefined once there are no more. */
export type PacketReader = () => Promise<EncodedPacket | undefined>;

/**
 * Reads the track's packets in file order, one a call. Throws `unsupported` `timestamps-backwards`
 * at the first packet timed before the one ahead of it: Twilio's codecs have no reordered frames
 * (WebRTC sends H264 without B-frames), so time only moves forwards.
 *
 * Each packet is asked for after the one before (`getNextPacket`), not through the library's
 * `packets()` iterator: that one queues a second's worth of packets ahead of its reader, and when
 * the reader is a remux, which takes tens of thousands of packets a second, the queue and its
 * bookkeeping (array shifts) cost a 1.5-hour participant's rendition a third of its time and over
 * a hundred megabytes.
 */
export const forwardPackets = (found: FoundTrack): PacketReader => {
  const sink = new EncodedPacketSink(found.track);
  /** The packet read last; undefined before the first, null after the last. */
  let last: EncodedPacket | null | undefined;
  const following = (): Promise<EncodedPacket | null> =>
    last ? sink.getNextPacket(last) : sink.getFirstPacket();
  return async () => {
    if (last === null) return undefined;
    const packet = await reading(found.failure, following);
    if (packet !== null && last !== undefined && packet.timestamp < last.timestamp)
      throw unsupported(
        "timestamps-backwards",
        `a ${found.codec} packet at ${packet.timestamp.toFixed(3)} s follows one at ${last.timestamp.toFixed(3)} s`,
      );
    last = packet;
    return packet ?? undefined;
  };
};
