/** Base of everything this module throws. Expected outcomes are `TwilioFailure` values instead. */
export class TwilioClientError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TwilioClientError";
  }
}

/**
 * Twilio answered something this client cannot have been written for: a resource that does not
 * match the documented schema, an unexpected status, a page link to another origin. Retrying
 * would not help, so it is thrown. The message names the request and the schema issue but never
 * the body, which can carry personal data (`track_name`).
 */
export class TwilioResponseError extends TwilioClientError {
  readonly status: number;

  constructor(request: string, status: number, problem: string, options?: ErrorOptions) {
    super(`${request} answered ${status}: ${problem}`, options);
    this.name = "TwilioResponseError";
    this.status = status;
  }
}

/** A call was made with arguments Twilio could never accept (a malformed SID, Ttl 0): a caller bug. */
export class TwilioArgumentError extends TwilioClientError {
  constructor(message: string) {
    super(message);
    this.name = "TwilioArgumentError";
  }
}
