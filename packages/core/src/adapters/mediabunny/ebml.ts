import type { FileHandle } from "node:fs/promises";

/**
 * Just enough EBML (Matroska's binary layout) to read a written WebM back and rewrite its Cues:
 * element headers, unsigned integers, block headers. Elements are `ID, size, data`; IDs and
 * sizes are variable-length integers whose first byte's leading zeros give their length.
 */

export const ID = {
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Cluster: 0x1f43b675,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  ReferenceBlock: 0xfb,
  Void: 0xec,
} as const;

/** An element's place in a file or buffer: its header starts at `start`, its data spans `dataStart`–`end`. */
export type Element = { id: number; start: number; dataStart: number; end: number };

/** An ID (4 bytes at most) and a size (8 at most). */
const MAX_HEADER = 12;

export class MalformedEbmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedEbmlError";
  }
}

const vintLength = (first: number | undefined): number => {
  if (first === undefined || first === 0) throw new MalformedEbmlError("invalid variable-length integer");
  return Math.clz32(first) - 23;
};

/** Reads the element header at `at` in `bytes`; `start` is where `bytes[0]` lies in its file. */
const headerAt = (bytes: Uint8Array, at: number, start: number): Element => {
  const idLength = vintLength(bytes[at]);
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + (bytes[at + i] ?? 0);
  const sizeAt = at + idLength;
  const sizeLength = vintLength(bytes[sizeAt]);
  if (sizeAt + sizeLength > bytes.length) throw new MalformedEbmlError("element header cut short");
  let size = (bytes[sizeAt] ?? 0) & (0xff >> sizeLength);
  let unknown = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const byte = bytes[sizeAt + i] ?? 0;
    size = size * 256 + byte;
    unknown &&= byte === 0xff;
  }
  // Live-written files leave sizes unknown; the files read here are the ones just written, with sizes.
  if (unknown) throw new MalformedEbmlError("element of unknown size");
  const dataStart = start + sizeAt + sizeLength;
  return { id, start: start + at, dataStart, end: dataStart + size };
};

/**
 * The header of the element at `at` in `bytes` (offsets within `bytes`); its data may run past
 * their end. Throws `MalformedEbmlError` when the header itself does not fit.
 */
export const headerIn = (bytes: Uint8Array, at: number): Element => {
  if (at >= bytes.length) throw new MalformedEbmlError("element header cut short");
  return headerAt(bytes, at, 0);
};

/** The elements one after another in `bytes` from `from` to `to` (offsets within `bytes`). */
export function* childrenIn(bytes: Uint8Array, from = 0, to = bytes.length): Generator<Element> {
  for (let at = from; at < to; ) {
    const element = headerAt(bytes, at, 0);
    if (element.end > to) throw new MalformedEbmlError("element runs past its parent");
    yield element;
    at = element.end;
  }
}

/** Reads `length` bytes at `position`, fewer at the end of the file. */
export const readAt = async (file: FileHandle, position: number, length: number): Promise<Uint8Array> => {
  const buffer = new Uint8Array(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
};

/** The element whose header is at `at` in a file, which must end by `to`. */
export const elementAt = async (file: FileHandle, at: number, to: number): Promise<Element> => {
  const element = headerAt(await readAt(file, at, Math.min(MAX_HEADER, to - at)), 0, at);
  if (element.end > to) throw new MalformedEbmlError("element runs past its parent");
  return element;
};

/** The elements one after another in a file from `from` to `to`, read header by header. */
export async function* childrenOf(file: FileHandle, from: number, to: number): AsyncGenerator<Element> {
  for (let at = from; at < to; ) {
    const element = await elementAt(file, at, to);
    yield element;
    at = element.end;
  }
}

export const readUint = (bytes: Uint8Array, element: Element): number => {
  let value = 0;
  for (let at = element.dataStart; at < element.end; at++) value = value * 256 + (bytes[at] ?? 0);
  return value;
};

/** A block's track number: the variable-length integer its data opens with. */
export const blockTrack = (data: Uint8Array): number => {
  const length = vintLength(data[0]);
  let track = (data[0] ?? 0) & (0xff >> length);
  for (let i = 1; i < length; i++) track = track * 256 + (data[i] ?? 0);
  return track;
};

/** A SimpleBlock's flags byte: after the track number and the 16-bit relative timestamp. */
export const simpleBlockIsKey = (data: Uint8Array): boolean =>
  ((data[vintLength(data[0]) + 2] ?? 0) & 0x80) !== 0;

const idBytes = (id: number): number[] => {
  const bytes: number[] = [];
  for (let rest = id; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return bytes;
};

/** A size as a variable-length integer `width` bytes long (wider than needed is allowed). */
const sizeBytes = (size: number, width: number): number[] => {
  const bytes: number[] = [];
  let rest = size;
  for (let i = 0; i < width; i++) {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  }
  bytes[0] = (bytes[0] ?? 0) | (0x80 >> (width - 1));
  return bytes;
};

/** The narrowest size width for `size` (all value bits set means "unknown", so one byte more then). */
export const sizeWidth = (size: number): number => {
  let width = 1;
  while (size >= 2 ** (7 * width) - 1) width++;
  return width;
};

/** An element's bytes: ID, size `width` bytes wide (the narrowest unless given), data. */
export const element = (id: number, data: Uint8Array, width = sizeWidth(data.length)): Uint8Array => {
  const header = [...idBytes(id), ...sizeBytes(data.length, width)];
  const bytes = new Uint8Array(header.length + data.length);
  bytes.set(header);
  bytes.set(data, header.length);
  return bytes;
};

export const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
};
