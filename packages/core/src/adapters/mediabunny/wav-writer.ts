import { EncodedAudioPacketSource, EncodedPacket, Output, WavOutputFormat } from "mediabunny";
import { unsupportedMedia } from "../../renditions/unsupported-media";
import type { WrittenSpan } from "./container-writer";
import { BufferedFileTarget } from "./file-target";
import { type FoundTrack, forwardPackets, reading, UnsupportedMediaError } from "./media-input";

/**
 * G.711 µ-law, one byte a sample, as 16-bit linear PCM: every byte's sample, worked out once.
 * A byte is stored inverted; then a sign bit, a 3-bit exponent and a 4-bit mantissa, the
 * magnitude being (mantissa · 8 + 132) · 2^exponent less the 132 that biases it.
 */
const MULAW_TO_LINEAR = Int16Array.from({ length: 256 }, (_, byte) => {
  const inverted = ~byte & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const magnitude = ((((inverted & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return inverted & 0x80 ? -magnitude : magnitude;
});

/** µ-law bytes as little-endian 16-bit samples, WAV's order. */
const decodeMulaw = (encoded: Uint8Array): Uint8Array => {
  const decoded = new DataView(new ArrayBuffer(encoded.length * 2));
  encoded.forEach((byte, index) => {
    decoded.setInt16(index * 2, MULAW_TO_LINEAR[byte] ?? 0, true);
  });
  return new Uint8Array(decoded.buffer);
};

/** A gap shorter than this is rounding between packet timestamps (whole milliseconds in Matroska), not silence. */
const GAP_SECONDS = 0.001;

/**
 * Decodes a µ-law track into 16-bit PCM in a WAV at `path`, time 0 at its first packet. WAV has
 * no timestamps, only samples one after another, so where the track has a gap (muted, no packets)
 * silence of the gap's length goes in: every sample stays at its time in the source.
 */
export const writeWav = async (found: FoundTrack, path: string): Promise<WrittenSpan> => {
  const { track } = found;
  if (!track.isAudioTrack())
    throw new UnsupportedMediaError(unsupportedMedia("no-media", "the media holds no audio track"));
  const [sampleRate, numberOfChannels] = await reading(found.failure, () =>
    Promise.all([track.getSampleRate(), track.getNumberOfChannels()]),
  );
  const target = new BufferedFileTarget(path);
  const output = new Output({ format: new WavOutputFormat(), target });
  const source = new EncodedAudioPacketSource("pcm-s16");
  output.addAudioTrack(source);
  try {
    await output.start();
    const decoderConfig = { codec: "pcm-s16", sampleRate, numberOfChannels };
    let written = 0;
    const append = async (samples: Uint8Array) => {
      const frames = samples.length / 2 / numberOfChannels;
      const packet = new EncodedPacket(samples, "key", written / sampleRate, frames / sampleRate);
      await source.add(packet, written === 0 ? { decoderConfig } : undefined);
      written += frames;
    };
    let sourceStartSeconds: number | undefined;
    const read = forwardPackets(found);
    for (let packet = await read(); packet !== undefined; packet = await read()) {
      sourceStartSeconds ??= packet.timestamp;
      const missing = Math.round((packet.timestamp - sourceStartSeconds) * sampleRate) - written;
      if (missing > GAP_SECONDS * sampleRate) await appendSilence(append, missing, decoderConfig);
      await append(
        decodeMulaw(packet.data.subarray(0, packet.data.length - (packet.data.length % numberOfChannels))),
      );
    }
    if (sourceStartSeconds === undefined)
      throw new UnsupportedMediaError(unsupportedMedia("no-media", "the pcmu track holds no packets"));
    await output.finalize();
    return { spanSeconds: written / sampleRate, sourceStartSeconds };
  } catch (error) {
    await output.cancel();
    await target._close();
    throw error;
  }
};

/** `frames` frames of silence, a second at most at a time (the same zeroed second each time). */
const appendSilence = async (
  append: (samples: Uint8Array) => Promise<void>,
  frames: number,
  format: { sampleRate: number; numberOfChannels: number },
): Promise<void> => {
  const frameBytes = 2 * format.numberOfChannels;
  const second = new Uint8Array(format.sampleRate * frameBytes);
  for (let left = frames; left > 0; left -= format.sampleRate)
    await append(second.subarray(0, Math.min(left, format.sampleRate) * frameBytes));
};
