import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";

// Media a caller supplied (`PUT /_emulator/recordings/{Sid}/media`) lives in
// temporary files, one per recording, in a folder the emulator makes on the
// first upload and removes on reset and stop: any size, never in memory.

export interface UploadedFile {
  path: string;
  size: number;
}

export class MediaUploads {
  #dir: string | null = null;
  readonly #files = new Map<string, UploadedFile>();
  #count = 0;

  /** The recording's supplied media, if any. */
  get(sid: string): UploadedFile | undefined {
    return this.#files.get(sid);
  }

  /** Writes a body to a new file, not yet anyone's media; rejects (leaving nothing) when the body breaks off. */
  async save(sid: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<UploadedFile> {
    this.#dir ??= mkdtempSync(join(tmpdir(), "twilio-emulator-media-"));
    this.#count += 1;
    const path = join(this.#dir, `${sid}.${this.#count}`);
    try {
      await pipeline(body, createWriteStream(path));
      return { path, size: (await stat(path)).size };
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  /** Makes a saved file the recording's media; the one it replaces is removed. */
  adopt(sid: string, file: UploadedFile): void {
    const before = this.#files.get(sid);
    this.#files.set(sid, file);
    if (before) void this.discard(before);
  }

  discard(file: UploadedFile): Promise<void> {
    return rm(file.path, { force: true });
  }

  /** The recording's media is gone (deleted): its file too. */
  forget(sid: string): void {
    const file = this.#files.get(sid);
    this.#files.delete(sid);
    if (file) void this.discard(file);
  }

  /** Removes every file and the folder. */
  clear(): void {
    this.#files.clear();
    if (this.#dir !== null) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = null;
  }
}

/** Bytes [start, end) of a supplied file, read as they are sent. */
export async function* fileBytes(file: UploadedFile, start: number, end: number): AsyncGenerator<Uint8Array> {
  if (end <= start) return;
  for await (const chunk of createReadStream(file.path, { start, end: end - 1 })) yield chunk as Buffer;
}
