// Generated media is described as consecutive pieces (headers, frames,
// padding); a response wants bytes [start, end) of it. The window keeps only
// what falls inside and hands it out in chunks of about 64 KiB, so neither a
// ranged read nor a multi-GB file is ever built in memory.

const CHUNK = 64 * 1024;
const ZEROS = new Uint8Array(CHUNK);

export class ByteWindow {
  readonly #start: number;
  readonly #end: number;
  /** Offset in the whole file of the next piece. */
  #pos = 0;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  constructor(start: number, end: number) {
    this.#start = start;
    this.#end = end;
  }

  /** Whether everything wanted has been put. */
  get done(): boolean {
    return this.#pos >= this.#end;
  }

  /** Moves past `n` bytes when they all lie before the window, so they need not be made; false otherwise. */
  skip(n: number): boolean {
    if (this.#pos + n > this.#start) return false;
    this.#pos += n;
    return true;
  }

  /** The next piece of the file; yields full chunks. */
  *put(piece: Uint8Array): Generator<Uint8Array> {
    const from = Math.max(0, this.#start - this.#pos);
    const to = Math.min(piece.length, this.#end - this.#pos);
    this.#pos += piece.length;
    if (from >= to) return;
    const part = piece.subarray(from, to);
    // A large piece goes out as it is, uncopied; small ones are gathered so a socket sees few writes.
    if (part.length >= CHUNK) {
      yield* this.flush();
      yield part;
      return;
    }
    this.#pending.push(part);
    this.#pendingBytes += part.length;
    if (this.#pendingBytes >= CHUNK) yield* this.flush();
  }

  /** `n` zero bytes, as padding. */
  *zeros(n: number): Generator<Uint8Array> {
    for (let left = n; left > 0 && !this.done; left -= CHUNK) {
      yield* this.put(ZEROS.subarray(0, Math.min(CHUNK, left)));
    }
  }

  /** Whatever is gathered; call once all pieces are put. */
  *flush(): Generator<Uint8Array> {
    if (this.#pendingBytes === 0) return;
    const out = this.#pending.length === 1 ? this.#pending[0] : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    if (out !== undefined) yield out;
  }
}
