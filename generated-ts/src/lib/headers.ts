/**
 * Merging request headers from several layers (SDK defaults, the operation,
 * the caller's options), each overriding the ones before. Names and values are
 * checked here, so an invalid one is reported by name only: the platform's
 * own error would quote the value, which may be a secret.
 */

import { ERR, OK, type Result } from "./fp.js";
import { InvalidRequestError } from "../models/errors/httpclienterrors.js";

/** One layer of headers: a `HeadersInit`, or a record whose `undefined` values are skipped. */
export type HeaderLayer =
  | Headers
  | readonly (readonly [string, string])[]
  | string[][]
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | undefined;

/** A labelled layer; `source` names it in errors, e.g. "request option headers". */
export type NamedHeaderLayer = { source: string; headers: HeaderLayer };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_IN_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Merges `layers` in order; a later layer replaces a header of the same name (any case). */
export function mergeHeaders(
  layers: readonly NamedHeaderLayer[],
): Result<Headers, InvalidRequestError> {
  const merged = new Headers();
  for (const { source, headers } of layers) {
    for (const [name, value] of entriesOf(headers)) {
      if (!TOKEN.test(name)) {
        return ERR(new InvalidRequestError({ detail: `${source}: invalid header name` }));
      }
      if (FORBIDDEN_IN_VALUE.test(value)) {
        return ERR(
          new InvalidRequestError({ detail: `${source}: invalid value for header "${name}"` }),
        );
      }
      merged.set(name, value);
    }
  }
  return OK(merged);
}

function entriesOf(layer: HeaderLayer): [string, string][] {
  if (layer === undefined || layer === null) {
    return [];
  }
  if (layer instanceof Headers) {
    return [...layer.entries()];
  }
  if (Array.isArray(layer)) {
    return layer.map((pair): [string, string] => [String(pair[0]), String(pair[1])]);
  }
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(layer)) {
    if (value !== undefined) {
      entries.push([name, typeof value === "string" ? value : value.join(", ")]);
    }
  }
  return entries;
}
