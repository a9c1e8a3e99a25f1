export class RenditionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RenditionError";
  }
}

/**
 * The media's bytes could not be had: a file that cannot be read, a download that broke off or
 * ended short. Not the media's fault, so worth another try; `cause` holds what failed.
 */
export class MediaSourceError extends RenditionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MediaSourceError";
  }
}
