/**
 * Turning whatever an attempt threw into one of the HTTP client errors. The
 * SDK's own signals are checked first, because they say why an attempt
 * stopped more reliably than the error a fetch implementation chose to throw.
 */

import { describeError } from "./errortext.js";
import {
  ConnectionError,
  RequestAbortedError,
  RequestTimeoutError,
  UnexpectedClientError,
} from "../models/errors/httpclienterrors.js";

/** The errors an attempt can end with when no response was read. */
export type AttemptFault =
  | ConnectionError
  | RequestTimeoutError
  | RequestAbortedError
  | UnexpectedClientError;

/** What was in force during the attempt that failed. */
export type FaultContext = {
  /** The caller's signal. */
  caller: AbortSignal | undefined;
  /** The retry budget's signal. */
  budget: AbortSignal | undefined;
  /** The per-attempt timeout's signal, and its duration. */
  timeout: AbortSignal;
  timeoutMs: number | undefined;
  /** Attempts made so far, this one included. */
  attempts: number;
  /** Masks secrets in text that goes into a message. */
  redact(text: string): string;
};

/** Error codes (Node, undici) of connections that failed or broke. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** Error codes of transport-level timeouts. */
const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "ECONNABORTED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Messages of network failures in runtimes that give no code (browsers, undici's outer error). */
const NETWORK_MESSAGE =
  /fetch failed|failed to fetch|load failed|networkerror|terminated|network error/i;

/** Classifies an error thrown while sending a request or reading its response. */
export function classifyFault(err: unknown, context: FaultContext): AttemptFault {
  const { attempts } = context;
  const detail = context.redact(describeError(err));
  if (context.caller?.aborted) {
    return new RequestAbortedError({
      cause: err,
      detail: context.redact(describeError(context.caller.reason)),
    });
  }
  if (context.budget?.aborted) {
    return new RequestTimeoutError({
      cause: err,
      attempts,
      detail: `the retry budget (maxElapsedTime) ran out during attempt ${attempts}`,
    });
  }
  if (context.timeout.aborted) {
    return new RequestTimeoutError({
      cause: err,
      attempts,
      detail:
        `attempt ${attempts} got no complete response ` +
        `within ${context.timeoutMs} ms (timeoutMs)`,
    });
  }
  const chain = causeChain(err);
  if (chain.some((e) => e.name === "TimeoutError" || TIMEOUT_CODES.has(codeOf(e)))) {
    return new RequestTimeoutError({ cause: err, attempts, detail });
  }
  if (chain.some((e) => e.name === "AbortError")) {
    return new RequestAbortedError({ cause: err, detail });
  }
  if (
    chain.some(
      (e) =>
        CONNECTION_CODES.has(codeOf(e)) ||
        e.name === "ConnectionError" ||
        (e instanceof TypeError && NETWORK_MESSAGE.test(e.message)),
    )
  ) {
    return new ConnectionError({ cause: err, attempts, detail });
  }
  return new UnexpectedClientError({ cause: err, detail });
}

function causeChain(err: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = err; e instanceof Error && chain.length < 5; e = e.cause) {
    chain.push(e);
  }
  return chain;
}

function codeOf(err: Error): string {
  const code: unknown = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : "";
}
