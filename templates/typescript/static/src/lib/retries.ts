/**
 * Retries with exponential backoff. One call may make several attempts; the
 * retry budget (`maxElapsedTime`) bounds the whole call, the attempt in flight
 * included, so a call never runs much longer than the caller allowed.
 */

import { ERR, type Result } from "./fp.js";
import { matchStatusCode } from "./matchers.js";
import { sleep, timeoutSignal } from "./signals.js";
import {
  ConnectionError,
  type HTTPClientError,
  RequestAbortedError,
  RequestTimeoutError,
} from "../models/errors/httpclienterrors.js";

/** Exponential backoff parameters, all in milliseconds except `exponent`. */
export type BackoffStrategy = {
  /** Nominal wait before the first retry. */
  initialInterval: number;
  /** Upper bound of any single wait, a server's `Retry-After` included. */
  maxInterval: number;
  /** Growth factor of the nominal wait from one retry to the next. */
  exponent: number;
  /** Budget of the whole call, from the start of the first attempt. */
  maxElapsedTime: number;
};

/** Whether and how failed attempts are retried. */
export type RetryConfig =
  | { strategy: "none" }
  | {
      strategy: "backoff";
      /** Defaults to `DEFAULT_BACKOFF`. */
      backoff?: BackoffStrategy;
      /**
       * Also retry when no response arrived: connection refused or reset, or
       * an attempt that hit `timeoutMs`. A timed-out request may still have
       * been processed by the server.
       */
      retryConnectionErrors?: boolean;
    };

/** 500 ms initial wait, growing 1.5x up to 60 s per wait, for one hour in total. */
export const DEFAULT_BACKOFF: Readonly<BackoffStrategy> = Object.freeze({
  initialInterval: 500,
  maxInterval: 60_000,
  exponent: 1.5,
  maxElapsedTime: 3_600_000,
});

/** The most random jitter added to a computed wait. */
const MAX_JITTER_MS = 1_000;

/**
 * The wait before retry number `retryIndex` (0 for the first retry):
 * `initialInterval * exponent^retryIndex`, plus a random jitter of up to
 * that amount (at most 1 s) so that clients do not retry in lockstep, capped
 * at `maxInterval`.
 */
export function backoffDelay(
  strategy: BackoffStrategy,
  retryIndex: number,
  random: () => number = Math.random,
): number {
  const nominal = strategy.initialInterval * strategy.exponent ** retryIndex;
  const delay = nominal + random() * Math.min(nominal, MAX_JITTER_MS);
  return clampDelay(Number.isFinite(delay) ? delay : strategy.maxInterval, strategy);
}

/**
 * The wait a response asks for: `retry-after-ms` (milliseconds), else
 * `Retry-After` (whole seconds or an HTTP date; a past date means no wait).
 * `undefined` when neither header holds a usable value.
 */
export function retryAfterDelay(headers: Headers, now: number = Date.now()): number | undefined {
  const millis = headers.get("retry-after-ms")?.trim();
  if (millis && /^\d+(\.\d+)?$/.test(millis)) {
    return Number(millis);
  }
  const after = headers.get("retry-after")?.trim();
  if (!after) {
    return undefined;
  }
  if (/^\d+$/.test(after)) {
    return Number(after) * 1000;
  }
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What the retry loop needs to know about one call. */
export type RetryPolicy = {
  /** The retry configuration in force for this call. */
  config: RetryConfig;
  /** Statuses whose responses are retried, e.g. ["5XX", "429"]. */
  statusCodes: readonly string[];
  /** The caller's cancellation signal: it ends waits between attempts. */
  signal?: AbortSignal | undefined;
  /** Told about each wait before a retry, for debug logging. */
  onRetry?: ((attempts: number, delayMs: number) => void) | undefined;
};

/** What an attempt is given. */
export type AttemptContext = {
  /** 0 for the first attempt. */
  index: number;
  /**
   * Aborts when the retry budget runs out; the attempt must stop then and
   * report a `RequestTimeoutError`. Absent when retries are off.
   */
  budget: AbortSignal | undefined;
};

/** An attempt: a response (any status) or an HTTP client error, never a throw. */
export type Attempt<T, E extends HTTPClientError> = (
  context: AttemptContext,
) => Promise<Result<T, E>>;

/**
 * Runs `attempt` until it yields a response whose status is not retried, a
 * permanent error, or the budget does not allow the next wait. Returns the
 * last outcome: a retryable response left when the budget ran out is returned
 * as a response, to be matched like any other. When the budget runs out
 * during an attempt, that attempt is aborted; the call then returns the
 * previous attempt's outcome if there was one (the server's last word, or the
 * connection error that caused the retry, says more than "timed out"), else
 * the attempt's `RequestTimeoutError`. The Rust runtime does the same.
 */
export async function withRetries<T extends { response: Response }, E extends HTTPClientError>(
  attempt: Attempt<T, E>,
  policy: RetryPolicy,
): Promise<Result<T, E | RequestAbortedError>> {
  const { config } = policy;
  if (config.strategy !== "backoff") {
    return attempt({ index: 0, budget: undefined });
  }
  const strategy = config.backoff ?? DEFAULT_BACKOFF;
  const started = performance.now();
  const budget = timeoutSignal(strategy.maxElapsedTime);
  try {
    let previous: Result<T, E> | undefined;
    for (let index = 0; ; index++) {
      const outcome = await attempt({ index, budget: budget.signal });
      const cutByBudget = !outcome.ok && outcome.error instanceof RequestTimeoutError;
      if (cutByBudget && budget.signal.aborted && previous !== undefined) {
        return previous;
      }
      previous = outcome;
      const retryable = outcome.ok
        ? matchStatusCode(outcome.value.response.status, policy.statusCodes)
        : (outcome.error instanceof ConnectionError ||
            outcome.error instanceof RequestTimeoutError) &&
          config.retryConnectionErrors === true &&
          !budget.signal.aborted;
      if (!retryable) {
        return outcome;
      }
      const requested = outcome.ok ? retryAfterDelay(outcome.value.response.headers) : undefined;
      const delay =
        requested === undefined ? backoffDelay(strategy, index) : clampDelay(requested, strategy);
      if (performance.now() - started + delay > strategy.maxElapsedTime) {
        return outcome;
      }
      policy.onRetry?.(index + 1, delay);
      if (!(await sleep(delay, policy.signal))) {
        return ERR(
          new RequestAbortedError({
            cause: policy.signal?.reason,
            detail: "while waiting to retry",
          }),
        );
      }
      if (budget.signal.aborted) {
        return outcome;
      }
    }
  } finally {
    budget.dispose();
  }
}

function clampDelay(delay: number, strategy: BackoffStrategy): number {
  return Math.max(0, Math.min(delay, strategy.maxInterval));
}
