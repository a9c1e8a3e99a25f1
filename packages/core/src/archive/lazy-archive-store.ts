import type { ArchiveStore } from "./ports";

/**
 * An archive store that `load`s the real one on its first call and hands every call to it. For a
 * function whose runs mostly never touch the archive: what the store needs (the S3 client and
 * uploader) is loaded by the run that first uses it, not by every cold start.
 *
 * `load` runs once; if it fails, every call fails with its error (a store that could not be built
 * once, from the same code and settings, would not be built on a second try either).
 */
export const lazyArchiveStore = (load: () => Promise<ArchiveStore>): ArchiveStore => {
  let store: Promise<ArchiveStore> | undefined;
  const loaded = () => {
    store ??= load();
    return store;
  };
  return {
    presignDownload: async (key, options) => (await loaded()).presignDownload(key, options),
    upload: async (key, body, options) => (await loaded()).upload(key, body, options),
    stat: async (key) => (await loaded()).stat(key),
    open: async (key) => (await loaded()).open(key),
    remove: async (key) => (await loaded()).remove(key),
  };
};
