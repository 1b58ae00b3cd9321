/**
 * Errors a handler (or an adapter it calls) throws. Anything else thrown counts as
 * transient: it is retried with back-off until the retries modelled on the task run out,
 * then an incident shows it to an operator. Nothing is ever silently dropped.
 */

/** A partner system is down, slow or answered 5xx/429: retry later. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/** The data cannot be processed however often we retry: raise an incident at once. */
export class BadDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadDataError';
  }
}

/**
 * The partner answered with a business outcome (409/422 with a `code`), such as "no
 * appointment slot within the deadline". A handler that expects it turns it into a BPMN
 * error the model catches; one that does not lets it become an incident, like bad data.
 */
export class PartnerRefusal extends BadDataError {
  constructor(
    message: string,
    readonly code: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'PartnerRefusal';
  }
}
