import { type FileHandle, open } from "node:fs/promises";
import {
  blockTrack,
  childrenIn,
  childrenOf,
  concat,
  type Element,
  element,
  elementAt,
  headerIn,
  ID,
  MalformedEbmlError,
  readAt,
  readUint,
  simpleBlockIsKey,
  sizeWidth,
} from "./ebml";

/**
 * Seek points a player can trust, for a WebM just written.
 *
 * Blocks are timed relative to their cluster in 16 bits, so a muxer must open a new cluster
 * 32.767 s after the last one whatever frame comes next; when keyframes are further apart than
 * that (a still screen share, a frozen camera), a cluster opens with a frame that needs the ones
 * before it. mediabunny (1.61) writes a cue for every cluster, those included, and a player that
 * seeks to one decodes from the wrong place: Chromium shows a broken picture or lands elsewhere.
 *
 * This keeps the cue positions whose cluster opens, for the cued track, with a keyframe, and
 * rewrites the Cues element where it is: the bytes it no longer needs become a Void element, so
 * nothing after it moves and no size or position elsewhere changes. A file whose cues are all
 * sound is left untouched, which is what a muxer that gets this right produces.
 */
export const keepKeyframeCues = async (path: string): Promise<void> => {
  const file = await open(path, "r+");
  try {
    const segment = await segmentOf(file);
    const cues = await cuesOf(file, segment);
    if (cues === undefined) return;
    const bytes = await readAt(file, cues.dataStart, cues.end - cues.dataStart);
    const cuePoints = [...childrenIn(bytes)].filter((point) => point.id === ID.CuePoint);
    const cued = cuePoints.flatMap((point) =>
      [...childrenIn(bytes, point.dataStart, point.end)]
        .filter((child) => child.id === ID.CueTrackPositions)
        .map((child) => cuedPosition(bytes, child)),
    );
    const opensWithKey = await keyframeAnswers(file, segment, cued);
    const points: Uint8Array[] = [];
    let dropped = false;
    for (const point of cuePoints) {
      const kept: Uint8Array[] = [];
      let positions = 0;
      for (const child of childrenIn(bytes, point.dataStart, point.end)) {
        const raw = bytes.subarray(child.start, child.end);
        if (child.id !== ID.CueTrackPositions) kept.push(raw);
        else if (opensWithKey.get(keyOf(cuedPosition(bytes, child)))) {
          kept.push(raw);
          positions++;
        } else dropped = true;
      }
      if (positions > 0) points.push(element(ID.CuePoint, concat(kept)));
      else dropped = true;
    }
    if (dropped)
      await file.write(fillingCues(concat(points), cues.end - cues.start), 0, undefined, cues.start);
  } finally {
    await file.close();
  }
};

/** How many cue points (seek index entries) the WebM at `path` holds. */
export const cuePointsOf = async (path: string): Promise<number> => {
  const file = await open(path, "r");
  try {
    const cues = await cuesOf(file, await segmentOf(file));
    if (cues === undefined) return 0;
    const bytes = await readAt(file, cues.dataStart, cues.end - cues.dataStart);
    return [...childrenIn(bytes)].filter((child) => child.id === ID.CuePoint).length;
  } finally {
    await file.close();
  }
};

const segmentOf = async (file: FileHandle): Promise<Element> => {
  const { size } = await file.stat();
  for await (const top of childrenOf(file, 0, size)) if (top.id === ID.Segment) return top;
  throw new MalformedEbmlError("no Segment");
};

const firstChild = async (file: FileHandle, parent: Element, id: number): Promise<Element | undefined> => {
  for await (const child of childrenOf(file, parent.dataStart, parent.end)) if (child.id === id) return child;
  return undefined;
};

/**
 * The Segment's Cues: where its SeekHead (the Segment's first element, as muxers write it) says
 * they are, or else the first found walking the Segment's elements, one read each: the Cues are
 * written after the clusters, thousands of them in a long rendition.
 */
const cuesOf = async (file: FileHandle, segment: Element): Promise<Element | undefined> => {
  const head = await elementAt(file, segment.dataStart, segment.end);
  if (head.id === ID.SeekHead) {
    const bytes = await readAt(file, head.dataStart, head.end - head.dataStart);
    for (const seek of childrenIn(bytes)) {
      if (seek.id !== ID.Seek) continue;
      const entry = { id: -1, position: -1 };
      for (const field of childrenIn(bytes, seek.dataStart, seek.end)) {
        if (field.id === ID.SeekID) entry.id = readUint(bytes, field);
        if (field.id === ID.SeekPosition) entry.position = readUint(bytes, field);
      }
      const at = segment.dataStart + entry.position;
      if (entry.id !== ID.Cues || entry.position < 0 || at >= segment.end) continue;
      const cues = await elementAt(file, at, segment.end);
      if (cues.id === ID.Cues) return cues;
    }
  }
  return firstChild(file, segment, ID.Cues);
};

