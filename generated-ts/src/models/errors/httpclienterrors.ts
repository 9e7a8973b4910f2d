/**
 * Errors for calls that produced no usable HTTP response: the request could
 * not be built or sent, took too long, or was cancelled. They are returned as
 * `Result` errors, never thrown by the SDK functions.
 */

import { describeError } from "../../lib/errortext.js";

/** What an HTTP client error is built from. */
export type HTTPClientErrorOptions = {
  /** The underlying fault, kept for debugging. */
  cause?: unknown;
  /**
   * Text appended to the message in place of the cause's own message; the SDK
   * uses it to pass text it has already checked to be free of secrets.
   */
  detail?: string;
};

/** Options of the errors that also count the attempts made. */
export type AttemptsErrorOptions = HTTPClientErrorOptions & {
  /** How many attempts were made, retries included. Defaults to 1. */
  attempts?: number;
};

/**
 * Base class of the HTTP client errors, so callers can catch them all at
 * once. Its message is `"<message>: <detail or cause message>"`.
 */
export class HTTPClientError extends Error {
  /** The underlying fault, if any. */
  declare readonly cause: unknown;
  override name = "HTTPClientError";

  constructor(message: string, options: HTTPClientErrorOptions = {}) {
    const detail =
      options.detail ?? (options.cause === undefined ? "" : describeError(options.cause));
    super(
      detail ? `${message}: ${detail}` : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
  }
}

/** A fault the SDK did not anticipate, e.g. a custom fetcher that threw an unknown error. */
export class UnexpectedClientError extends HTTPClientError {
  override name = "UnexpectedClientError" as const;

  constructor(options?: HTTPClientErrorOptions) {
    super("Unexpected HTTP client error", options);
  }
}

/** The request could not be built, e.g. no valid base URL or an invalid header value. */
export class InvalidRequestError extends HTTPClientError {
  override name = "InvalidRequestError" as const;

  constructor(options?: HTTPClientErrorOptions) {
    super("Invalid request", options);
  }
}

/** The caller's `AbortSignal` fired. Never retried. */
export class RequestAbortedError extends HTTPClientError {
  override name = "RequestAbortedError" as const;

  constructor(options?: HTTPClientErrorOptions) {
    super("Request aborted by client", options);
  }
}

/**
 * An attempt exceeded `timeoutMs`, or the retry budget (`maxElapsedTime`) ran
 * out while an attempt was in flight.
 */
export class RequestTimeoutError extends HTTPClientError {
  override name = "RequestTimeoutError" as const;
  /** How many attempts were made, retries included. */
  readonly attempts: number;

  constructor(options: AttemptsErrorOptions = {}) {
    super("Request timed out", options);
    this.attempts = options.attempts ?? 1;
  }
}

/** No response arrived: connection refused, reset, or cut while the body was read. */
export class ConnectionError extends HTTPClientError {
  override name = "ConnectionError" as const;
  /** How many attempts were made, retries included. */
  readonly attempts: number;

  constructor(options: AttemptsErrorOptions = {}) {
    super("Unable to make request", options);
    this.attempts = options.attempts ?? 1;
  }
}
