/**
 * Encoding caller values into a request: path segments, query strings,
 * header values and JSON bodies. Values that cannot be represented faithfully
 * (NaN, Infinity, invalid dates, cycles) are refused with an
 * `SDKValidationError` instead of being sent as something else.
 */

import { describeError } from "./errortext.js";
import { ERR, OK, type Result } from "./fp.js";
import {
  SDKValidationError,
  type ValidationIssue,
} from "../models/errors/sdkvalidationerror.js";

/** A value that has one text form in a path, query or header. */
export type Scalar = string | number | boolean | bigint | Date;

/** A parameter value: a scalar, a list of scalars, or absent. */
export type ParamValue = Scalar | readonly Scalar[] | null | undefined;

/** The message of every encoding failure: the caller's input is at fault. */
const INPUT_INVALID = "Input validation failed";

/** Percent-encodes one path segment, e.g. "a/b c" → "a%2Fb%20c". `name` labels errors. */
export function encodePathParam(name: string, value: Scalar): Result<string, SDKValidationError> {
  const text = scalarText(value);
  if (!text.ok) {
    return invalid([name], text.error, value);
  }
  return OK(encodeURIComponent(text.value));
}

/**
 * Builds a query string (without "?") in the form style with explode=true:
 * `{a: 1, tag: ["x", "y"]}` → "a=1&tag=x&tag=y". Absent values are left out.
 */
export function encodeQuery(
  params: Readonly<Record<string, ParamValue>>,
): Result<string, SDKValidationError> {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) {
      continue;
    }
    const items: readonly Scalar[] = isList(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      const text = scalarText(item);
      if (!text.ok) {
        return invalid(isList(value) ? [name, index] : [name], text.error, params);
      }
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(text.value)}`);
    }
  }
  return OK(pairs.join("&"));
}

/**
 * A header value in the simple style (lists joined by ","), or `undefined`
 * when the value is absent, so the header is left out.
 */
export function encodeHeaderParam(
  name: string,
  value: ParamValue,
): Result<string | undefined, SDKValidationError> {
  if (value === undefined || value === null) {
    return OK(undefined);
  }
  const items: readonly Scalar[] = isList(value) ? value : [value];
  const texts: string[] = [];
  for (const item of items) {
    const text = scalarText(item);
    if (!text.ok) {
      return invalid([name], text.error, value);
    }
    texts.push(text.value);
  }
  return OK(texts.join(","));
}

/**
 * `JSON.stringify(value)`, refusing what JSON cannot carry faithfully:
 * non-finite numbers (which would become `null`), bigints, cycles, and a
 * value with no JSON form at all. `name` labels errors, e.g. "body".
 */
export function encodeJSON(name: string, value: unknown): Result<string, SDKValidationError> {
  const paths = new WeakMap<object, (string | number)[]>();
  let issue: ValidationIssue | undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function (this: unknown, key: string, item: unknown): unknown {
      const parent = typeof this === "object" && this !== null ? paths.get(this) : undefined;
      const path = parent ? [...parent, Array.isArray(this) ? Number(key) : key] : [name];
      if (typeof item === "number" && !Number.isFinite(item)) {
        issue = { path, message: `${item} is not a finite number` };
        throw new RangeError(issue.message);
      }
      if (typeof item === "object" && item !== null) {
        paths.set(item, path);
      }
      return item;
    });
  } catch (err) {
    return invalid(issue?.path ?? [name], issue?.message ?? describeError(err), value);
  }
  if (text === undefined) {
    return invalid([name], `a ${typeof value} has no JSON form`, value);
  }
  return OK(text);
}

function scalarText(value: Scalar): Result<string, string> {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? ERR("invalid date") : OK(value.toISOString());
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    return ERR(`${value} is not a finite number`);
  }
  if (typeof value === "object" || typeof value === "function" || typeof value === "symbol") {
    return ERR(`a ${typeof value} is not a scalar`);
  }
  return OK(String(value));
}

function isList(value: Scalar | readonly Scalar[]): value is readonly Scalar[] {
  return Array.isArray(value);
}

function invalid(
  path: readonly (string | number)[],
  message: string,
  rawValue: unknown,
): Result<never, SDKValidationError> {
  return ERR(new SDKValidationError(INPUT_INVALID, [{ path, message }], rawValue));
}
