/// <reference lib="es2024.arraybuffer" />
import type { MediaBody } from "../../archive/ports";

/** Reads a body into buffers the caller owns and reuses, one part at a time. */
export type PartReader = {
  /**
   * Fills `into` from its start and answers the filled view: as long as `into` unless the body
   * ended, and empty once it has. Throws what reading the body threw.
   */
  fill(into: Uint8Array): Promise<Uint8Array>;
  /** Stops reading early: a stream is cancelled, which lets its download go. */
  close(): Promise<void>;
};

const EMPTY = new Uint8Array(0);

/**
 * The part reader of `body`. Each chunk is copied once, into the caller's buffer. A chunk that is
 * ours alone (see `ownsChunks`) is freed as soon as it is copied: the body's chunks are the bulk
 * of what an archive run allocates, and left to the collector they pile up by tens of megabytes
 * between its passes.
 */
export const partReader = (body: MediaBody): PartReader => {
  const free = ownsChunks(body) ? release : () => undefined;
  const chunks = body[Symbol.asyncIterator]();
  /** The part of the last chunk read that is not copied yet. */
  let rest: Uint8Array = EMPTY;
  let ended = false;

  return {
    async fill(into) {
      let filled = 0;
      while (filled < into.length && !ended) {
        if (rest.length === 0) {
          let next: IteratorResult<Uint8Array>;
          try {
            next = await chunks.next();
          } catch (cause) {
            ended = true;
            throw cause;
          }
          if (next.done) ended = true;
          else rest = next.value;
          continue;
        }
        const taken = Math.min(rest.length, into.length - filled);
        into.set(rest.subarray(0, taken), filled);
        filled += taken;
        if (taken < rest.length) rest = rest.subarray(taken);
        else {
          free(rest);
          rest = EMPTY;
        }
      }
      return into.subarray(0, filled);
    },
    async close() {
      if (ended) return;
      ended = true;
      await chunks.return?.();
    },
  };
};

/**
 * Whether every chunk `body` yields is ours alone. A byte stream (fetch's response bodies are
 * byte streams) transfers each chunk's buffer away from its source as it is queued, so the reader
 * holds the only reference. Other streams and iterables may hand out views of buffers they keep.
 */
const ownsChunks = (body: MediaBody): boolean => {
  if (!(body instanceof ReadableStream)) return false;
  try {
    body.getReader({ mode: "byob" }).releaseLock();
    return true;
  } catch {
    return false;
  }
};

/** Detaches the chunk's buffer, which frees its memory now rather than at the next collection. */
const release = (chunk: Uint8Array): void => {
  const { buffer } = chunk;
  // `transfer` is Node 21's and later; Node 20 leaves the buffer to the collector.
  if (buffer instanceof ArrayBuffer && typeof buffer.transfer === "function") buffer.transfer(0);
};
