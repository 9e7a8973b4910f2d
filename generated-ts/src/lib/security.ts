/**
 * Bearer authentication from an API key. A missing key is not an error: the
 * request is sent without `Authorization` and the server decides.
 */

import { describeError } from "./errortext.js";
import { ERR, OK, type Result } from "./fp.js";
import {
  InvalidRequestError,
  UnexpectedClientError,
} from "../models/errors/httpclienterrors.js";

/**
 * Where an API key comes from: a fixed string, or a function called before
 * every attempt (e.g. to refresh it).
 */
export type ApiKeySource = string | (() => string | Promise<string>);

/**
 * The `Authorization` value for `key`: `Bearer <key>`, unless the key already
 * starts with "bearer " (any case). `undefined` when there is no key.
 */
export function bearerAuthorization(key: string | null | undefined): string | undefined {
  if (!key) {
    return undefined;
  }
  return /^bearer /i.test(key) ? key : `Bearer ${key}`;
}

/**
 * The API key for one attempt: from `source` when it is set, else from
 * `fallback` (the environment). Empty means no key. A failing or misbehaving
 * key function is reported without its result, which may be a secret.
 */
export async function resolveApiKey(
  source: ApiKeySource | undefined,
  fallback: () => string | undefined,
): Promise<Result<string | undefined, InvalidRequestError | UnexpectedClientError>> {
  if (source === undefined || source === null) {
    return OK(fallback() || undefined);
  }
  if (typeof source === "string") {
    return OK(source || undefined);
  }
  let key: unknown;
  try {
    key = await source();
  } catch (err) {
    return ERR(
      new UnexpectedClientError({
        cause: err,
        detail: `the apiKey function failed: ${describeError(err)}`,
      }),
    );
  }
  if (key !== undefined && key !== null && typeof key !== "string") {
    return ERR(
      new InvalidRequestError({
        detail: `the apiKey function returned a ${typeof key}, not a string`,
      }),
    );
  }
  return OK(key || undefined);
}
