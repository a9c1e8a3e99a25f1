// Just enough EBML (RFC 8794) to read the committed Matroska fixtures and to
// write Matroska the way a live recorder does. IDs are numbers with their
// marker bits kept, as the Matroska specification writes them (0x1A45DFA3).

/** The element IDs the emulator reads or writes. */
export const ID = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  ReferenceBlock: 0xfb,
  Void: 0xec,
} as const;

/** The 8-byte "unknown" size a live writer gives elements whose end it does not know yet. */
const UNKNOWN_SIZE = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

const idBytes = (id: number): Buffer => {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const out = Buffer.alloc(length);
  out.writeUIntBE(id, 0, length);
  return out;
};

/** Bytes a size takes at least: an all-ones value is reserved for "unknown". */
const sizeLength = (n: number): number => {
  let length = 1;
  while (n >= 2 ** (7 * length) - 1) length++;
  return length;
};

/** A data size as an EBML variable-length integer, `length` bytes long (at least the minimum). */
const encodeSize = (n: number, length = sizeLength(n)): Buffer => {
  const out = Buffer.alloc(length);
  let rest = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out[0] = (out[0] ?? 0) | (0x80 >> (length - 1));
  return out;
};

/** The start of an element whose size is unknown: what follows, up to a sibling or parent, is its data. */
export const openElement = (id: number): Buffer => Buffer.concat([idBytes(id), UNKNOWN_SIZE]);

export const element = (id: number, payload: Buffer, sizeBytes?: number): Buffer =>
  Buffer.concat([idBytes(id), encodeSize(payload.length, sizeBytes), payload]);

/** An unsigned integer payload in as few bytes as it needs (at least one). */
export const uint = (n: number): Buffer => {
  let length = 1;
  while (n >= 256 ** length) length++;
  const out = Buffer.alloc(length);
  out.writeUIntBE(n, 0, length);
  return out;
};

/** The header of a Void element (which readers skip) `n` bytes long in all, n ≥ 2; its payload is zeros. */
export const voidHeader = (n: number): Buffer => {
  if (n < 2) throw new RangeError(`a Void element takes at least 2 bytes, not ${n}`);
  const length = n - 2 <= 126 ? 1 : 8;
  return Buffer.concat([idBytes(ID.Void), encodeSize(n - 1 - length, length)]);
};

/** One element found while reading: its ID and where its data lies. */
export interface Found {
  id: number;
  /** Offset of the element's first byte (its ID). */
  at: number;
  start: number;
  end: number;
}

const readVint = (buf: Buffer, pos: number, keepMarker: boolean): { value: number; length: number } => {
  const first = buf[pos];
  if (first === undefined || first === 0) throw new RangeError(`no EBML variable-length integer at ${pos}`);
  const length = Math.clz32(first) - 23;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + (buf[pos + i] ?? 0);
  return { value, length };
};

/** The elements directly inside `[start, end)` of `buf`; only known sizes, as a finished file has. */
export function* children(buf: Buffer, start = 0, end = buf.length): Generator<Found> {
  let pos = start;
  while (pos < end) {
    const id = readVint(buf, pos, true);
    const size = readVint(buf, pos + id.length, false);
    const dataStart = pos + id.length + size.length;
    const dataEnd = dataStart + size.value;
    if (size.value === 2 ** (7 * size.length) - 1 || dataEnd > end) {
      throw new RangeError(`element 0x${id.value.toString(16)} at ${pos} has no size inside its parent`);
    }
    yield { id: id.value, at: pos, start: dataStart, end: dataEnd };
    pos = dataEnd;
  }
}

/** The track number, relative timestamp, flags and frame of a (Simple)Block payload without lacing. */
export const readBlock = (buf: Buffer, start: number, end: number) => {
  const track = readVint(buf, start, false);
  const at = start + track.length;
  const flags = buf[at + 2] ?? 0;
  if ((flags & 0x06) !== 0) throw new RangeError(`laced block at ${start}: not supported`);
  return { track: track.value, relative: buf.readInt16BE(at), flags, frame: buf.subarray(at + 3, end) };
};
