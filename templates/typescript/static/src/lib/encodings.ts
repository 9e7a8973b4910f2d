/**
 * Encoding caller values into a request: path segments, query strings,
 * header values, JSON, form and multipart bodies. Values that cannot be represented faithfully
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

/** How a form field writes an array or object: an entry of the spec's `encoding`. */
export type FormField = {
  style: "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";
  explode: boolean;
  /** The field holds the value's JSON text (`contentType: application/json`). */
  json: boolean;
};

/**
 * The `application/x-www-form-urlencoded` text of a body's wire form (an object): each property
 * as `fields` says, by default a scalar as `name=value`, an array as repeated fields and an
 * object's properties as fields of their own; `deepObject` nests in brackets with array items by
 * index (`items[0][price]=p`). `null` is sent as an empty value, `undefined` is left out.
 */
export function encodeForm(
  name: string,
  wire: unknown,
  fields: Readonly<Record<string, FormField>>,
): Result<string, SDKValidationError> {
  if (typeof wire !== "object" || wire === null || Array.isArray(wire)) {
    return invalid([name], "a form body must be an object", wire);
  }
  const form = new URLSearchParams();
  for (const [property, value] of Object.entries(wire)) {
    if (value === undefined) {
      continue;
    }
    const field = fields[property] ?? { style: "form", explode: true, json: false };
    if (field.json) {
      const json = encodeJSON(property, value);
      if (!json.ok) return json;
      form.append(property, json.value);
    } else if (field.style === "deepObject" && typeof value === "object" && value !== null) {
      appendDeep(form, property, value);
    } else if (Array.isArray(value) && field.explode && field.style === "form") {
      value.forEach((item: unknown) => form.append(property, fieldText(item)));
    } else if (isPlainObject(value) && field.explode && field.style === "form") {
      Object.entries(value).forEach(([key, item]) => form.append(key, fieldText(item)));
    } else if (Array.isArray(value)) {
      form.append(property, value.map(fieldText).join(delimiter(field.style)));
    } else if (isPlainObject(value)) {
      const flat = Object.entries(value).flatMap(([key, item]) => [key, fieldText(item)]);
      form.append(property, flat.join(delimiter(field.style)));
    } else {
      form.append(property, fieldText(value));
    }
  }
  return OK(form.toString());
}

/** `name[key]=value` for every scalar inside `value`, array items by index. */
function appendDeep(form: URLSearchParams, name: string, value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => appendDeep(form, `${name}[${index}]`, item));
  } else if (isPlainObject(value)) {
    Object.entries(value).forEach(([key, item]) => appendDeep(form, `${name}[${key}]`, item));
  } else if (value !== undefined) {
    form.append(name, fieldText(value));
  }
}

function delimiter(style: FormField["style"]): string {
  return style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",";
}

/** A value's text in a form field or multipart part: `null` as nothing, objects as JSON. */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Blob);
}

/**
 * The parts of a multipart body from its wire form (an object): a `Blob` (a `File` keeps its
 * name) as a file part, with `contentTypes[property]` when it has no type of its own; an array as
 * one part per item; an object as its JSON text; other values as text. `null` and `undefined`
 * add nothing.
 */
export function encodeMultipart(
  name: string,
  wire: unknown,
  contentTypes: Readonly<Record<string, string>>,
): Result<FormData, SDKValidationError> {
  if (typeof wire !== "object" || wire === null || Array.isArray(wire)) {
    return invalid([name], "a multipart body must be an object", wire);
  }
  const form = new FormData();
  const append = (property: string, item: unknown): void => {
    if (item === null || item === undefined) return;
    if (item instanceof Blob) {
      const type = item.type || contentTypes[property];
      const blob = type && !item.type ? new Blob([item], { type }) : item;
      const fileName = item instanceof File ? item.name : undefined;
      if (fileName === undefined) form.append(property, blob);
      else form.append(property, blob, fileName);
      return;
    }
    form.append(property, fieldText(item));
  };
  for (const [property, value] of Object.entries(wire)) {
    if (Array.isArray(value)) value.forEach((item: unknown) => append(property, item));
    else append(property, value);
  }
  return OK(form);
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
