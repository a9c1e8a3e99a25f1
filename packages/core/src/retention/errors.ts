export class RetentionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RetentionError";
  }
}

/** A recording the sweep was working on left the index (its tombstone expired, or it was removed by hand). */
export class RecordingVanishedError extends RetentionError {
  constructor(sid: string) {
    super(`recording ${sid} is no longer indexed`);
    this.name = "RecordingVanishedError";
  }
}
