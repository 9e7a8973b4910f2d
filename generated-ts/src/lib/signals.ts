/**
 * Abort-signal plumbing for timeouts, the retry budget and cancellation.
 * Everything here cleans up after itself (timers cleared, listeners removed),
 * so a finished call leaves nothing that keeps the process alive, and nothing
 * relies on `AbortSignal.any`, which Node 20.0 lacks.
 */

/** The largest delay `setTimeout` honours; longer ones would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** A signal plus the function that releases what it holds. */
export type DisposableSignal = {
  signal: AbortSignal;
  /** Clears timers and listeners; the signal keeps its state. */
  dispose(): void;
};

/**
 * A signal that aborts with a `TimeoutError` after `ms` milliseconds. With
 * `undefined`, a negative, non-finite or too large `ms` it never aborts.
 */
export function timeoutSignal(ms: number | undefined): DisposableSignal {
  const controller = new AbortController();
  if (ms === undefined || !(ms >= 0) || ms > MAX_TIMER_MS) {
    return { signal: controller.signal, dispose: () => {} };
  }
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`Timed out after ${ms} ms`, "TimeoutError"));
  }, ms);
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/** A signal that aborts as soon as any of `signals` does, with the same reason. */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): DisposableSignal {
  const controller = new AbortController();
  const sources = signals.filter((s): s is AbortSignal => s !== undefined);
  const already = sources.find((s) => s.aborted);
  if (already) {
    controller.abort(already.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const listeners = sources.map((source) => {
    const onAbort = () => controller.abort(source.reason);
    source.addEventListener("abort", onAbort, { once: true });
    return () => source.removeEventListener("abort", onAbort);
  });
  return {
    signal: controller.signal,
    dispose: () => listeners.forEach((remove) => remove()),
  };
}

/**
 * Waits `ms` milliseconds. Resolves `true` when the time has passed and
 * `false` as soon as `signal` aborts (never rejects).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as
 * `signal` aborts: bounds work that takes no signal of its own, such as a
 * caller's API-key function.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
