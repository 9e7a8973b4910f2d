/**
 * Building a request from an operation's inputs: the path with its parameters, the query, the
 * parameter headers and the JSON, form or multipart body. Generated functions call these with the caller's values;
 * anything that cannot be sent faithfully becomes an `SDKValidationError` before any I/O.
 */

import {
  type FormField,
  type ParamValue,
  type Scalar,
  encodeForm,
  encodeHeaderParam,
  encodeJSON,
  encodeMultipart,
  encodePathParam,
  encodeQuery,
} from "./encodings.js";
import { ERR, OK, type Result } from "./fp.js";
import { InvalidValue, type Schema } from "./schemas.js";
import { SDKValidationError } from "../models/errors/sdkvalidationerror.js";

const INPUT_INVALID = "Input validation failed";

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    typeof value === "bigint" ||
    value instanceof Date
  );
}

function isParamValue(value: unknown): value is ParamValue {
  return (
    value === undefined ||
    value === null ||
    isScalar(value) ||
    (Array.isArray(value) && value.every(isScalar))
  );
}

function unsupported(name: string, value: unknown): SDKValidationError {
  return new SDKValidationError(
    INPUT_INVALID,
    [{ path: [name], message: "only strings, numbers, booleans, dates and lists of them can be sent here" }],
    value,
  );
}

/** `/items/{id}` with every `{name}` replaced by its percent-encoded value. */
export function buildPath(
  template: string,
  params: Readonly<Record<string, unknown>>,
): Result<string, SDKValidationError> {
  let path = template;
  for (const [name, value] of Object.entries(params)) {
    if (!isScalar(value)) {
      return ERR(unsupported(name, value));
    }
    const encoded = encodePathParam(name, value);
    if (!encoded.ok) {
      return encoded;
    }
    path = path.split(`{${name}}`).join(encoded.value);
  }
  return OK(path);
}

/** The query string (without "?"), form style, lists exploded; absent values left out. */
export function buildQuery(
  params: Readonly<Record<string, unknown>>,
): Result<string, SDKValidationError> {
  const checked: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!isParamValue(value)) {
      return ERR(unsupported(name, value));
    }
    checked[name] = value;
  }
  return encodeQuery(checked);
}

/** Header values by header name; absent values stay `undefined` (not sent). */
export function buildHeaders(
  params: Readonly<Record<string, unknown>>,
): Result<Record<string, string | undefined>, SDKValidationError> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!isParamValue(value)) {
      return ERR(unsupported(name, value));
    }
    const encoded = encodeHeaderParam(name, value);
    if (!encoded.ok) {
      return encoded;
    }
    headers[name] = encoded.value;
  }
  return OK(headers);
}

/**
 * The JSON text of a body written through its schema. A value that is not of the schema's shape
 * is reported with where it is, e.g. `requestBody.limit: NaN is not a finite number`; `name` is
 * the request field holding the body.
 */
export function buildJSONBody<T>(
  schema: Schema<T>,
  value: T,
  name = "requestBody",
): Result<string, SDKValidationError> {
  const wire = wireForm(schema, value, name);
  return wire.ok ? encodeJSON(name, wire.value) : wire;
}

/** An `application/x-www-form-urlencoded` body, each field as `fields` (the spec's `encoding`) says. */
export function buildFormBody<T>(
  schema: Schema<T>,
  value: T,
  fields: Readonly<Record<string, FormField>>,
  name = "requestBody",
): Result<string, SDKValidationError> {
  const wire = wireForm(schema, value, name);
  return wire.ok ? encodeForm(name, wire.value, fields) : wire;
}

/** A `multipart/form-data` body: `Blob`s as file parts, the other properties as text parts. */
export function buildMultipartBody<T>(
  schema: Schema<T>,
  value: T,
  contentTypes: Readonly<Record<string, string>>,
  name = "requestBody",
): Result<FormData, SDKValidationError> {
  const wire = wireForm(schema, value, name);
  return wire.ok ? encodeMultipart(name, wire.value, contentTypes) : wire;
}

/** A body's wire form (wire names, encoded enums and dates) through its schema. */
function wireForm<T>(schema: Schema<T>, value: T, name: string): Result<unknown, SDKValidationError> {
  try {
    return OK(schema.encode(value, [name]));
  } catch (error) {
    const issues = error instanceof InvalidValue ? [{ path: error.path, message: error.problem }] : error;
    return ERR(new SDKValidationError(INPUT_INVALID, issues, value));
  }
}

/**
 * The caller's request object itself: plain JavaScript callers can pass anything, and a missing
 * request must become an `SDKValidationError` like any other bad input, not a `TypeError`.
 */
export function checkRequest(request: unknown): Result<void, SDKValidationError> {
  if (typeof request === "object" && request !== null && !Array.isArray(request)) {
    return OK(undefined);
  }
  return ERR(
    new SDKValidationError(INPUT_INVALID, [{ path: ["request"], message: "must be an object" }], request),
  );
}