type CuedPosition = { track: number; cluster: number };

const cuedPosition = (bytes: Uint8Array, positions: Element): CuedPosition => {
  const cued = { track: -1, cluster: -1 };
  for (const child of childrenIn(bytes, positions.dataStart, positions.end)) {
    if (child.id === ID.CueTrack) cued.track = readUint(bytes, child);
    if (child.id === ID.CueClusterPosition) cued.cluster = readUint(bytes, child);
  }
  return cued;
};

/** Cluster lookups under way at once: each is a small read, and the disk answers several together. */
const LOOKUPS_AT_ONCE = 8;

const keyOf = ({ track, cluster }: CuedPosition): string => `${cluster}:${track}`;

/**
 * Whether each cued cluster's first block of the cued track is a keyframe, by `keyOf` the cue
 * position; positions count from the Segment's data.
 */
const keyframeAnswers = async (
  file: FileHandle,
  segment: Element,
  cued: readonly CuedPosition[],
): Promise<Map<string, boolean>> => {
  const unique = [...new Map(cued.map((position) => [keyOf(position), position])).values()];
  const answers = new Map<string, boolean>();
  let next = 0;
  const lookUp = async () => {
    for (let position = unique[next++]; position !== undefined; position = unique[next++])
      answers.set(
        keyOf(position),
        await firstBlockIsKey(file, segment.dataStart + position.cluster, position.track, segment.end),
      );
  };
  await Promise.all(Array.from({ length: LOOKUPS_AT_ONCE }, lookUp));
  return answers;
};

const firstBlockIsKey = async (
  file: FileHandle,
  at: number,
  track: number,
  end: number,
): Promise<boolean> => {
  if (at < 0 || at >= end) return false;
  const quick = firstBlockIsKeyIn(await readAt(file, at, Math.min(CLUSTER_HEAD_BYTES, end - at)), track);
  if (quick !== undefined) return quick;
  const cluster = await elementAt(file, at, end);
  if (cluster.id !== ID.Cluster) return false;
  for await (const child of childrenOf(file, cluster.dataStart, cluster.end)) {
    if (child.id === ID.SimpleBlock) {
      const head = await readAt(file, child.dataStart, Math.min(16, child.end - child.dataStart));
      if (blockTrack(head) === track) return simpleBlockIsKey(head);
    }
    if (child.id === ID.BlockGroup) {
      // A Block inside a group says nothing of keyframes: it is one unless it references another.
      let blockOf: number | undefined;
      let references = false;
      for await (const part of childrenOf(file, child.dataStart, child.end)) {
        if (part.id === ID.Block)
          blockOf = blockTrack(await readAt(file, part.dataStart, Math.min(8, part.end - part.dataStart)));
        if (part.id === ID.ReferenceBlock) references = true;
      }
      if (blockOf === track) return !references;
    }
  }
  return false;
};

/**
 * Bytes read at a cluster's start: its header, its Timestamp and the first block's header, as
 * muxers write them, so that one read answers for most clusters.
 */
const CLUSTER_HEAD_BYTES = 64;

/**
 * Whether the cluster whose first bytes are `head` opens, for `track`, with a keyframe; undefined
 * when those bytes do not tell (the answer lies past them, or in a BlockGroup).
 */
const firstBlockIsKeyIn = (head: Uint8Array, track: number): boolean | undefined => {
  try {
    const cluster = headerIn(head, 0);
    if (cluster.id !== ID.Cluster) return false;
    for (let at = cluster.dataStart; at < Math.min(head.length, cluster.end); ) {
      const child = headerIn(head, at);
      if (child.id === ID.BlockGroup) return undefined;
      if (child.id === ID.SimpleBlock) {
        // The track number (8 bytes at most), the relative timestamp (2) and the flags (1).
        const block = head.subarray(child.dataStart, Math.min(head.length, child.end));
        if (block.length < 11 && block.length < child.end - child.dataStart) return undefined;
        if (blockTrack(block) === track) return simpleBlockIsKey(block);
      }
      at = child.end;
    }
  } catch (error) {
    if (!(error instanceof MalformedEbmlError)) throw error;
  }
  return undefined;
};

/**
 * New Cues data as an element exactly `length` bytes long, a Void element taking up the rest.
 * One spare byte cannot hold a Void (an ID and a size at least), so then the Cues' own size is
 * written a byte wider instead.
 */
export const fillingCues = (data: Uint8Array, length: number): Uint8Array => {
  const cues = element(ID.Cues, data);
  const spare = length - cues.length;
  if (spare === 1) return element(ID.Cues, data, sizeWidth(data.length) + 1);
  let width = 1;
  while (sizeWidth(spare - 1 - width) > width) width++;
  return concat([cues, element(ID.Void, new Uint8Array(spare - 1 - width), width)]);
};
