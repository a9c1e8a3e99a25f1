import { readFileSync } from "node:fs";
import { ByteWindow } from "./byte-window";
import { voidHeader } from "./ebml";
import type { CompositionFormat } from "./types";

// A composition's media is a real, playable file: a small committed fixture
// per format (MP4 H.264/AAC, WebM VP8/Opus; see fixtures/README.md). When a
// seeded `size` is larger, the file is padded with a box or element players
// skip (an MP4 `free` box, a Matroska `Void` element), so it stays playable
// and its byte length is still `size`. A smaller seeded size truncates it.

export const COMPOSITION_CONTENT_TYPES: Record<CompositionFormat, string> = {
  mp4: "video/mp4",
  webm: "video/webm",
};

const FIXTURES: Record<CompositionFormat, URL> = {
  mp4: new URL("../fixtures/composition.mp4", import.meta.url),
  webm: new URL("../fixtures/composition.webm", import.meta.url),
};

const loaded = new Map<CompositionFormat, Buffer>();

/** The committed file of a format, read once. */
export const compositionFixture = (format: CompositionFormat): Buffer => {
  let bytes = loaded.get(format);
  if (!bytes) {
    bytes = readFileSync(FIXTURES[format]);
    loaded.set(format, bytes);
  }
  return bytes;
};

/** The header of `n` bytes of padding in a format's own terms (the rest is zeros). */
const paddingHeader = (format: CompositionFormat, n: number): Buffer => {
  if (format === "mp4") {
    if (n < 8) return Buffer.alloc(0);
    if (n <= 0xffffffff) {
      const box = Buffer.from("\0\0\0\0free", "latin1");
      box.writeUInt32BE(n, 0);
      return box;
    }
    // A box over 4 GiB: size 1, then a 64-bit `largesize`.
    const box = Buffer.from("\0\0\0\x01free\0\0\0\0\0\0\0\0", "latin1");
    box.writeBigUInt64BE(BigInt(n), 8);
    return box;
  }
  return n < 2 ? Buffer.alloc(0) : voidHeader(n);
};

/** Bytes [start, end) of a composition's media of `size` bytes, generated piece by piece. */
export function* compositionBytes(
  format: CompositionFormat,
  size: number,
  start: number,
  end: number,
): Generator<Uint8Array> {
  const file = compositionFixture(format);
  const head = paddingHeader(format, Math.max(0, size - file.length));
  const window = new ByteWindow(start, Math.min(end, size));
  yield* window.put(file);
  yield* window.put(head);
  yield* window.zeros(size - file.length - head.length);
  yield* window.flush();
}
