/** The job queue could not be reached or refused the job; `cause` holds what the SDK threw. */
export class QueueUnavailableError extends Error {
  constructor(options?: ErrorOptions) {
    super("the job queue is unavailable", options);
    this.name = "QueueUnavailableError";
  }
}
