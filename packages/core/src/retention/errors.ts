import type { IndexedResource } from "../indexing/not-found";

export class RetentionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RetentionError";
  }
}

/** What the sweep was working on left the index (its tombstone expired, or it was removed by hand). */
export class VanishedFromIndexError extends RetentionError {
  constructor(resource: IndexedResource, sid: string) {
    super(`${resource} ${sid} is no longer indexed`);
    this.name = "VanishedFromIndexError";
  }
}
