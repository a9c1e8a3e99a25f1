/**
 * A small Matroska reader for tests, written apart from the remuxer's own: what a file's Cues
 * point at, and where its clusters' timestamps are, for checking renditions and damaging fixtures.
 * Reads a whole (small) file from memory.
 */

type Node = { id: number; dataStart: number; end: number };

const SEGMENT = 0x18538067;
const CLUSTER = 0x1f43b675;
const CLUSTER_TIMESTAMP = 0xe7;
const CUES = 0x1c53bb6b;
const CUE_POINT = 0xbb;
const CUE_TIME = 0xb3;
const CUE_TRACK_POSITIONS = 0xb7;
const CUE_TRACK = 0xf7;
const CUE_CLUSTER_POSITION = 0xf1;
const SIMPLE_BLOCK = 0xa3;
const BLOCK_GROUP = 0xa0;
const BLOCK = 0xa1;
const REFERENCE_BLOCK = 0xfb;

/** A variable-length integer at `at`: its length, and its value with or without the length marker. */
const vint = (bytes: Uint8Array, at: number, keepMarker: boolean) => {
  const first = bytes[at] ?? 0;
  let length = 1;
  while (length <= 8 && !(first & (0x100 >> length))) length++;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + (bytes[at + i] ?? 0);
    allOnes &&= bytes[at + i] === 0xff;
  }
  return { length, value, allOnes };
};

/** The elements from `from` to `to`; one of unknown size (a live-written Segment) runs to `to`. */
const children = (bytes: Uint8Array, from: number, to: number): Node[] => {
  const nodes: Node[] = [];
  for (let at = from; at < to; ) {
    const id = vint(bytes, at, true);
    const size = vint(bytes, at + id.length, false);
    const dataStart = at + id.length + size.length;
    const end = size.allOnes ? to : dataStart + size.value;
    nodes.push({ id: id.value, dataStart, end });
    at = end;
  }
  return nodes;
};

const uint = (bytes: Uint8Array, node: Node): number => {
  let value = 0;
  for (let at = node.dataStart; at < node.end; at++) value = value * 256 + (bytes[at] ?? 0);
  return value;
};

const segmentOf = (bytes: Uint8Array): Node => {
  const segment = children(bytes, 0, bytes.length).find((node) => node.id === SEGMENT);
  if (!segment) throw new Error("no Segment");
  return segment;
};

/** Where the `index`-th cluster's Timestamp value lies in the file, and how many bytes it takes. */
export const clusterTimestampAt = (bytes: Uint8Array, index: number): { at: number; length: number } => {
  const segment = segmentOf(bytes);
  const cluster = children(bytes, segment.dataStart, segment.end).filter((node) => node.id === CLUSTER)[
    index
  ];
  const timestamp =
    cluster && children(bytes, cluster.dataStart, cluster.end).find((n) => n.id === CLUSTER_TIMESTAMP);
  if (!timestamp) throw new Error(`no cluster ${index}`);
  return { at: timestamp.dataStart, length: timestamp.end - timestamp.dataStart };
};

/** How many clusters open, for `track`, with a block that is not a keyframe. */
export const clustersOpeningWithoutKeyframe = (bytes: Uint8Array, track: number): number => {
  const segment = segmentOf(bytes);
  return children(bytes, segment.dataStart, segment.end).filter(
    (node) => node.id === CLUSTER && !opensWithKeyframe(bytes, node, track),
  ).length;
};

export type CuedPosition = {
  /** Milliseconds, at the default timestamp scale. */
  time: number;
  track: number;
  /** Whether the cluster it points at opens, for that track, with a keyframe. */
  opensWithKeyframe: boolean;
};

/** Every cue position in the file. */
export const cuedPositions = (bytes: Uint8Array): CuedPosition[] => {
  const segment = segmentOf(bytes);
  const cues = children(bytes, segment.dataStart, segment.end).find((node) => node.id === CUES);
  if (!cues) return [];
  return children(bytes, cues.dataStart, cues.end)
    .filter((node) => node.id === CUE_POINT)
    .flatMap((point) => {
      const parts = children(bytes, point.dataStart, point.end);
      const timeNode = parts.find((node) => node.id === CUE_TIME);
      const time = timeNode ? uint(bytes, timeNode) : Number.NaN;
      return parts
        .filter((node) => node.id === CUE_TRACK_POSITIONS)
        .map((positions) => {
          const fields = children(bytes, positions.dataStart, positions.end);
          const field = (id: number) => {
            const node = fields.find((n) => n.id === id);
            return node ? uint(bytes, node) : Number.NaN;
          };
          const track = field(CUE_TRACK);
          const at = segment.dataStart + field(CUE_CLUSTER_POSITION);
          const [cluster] = children(bytes, at, Math.min(bytes.length, at + 12));
          const opens = cluster?.id === CLUSTER && opensWithKeyframe(bytes, cluster, track);
          return { time, track, opensWithKeyframe: opens };
        });
    });
};

/** Whether the cluster's first block of `track` is a keyframe. */
const opensWithKeyframe = (bytes: Uint8Array, cluster: Node, track: number): boolean => {
  for (const node of children(bytes, cluster.dataStart, cluster.end)) {
    if (node.id === SIMPLE_BLOCK) {
      const number = vint(bytes, node.dataStart, false);
      if (number.value === track) return ((bytes[node.dataStart + number.length + 2] ?? 0) & 0x80) !== 0;
    }
    if (node.id === BLOCK_GROUP) {
      const parts = children(bytes, node.dataStart, node.end);
      const block = parts.find((part) => part.id === BLOCK);
      if (block && vint(bytes, block.dataStart, false).value === track)
        return !parts.some((part) => part.id === REFERENCE_BLOCK);
    }
  }
  return false;
};
