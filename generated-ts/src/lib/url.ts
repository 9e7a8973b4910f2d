/**
 * Choosing the base URL of a call and joining operation paths onto it. A bad
 * URL is reported as an `InvalidRequestError` naming where it came from,
 * never thrown, and never quoted (a URL may carry credentials).
 */

import { ERR, OK, type Result } from "./fp.js";
import { InvalidRequestError } from "../models/errors/httpclienterrors.js";

/** Where a base URL may come from, highest priority first. */
export type BaseURLSources = {
  /** An explicit URL, e.g. the client option `serverURL`. */
  serverURL?: string | URL | undefined;
  /** A server id chosen by the caller, looked up in `servers`. */
  server?: string | undefined;
  /** The URL from the environment, e.g. `${prefix}_BASE_URL`, and that variable's name. */
  env?: { name: string; value: string | undefined };
  /** The servers the API declares, by id. */
  servers: Readonly<Record<string, string>>;
  /** The id used when nothing else is set. */
  defaultServer?: string | undefined;
};

/**
 * The base URL by priority: `serverURL`, then `servers[server]`, then the
 * environment, then `servers[defaultServer]`.
 */
export function resolveBaseURL(sources: BaseURLSources): Result<URL, InvalidRequestError> {
  if (sources.serverURL !== undefined && sources.serverURL !== "") {
    return parseBaseURL(sources.serverURL, "the client option serverURL");
  }
  if (sources.server !== undefined) {
    const url = sources.servers[sources.server];
    if (url === undefined) {
      const known = Object.keys(sources.servers).join(", ") || "none";
      return ERR(
        new InvalidRequestError({
          detail:
            `the client option server names an unknown server "${sources.server}" ` +
            `(known: ${known})`,
        }),
      );
    }
    return parseBaseURL(url, `the server "${sources.server}"`);
  }
  if (sources.env?.value !== undefined) {
    return parseBaseURL(sources.env.value, `the environment variable ${sources.env.name}`);
  }
  const fallback =
    sources.defaultServer === undefined ? undefined : sources.servers[sources.defaultServer];
  if (fallback === undefined) {
    return ERR(new InvalidRequestError({ detail: "no base URL provided for operation" }));
  }
  return parseBaseURL(fallback, `the default server "${sources.defaultServer}"`);
}

/** Parses an http(s) URL; `source` names its origin in the error. */
export function parseBaseURL(
  value: string | URL,
  source: string,
): Result<URL, InvalidRequestError> {
  let url: URL;
  try {
    url = new URL(value);
  } catch (err) {
    return ERR(new InvalidRequestError({ cause: err, detail: `${source} is not a valid URL` }));
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return ERR(new InvalidRequestError({ detail: `${source} is not an http(s) URL` }));
  }
  return OK(url);
}

/**
 * `path` (starting with "/") appended to the base's path, so that
 * "https://h/api/v1" + "/auth/keys" is "https://h/api/v1/auth/keys", and
 * `query` (without "?") appended to the base's own query, if any.
 */
export function joinURL(base: URL, path: string, query?: string): URL {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  const search = [base.search.slice(1), query ?? ""].filter((part) => part !== "").join("&");
  url.search = search === "" ? "" : `?${search}`;
  url.hash = "";
  return url;
}
