import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { ArchiveStore } from "../archive/ports";
import { err, ok, type Result } from "../result";
import { type PlayableSpan, playableSpanOf } from "./playable";
import type { RemuxedFile, RemuxRejection } from "./ports";
import type { RenditionContainer } from "./rendition";
import { type UnsupportedMedia, unsupportedMedia } from "./unsupported-media";

export type StoreRemuxedDeps = {
  archive: Pick<ArchiveStore, "upload">;
  /** A folder on local disk (Lambda's `/tmp`) where the file is made before it is uploaded. */
  workDir: string;
};

/** A verified rendition, stored, and where it lies in its source. */
export type StoredRendition = { key: string; size: number; contentType: string; span: PlayableSpan };

/**
 * Has `remux` write a rendition into a local file, uploads it to `key` and removes the file: the
 * stored rendition, or why none can be made of the media. A rendition that fails its check is
 * the media's fault too (remuxing it again gives the same file). An upload that fails throws.
 */
export const storeRemuxed = async (
  deps: StoreRemuxedDeps,
  target: { name: string; key: string; container: RenditionContainer },
  remux: (path: string) => Promise<Result<RemuxedFile, RemuxRejection>>,
): Promise<Result<StoredRendition, UnsupportedMedia>> => {
  // A file of its own per attempt: two jobs for one rendition may run in one process (local mode).
  const path = join(deps.workDir, `${target.name}.${randomUUID()}.${target.container}`);
  try {
    const remuxed = await remux(path);
    if (!remuxed.ok)
      return err(
        remuxed.error.kind === "unsupported-media"
          ? remuxed.error
          : unsupportedMedia("corrupt", `the rendition failed its check: ${remuxed.error.detail}`),
      );
    const { size, contentType } = remuxed.value;
    const span = playableSpanOf(remuxed.value);
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    const uploaded = await deps.archive.upload(target.key, body, { contentType, expectedSize: size });
    if (!uploaded.ok) throw new Error(`rendition ${target.key} not stored: ${uploaded.error.kind}`);
    return ok({ key: target.key, size, contentType, span });
  } finally {
    await rm(path, { force: true });
  }
};
