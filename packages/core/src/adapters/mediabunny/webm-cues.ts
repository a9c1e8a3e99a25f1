import { type FileHandle, open } from "node:fs/promises";
import {
  blockTrack,
  childrenIn,
  childrenOf,
  concat,
  type Element,
  element,
  elementAt,
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
    const cues = await firstChild(file, segment, ID.Cues);
    if (cues === undefined) return;
    const bytes = await readAt(file, cues.dataStart, cues.end - cues.dataStart);
    const opensWithKey = keyframeLookup(file, segment);
    const points: Uint8Array[] = [];
    let dropped = false;
    for (const point of childrenIn(bytes)) {
      if (point.id !== ID.CuePoint) continue;
      const kept: Uint8Array[] = [];
      let positions = 0;
      for (const child of childrenIn(bytes, point.dataStart, point.end)) {
        const raw = bytes.subarray(child.start, child.end);
        if (child.id !== ID.CueTrackPositions) kept.push(raw);
        else if (await opensWithKey(cuedPosition(bytes, child))) {
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
    const cues = await firstChild(file, await segmentOf(file), ID.Cues);
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

type CuedPosition = { track: number; cluster: number };

const cuedPosition = (bytes: Uint8Array, positions: Element): CuedPosition => {
  const cued = { track: -1, cluster: -1 };
  for (const child of childrenIn(bytes, positions.dataStart, positions.end)) {
    if (child.id === ID.CueTrack) cued.track = readUint(bytes, child);
    if (child.id === ID.CueClusterPosition) cued.cluster = readUint(bytes, child);
  }
  return cued;
};

/** Whether a cued cluster's first block of the cued track is a keyframe; positions count from the Segment's data. */
const keyframeLookup = (file: FileHandle, segment: Element) => {
  const known = new Map<string, boolean>();
  return async ({ track, cluster }: CuedPosition): Promise<boolean> => {
    const key = `${cluster}:${track}`;
    let answer = known.get(key);
    if (answer === undefined) {
      answer = await firstBlockIsKey(file, segment.dataStart + cluster, track, segment.end);
      known.set(key, answer);
    }
    return answer;
  };
};

const firstBlockIsKey = async (
  file: FileHandle,
  at: number,
  track: number,
  end: number,
): Promise<boolean> => {
  if (at < 0 || at >= end) return false;
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
