/**
 * Building a request from an operation's inputs: the path with its parameters, the query, the
 * parameter headers and cookies, each in its OpenAPI `style`, and the JSON, form or multipart body. Generated functions call these with the caller's values;
 * anything that cannot be sent faithfully becomes an `SDKValidationError` before any I/O.
 */

import {
  type ParamStyle,
  type StyledParam,
  encodeCookies,
  type FormField,
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

/** A parameter as an operation passes it: the caller's value, its schema and its style. */
export type Param = {
  value: unknown;
  schema: Schema<unknown>;
  style: ParamStyle;
  explode: boolean;
};

/** A parameter of type `T` (`undefined` or `null` when the caller leaves it out). */
export function param<T>(
  value: T | null | undefined,
  schema: Schema<T>,
  style: ParamStyle,
  explode: boolean,
): Param {
  // The value is of the schema's type, whatever that is.
  return { value, schema: schema as Schema<unknown>, style, explode };
}

/**
 * Every parameter in its wire (JSON) form, through its schema: wire property names, dates as
 * strings. A value not of its schema's shape is an `SDKValidationError` naming the parameter.
 */
function wireParams(
  params: Readonly<Record<string, Param>>,
): Result<Record<string, StyledParam>, SDKValidationError> {
  const styled: Record<string, StyledParam> = {};
  for (const [name, { value, schema, style, explode }] of Object.entries(params)) {
    let wire: unknown;
    try {
      wire = value === undefined || value === null ? undefined : schema.encode(value, [name]);
    } catch (error) {
      const issues = error instanceof InvalidValue ? [{ path: error.path, message: error.problem }] : error;
      return ERR(new SDKValidationError(INPUT_INVALID, issues, value));
    }
    styled[name] = { value: wire, style, explode };
  }
  return OK(styled);
}

/** `/items/{id}` with every `{name}` replaced by its value in its style, percent-encoded. */
export function buildPath(
  template: string,
  params: Readonly<Record<string, Param>>,
): Result<string, SDKValidationError> {
  const styled = wireParams(params);
  if (!styled.ok) return styled;
  let path = template;
  for (const [name, param] of Object.entries(styled.value)) {
    const encoded = encodePathParam(name, param);
    if (!encoded.ok) return encoded;
    path = path.split(`{${name}}`).join(encoded.value);
  }
  return OK(path);
}

/** The query string (without "?"), each parameter in its style; absent values left out. */
export function buildQuery(params: Readonly<Record<string, Param>>): Result<string, SDKValidationError> {
  const styled = wireParams(params);
  return styled.ok ? encodeQuery(styled.value) : styled;
}

/** Header values by header name, in the `simple` style; absent values stay `undefined` (not sent). */
export function buildHeaders(
  params: Readonly<Record<string, Param>>,
): Result<Record<string, string | undefined>, SDKValidationError> {
  const styled = wireParams(params);
  if (!styled.ok) return styled;
  const headers: Record<string, string | undefined> = {};
  for (const [name, param] of Object.entries(styled.value)) {
    const encoded = encodeHeaderParam(name, param);
    if (!encoded.ok) return encoded;
    headers[name] = encoded.value;
  }
  return OK(headers);
}

/** The `Cookie` header of the cookie parameters, or `undefined` when none has a value. */
export function buildCookies(
  params: Readonly<Record<string, Param>>,
): Result<string | undefined, SDKValidationError> {
  const styled = wireParams(params);
  return styled.ok ? encodeCookies(styled.value) : styled;
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
