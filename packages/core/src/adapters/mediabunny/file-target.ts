import { type FileHandle, open } from "node:fs/promises";
import { Target } from "mediabunny";

/** How much of the file is gathered in memory before it goes to disk in one write. */
const BUFFER_BYTES = 8 * 1024 * 1024;
/** Pieces this short are copied byte by byte: cheaper than `set` for the muxer's 1-8 byte headers. */
const SMALL_PIECE = 16;

/**
 * A file on local disk for the library to write a container into, in large writes.
 *
 * The library's own `FilePathTarget` copies every piece the muxer writes (a block's header, its
 * data: four pieces a packet) and, when the muxer flushes after each packet, sorts, merges and
 * copies them again into its chunks: on a remux of hundreds of thousands of packets, a third of
 * the time. Here each piece is copied once, into a buffer that goes to disk when full; a piece
 * written where the buffer no longer is (a cluster's size, filled in once the cluster is complete;
 * the header's sizes and the Cues' place, at the end) goes to disk on its own, after what was
 * written before it.
 *
 * It implements the library's target protocol, which its typings leave out (mediabunny 1.61:
 * `_start`, `_write`, `_flush`, `_finalize`, `_close`, as its own targets do); the remuxer's tests
 * write every container through it.
 */
export class BufferedFileTarget extends Target {
  readonly #path: string;
  #file: Promise<FileHandle> | null = null;
  /** Bytes from file position `#start`, `#length` of them written so far. */
  #buffer: Uint8Array = new Uint8Array(BUFFER_BYTES);
  #start = 0;
  #length = 0;
  /** A buffer that has gone to disk and may be filled again. */
  #spare: Uint8Array | null = null;
  /** Disk writes, one after another in the order they were asked for, and how many are under way. */
  #writes: Promise<void> = Promise.resolve();
  #writing = 0;
  #failure: { error: unknown } | null = null;

  constructor(path: string) {
    super();
    this.#path = path;
  }

  _start(): void {
    this.#file = open(this.#path, "w");
    this.#file.catch(() => undefined);
  }

  _write(data: Uint8Array, position: number): void {
    const end = this.#start + this.#length;
    if (position < this.#start) {
      // Before the buffer: it went to disk already.
      const before = Math.min(data.byteLength, this.#start - position);
      this.#toDisk(data.slice(0, before), position);
      if (before < data.byteLength) this._write(data.subarray(before), position + before);
      return;
    }
    if (position - this.#start >= BUFFER_BYTES) {
      // Past the buffer's room: it goes to disk, and the next one starts here.
      this.#spill();
      this.#start = position;
    } else if (position > end) {
      // Room left for a size the muxer fills in later: zeros until then, as in a file.
      this.#buffer.fill(0, this.#length, position - this.#start);
    }
    const at = position - this.#start;
    if (at + data.byteLength <= BUFFER_BYTES) {
      // Most pieces: a block's header bytes, then its data.
      if (data.byteLength <= SMALL_PIECE)
        for (let i = 0; i < data.byteLength; i++) this.#buffer[at + i] = data[i] ?? 0;
      else this.#buffer.set(data, at);
      this.#length = Math.max(this.#length, at + data.byteLength);
      return;
    }
    const fits = BUFFER_BYTES - at;
    this.#buffer.set(data.subarray(0, fits), at);
    this.#length = BUFFER_BYTES;
    this.#spill();
    this._write(data.subarray(fits), position + fits);
  }

  /**
   * Called by the muxer after each packet. One buffer may be on its way to disk while the next
   * fills; with more under way, the muxer waits for the disk.
   */
  async _flush(): Promise<void> {
    if (this.#writing > 1) await this.#writes;
    this.#throwIfFailed();
  }

  async _finalize(): Promise<void> {
    this.#spill();
    await this.#writes;
    this.#throwIfFailed();
    await (await this.#opened()).close();
    this.#file = null;
    (this as unknown as { _emit(event: "finalized"): void })._emit("finalized");
  }

  /** Closes the file, whatever was written; also after a failure or a cancel. */
  async _close(): Promise<void> {
    await this.#writes;
    const file = this.#file;
    this.#file = null;
    await file?.then((handle) => handle.close()).catch(() => undefined);
  }

  /** Sends the buffer to disk and goes on in an empty one, starting where it ended. */
  #spill(): void {
    if (this.#length > 0) {
      const full = this.#buffer;
      this.#toDisk(full.subarray(0, this.#length), this.#start, () => {
        this.#spare = full;
      });
      this.#buffer = this.#spare ?? new Uint8Array(BUFFER_BYTES);
      this.#spare = null;
    }
    this.#start += this.#length;
    this.#length = 0;
  }

  #toDisk(bytes: Uint8Array, position: number, done?: () => void): void {
    this.#writing++;
    this.#writes = this.#writes
      .then(async () => {
        if (this.#failure !== null) return;
        const file = await this.#opened();
        await file.write(bytes, 0, bytes.byteLength, position);
        done?.();
      })
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => {
        this.#writing--;
      });
  }

  #opened(): Promise<FileHandle> {
    if (this.#file === null) throw new Error("the file target was not started");
    return this.#file;
  }

  #throwIfFailed(): void {
    if (this.#failure !== null) throw this.#failure.error;
  }
}
