import { readFileSync } from "node:fs";
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

const ZEROS = Buffer.alloc(64 * 1024);

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
  // Matroska Void (0xEC), a global element: a 1-byte size up to 126, else an 8-byte one.
  if (n < 2) return Buffer.alloc(0);
  if (n - 2 <= 126) return Buffer.from([0xec, 0x80 | (n - 2)]);
  const element = Buffer.alloc(9);
  element[0] = 0xec;
  element.writeBigUInt64BE(BigInt(n - 9), 1);
  element[1] = 0x01;
  return element;
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
  const pieces: Array<{ at: number; bytes: Buffer | null; length: number }> = [
    { at: 0, bytes: file, length: Math.min(file.length, size) },
    { at: file.length, bytes: head, length: head.length },
    { at: file.length + head.length, bytes: null, length: Math.max(0, size - file.length - head.length) },
  ];
  for (const piece of pieces) {
    let from = Math.max(start, piece.at);
    const to = Math.min(end, piece.at + piece.length);
    while (from < to) {
      const n = Math.min(to - from, ZEROS.length);
      const offset = from - piece.at;
      yield piece.bytes === null ? ZEROS.subarray(0, n) : piece.bytes.subarray(offset, offset + n);
      from += n;
    }
  }
}
