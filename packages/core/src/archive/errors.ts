export class ArchiveError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ArchiveError";
  }
}

/** The archive bucket could not be reached or refused a request; `cause` holds what the SDK threw. */
export class ArchiveUnavailableError extends ArchiveError {
  constructor(operation: string, options?: ErrorOptions) {
    super(`archive.${operation} failed`, options);
    this.name = "ArchiveUnavailableError";
  }
}
