import { createHash } from "node:crypto";
import type { Codec } from "./types";

// Synthetic Matroska media: a real EBML header (so sniffers and `file` call it
// Matroska/WebM), an unknown-size Segment, then deterministic filler. Byte i of
// a recording depends only on (sid, codec, i), so a consumer can verify any
// range it downloaded, and nothing is ever held in memory beyond one block.

export const BLOCK = 64 * 1024;

export const CONTENT_TYPES: Record<Codec, string> = {
  VP8: "video/webm",
  OPUS: "audio/webm",
  PCMU: "audio/x-matroska",
  H264: "video/x-matroska",
};

const element = (id: number[], payload: Buffer): Buffer =>
  Buffer.concat([Buffer.from(id), Buffer.from([0x80 | payload.length]), payload]);

const uint = (n: number): Buffer => Buffer.from([n]);

/** EBML header + Segment start; WebM DocType for VP8/Opus, Matroska otherwise. */
export const matroskaHeader = (codec: Codec): Buffer => {
  const docType = codec === "VP8" || codec === "OPUS" ? "webm" : "matroska";
  const body = Buffer.concat([
    element([0x42, 0x86], uint(1)), // EBMLVersion
    element([0x42, 0xf7], uint(1)), // EBMLReadVersion
    element([0x42, 0xf2], uint(4)), // EBMLMaxIDLength
    element([0x42, 0xf3], uint(8)), // EBMLMaxSizeLength
    element([0x42, 0x82], Buffer.from(docType, "ascii")), // DocType
    element([0x42, 0x87], uint(4)), // DocTypeVersion
    element([0x42, 0x85], uint(2)), // DocTypeReadVersion
  ]);
  const ebml = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length]), body]);
  // Segment with "unknown" size, as live-written Matroska files have.
  const segment = Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  return Buffer.concat([ebml, segment]);
};

const patterns = new Map<string, Buffer>();

/** One block of xorshift noise seeded from the SID; cached for the few SIDs in flight. */
const patternOf = (sid: string): Buffer => {
  const hit = patterns.get(sid);
  if (hit) return hit;
  const seed = createHash("sha256").update(sid).digest();
  let x = seed.readUInt32BE(0) || 1;
  const out = Buffer.allocUnsafe(BLOCK);
  for (let i = 0; i < BLOCK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32BE(x >>> 0, i);
  }
  if (patterns.size >= 32) patterns.delete(patterns.keys().next().value as string);
  patterns.set(sid, out);
  return out;
};

/**
 * Block `n` of the file: the SID's pattern with the block number (uint64 BE) in
 * its first 8 bytes, so a reordered or repeated block is detectable; block 0
 * starts with the Matroska header instead.
 */
const blockOf = (sid: string, codec: Codec, n: number): Buffer => {
  const out = Buffer.from(patternOf(sid));
  out.writeBigUInt64BE(BigInt(n), 0);
  if (n === 0) matroskaHeader(codec).copy(out, 0);
  return out;
};

/** Bytes [start, end) of a recording's media, generated block by block. */
export function* mediaBytes(sid: string, codec: Codec, start: number, end: number): Generator<Uint8Array> {
  let pos = start;
  while (pos < end) {
    const n = Math.floor(pos / BLOCK);
    const from = pos - n * BLOCK;
    const to = Math.min(BLOCK, end - n * BLOCK);
    const block = blockOf(sid, codec, n);
    yield from === 0 && to === BLOCK ? block : block.subarray(from, to);
    pos = n * BLOCK + to;
  }
}
