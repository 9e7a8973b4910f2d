/**
 * Results as values: every SDK function returns a `Result` instead of
 * throwing, so callers see each failure in the type and no fault escapes as
 * a rejected promise.
 */

/**
 * Either a success carrying `value` or a failure carrying `error`. The
 * `never` members make `if (r.ok)` narrow both branches.
 */
export type Result<T, E = unknown> =
  | { ok: true; value: T; error?: never }
  | { ok: false; error: E; value?: never };

/** Wraps a success value. */
export function OK<V>(value: V): Result<V, never> {
  return { ok: true, value };
}

/** Wraps a failure. */
export function ERR<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

/**
 * The value of a success, or throws the error of a failure: the bridge from
 * the `Result` style to the throwing (method) style.
 */
export function unwrap<T>(result: Result<T, unknown>): T {
  if (!result.ok) {
    throw result.error;
  }
  return result.value;
}

/** `unwrap` for a promised `Result`: resolves to the value or rejects with the error. */
export async function unwrapAsync<T>(result: Promise<Result<T, unknown>>): Promise<T> {
  return unwrap(await result);
}
