/**
 * Encoding caller values into a request: path segments, query strings,
 * header values and cookies in their OpenAPI `style`, and JSON, form and multipart bodies.
 * Values that cannot be represented faithfully (NaN, Infinity, invalid
 * dates, cycles, nested values in a flat style) are refused with an
 * `SDKValidationError` instead of being sent as something else.
 */

import { describeError } from "./errortext.js";
import { ERR, OK, type Result } from "./fp.js";
import {
  SDKValidationError,
  type ValidationIssue,
} from "../models/errors/sdkvalidationerror.js";

/** A value that has one text form in a path, query, header or cookie. */
export type Scalar = string | number | boolean | bigint | Date;

/**
 * How a parameter is written: OpenAPI's `style` (query: `form`, `spaceDelimited`,
 * `pipeDelimited`, `deepObject`; path: `simple`, `label`, `matrix`; header: `simple`; cookie:
 * `form`).
 */
export type ParamStyle =
  | "form"
  | "spaceDelimited"
  | "pipeDelimited"
  | "deepObject"
  | "simple"
  | "label"
  | "matrix";

/**
 * A parameter's value in its wire (JSON) form, and how to write it. Arrays and objects spread as
 * `style` and `explode` say; `null` and `undefined` send nothing.
 */
export type StyledParam = { value: unknown; style: ParamStyle; explode: boolean };

/** The message of every encoding failure: the caller's input is at fault. */
const INPUT_INVALID = "Input validation failed";

/**
 * A value reduced to what the non-nested styles write: nothing, one text, a list of texts, or an
 * object's properties and their texts (`null` properties left out).
 */
type Flat =
  | { kind: "absent" }
  | { kind: "scalar"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "pairs"; pairs: [string, string][] };

/** Whether a flat value is RFC 6570's "undefined": absent, or an empty array or object. */
function isEmpty(flat: Flat): boolean {
  return (
    flat.kind === "absent" ||
    (flat.kind === "list" && flat.items.length === 0) ||
    (flat.kind === "pairs" && flat.pairs.length === 0)
  );
}

/** Every text of a flat value (an object's keys and values in turn), each encoded. */
function texts(flat: Flat, encode: (text: string) => string): string[] {
  switch (flat.kind) {
    case "absent":
      return [];
    case "scalar":
      return [encode(flat.text)];
    case "list":
      return flat.items.map(encode);
    case "pairs":
      return flat.pairs.flatMap(([key, value]) => [encode(key), encode(value)]);
  }
}

/** An object's properties as `key=value`, each side encoded. */
function assignments(pairs: [string, string][], encode: (text: string) => string): string[] {
  return pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function flatten(name: string, value: unknown): Result<Flat, SDKValidationError> {
  if (value === undefined || value === null) {
    return OK({ kind: "absent" });
  }
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const [index, item] of value.entries()) {
      const text = itemText(item);
      if (!text.ok) return invalid([name, index], text.error, value);
      items.push(text.value);
    }
    return OK({ kind: "list", items });
  }
  if (isObject(value)) {
    const pairs: [string, string][] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || item === null) continue;
      const text = itemText(item);
      if (!text.ok) return invalid([name, key], text.error, value);
      pairs.push([key, text.value]);
    }
    return OK({ kind: "pairs", pairs });
  }
  const text = itemText(value);
  return text.ok ? OK({ kind: "scalar", text: text.value }) : invalid([name], text.error, value);
}

/** The text of an array item or property: a scalar's (`null` is empty), never an array or object. */
function itemText(value: unknown): Result<string, string> {
  if (value === undefined || value === null) return OK("");
  if (Array.isArray(value) || isObject(value)) {
    return ERR("nested arrays and objects cannot be sent in this parameter's style");
  }
  return scalarText(value as Scalar);
}

/**
 * Percent-encodes a path parameter in its style, e.g. `simple` `["a/b", "c"]` → "a%2Fb,c",
 * `label` exploded → ".a%2Fb.c", `matrix` → ";id=a%2Fb,c". A path parameter must have a value.
 */
export function encodePathParam(name: string, param: StyledParam): Result<string, SDKValidationError> {
  const flat = flatten(name, param.value);
  if (!flat.ok) return flat;
  if (flat.value.kind === "absent") {
    return invalid([name], "is part of the path and must have a value", param.value);
  }
  if (isEmpty(flat.value)) return OK("");
  const { style, explode } = param;
  const value = flat.value;
  const encodedName = encodeURIComponent(name);
  if (style === "matrix") {
    if (value.kind === "scalar" && value.text === "") return OK(`;${encodedName}`);
    if (explode && value.kind === "pairs") return OK(`;${assignments(value.pairs, encodeURIComponent).join(";")}`);
    if (explode && value.kind === "list") return OK(texts(value, encodeURIComponent).map((item) => `;${encodedName}=${item}`).join(""));
    return OK(`;${encodedName}=${texts(value, encodeURIComponent).join(",")}`);
  }
  const separator = explode && style === "label" ? "." : ",";
  const text =
    explode && value.kind === "pairs"
      ? assignments(value.pairs, encodeURIComponent).join(separator)
      : texts(value, encodeURIComponent).join(value.kind === "list" ? separator : ",");
  return OK(style === "label" ? `.${text}` : text);
}

/**
 * The query string (without "?") of parameters by name, each in its style with literal
 * delimiters and encoded values: `form` `{tag: ["x", "y"]}` → "tag=x&tag=y" (exploded) or
 * "tag=x,y"; `spaceDelimited` "tag=x%20y"; `pipeDelimited` "tag=x|y"; `deepObject`
 * `{f: {a: 1}}` → "f[a]=1". Absent values and empty arrays and objects are left out.
 */
export function encodeQuery(
  params: Readonly<Record<string, StyledParam>>,
): Result<string, SDKValidationError> {
  const pairs: string[] = [];
  for (const [name, param] of Object.entries(params)) {
    const written = queryPairs(name, param);
    if (!written.ok) return written;
    pairs.push(...written.value);
  }
  return OK(pairs.join("&"));
}

function queryPairs(name: string, param: StyledParam): Result<string[], SDKValidationError> {
  if (param.style === "deepObject") {
    const pairs: string[] = [];
    const failure = deepObject(encodeURIComponent(name), param.value, [name], pairs);
    return failure ? invalid(failure.path, failure.message, param.value) : OK(pairs);
  }
  const flat = flatten(name, param.value);
  if (!flat.ok) return flat;
  const delimiter = param.style === "spaceDelimited" ? "%20" : param.style === "pipeDelimited" ? "|" : ",";
  return OK(formPairs(name, flat.value, param.explode, delimiter, encodeURIComponent));
}

/**
 * The `name=value` pieces of a value in the `form` style and its delimited relatives: exploded,
 * one piece per item (an object's keys become the names); else one piece with the texts joined
 * by `delimiter`. Empty when the value is absent or empty.
 */
function formPairs(
  name: string,
  value: Flat,
  explode: boolean,
  delimiter: string,
  encode: (text: string) => string,
): string[] {
  if (isEmpty(value)) return [];
  const encodedName = encode(name);
  if (!explode) return [`${encodedName}=${texts(value, encode).join(delimiter)}`];
  return value.kind === "pairs"
    ? assignments(value.pairs, encode)
    : texts(value, encode).map((text) => `${encodedName}=${text}`);
}

/** `prefix[key]=value` for every scalar inside `value`; array items repeat their key. */
function deepObject(
  prefix: string,
  value: unknown,
  path: (string | number)[],
  pairs: string[],
): { path: (string | number)[]; message: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const failure = deepObject(prefix, item, [...path, index], pairs);
      if (failure) return failure;
    }
    return undefined;
  }
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const failure = deepObject(`${prefix}[${encodeURIComponent(key)}]`, item, [...path, key], pairs);
      if (failure) return failure;
    }
    return undefined;
  }
  const text = scalarText(value as Scalar);
  if (!text.ok) return { path, message: text.error };
  pairs.push(`${prefix}=${encodeURIComponent(text.value)}`);
  return undefined;
}

/**
 * A header value in the `simple` style (`["a", "b"]` → "a,b", an exploded object "k=v,k2=v2"),
 * not percent-encoded; `undefined` when the value is absent or empty, so the header is left out.
 */
export function encodeHeaderParam(
  name: string,
  param: StyledParam,
): Result<string | undefined, SDKValidationError> {
  const flat = flatten(name, param.value);
  if (!flat.ok) return flat;
  if (isEmpty(flat.value)) return OK(undefined);
  const value = flat.value;
  const identity = (text: string) => text;
  return OK(
    (param.explode && value.kind === "pairs" ? assignments(value.pairs, identity) : texts(value, identity)).join(","),
  );
}

/**
 * The `Cookie` header of cookie parameters by name, each in the `form` style with its value
 * percent-encoded where RFC 6265 forbids a character: `{a: "x y", b: [1, 2]}` → "a=x%20y; b=1,2"
 * (`b` not exploded). `undefined` when no cookie has a value.
 */
export function encodeCookies(
  params: Readonly<Record<string, StyledParam>>,
): Result<string | undefined, SDKValidationError> {
  const cookies: string[] = [];
  for (const [name, param] of Object.entries(params)) {
    const flat = flatten(name, param.value);
    if (!flat.ok) return flat;
    cookies.push(...formPairs(name, flat.value, param.explode, ",", encodeCookie));
  }
  return OK(cookies.length > 0 ? cookies.join("; ") : undefined);
}

/** Escapes what RFC 6265 does not allow in a cookie (controls, space, `"`, `,`, `;`, `\`), `%` and non-ASCII. */
function encodeCookie(text: string): string {
  return text.replace(/[\u{0}-\u{20}",;\\%\u{7f}-\u{10ffff}]+/gu, (run) => encodeURIComponent(run));
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
  // A lone surrogate has no UTF-8 form (`encodeURIComponent` would throw).
  if (typeof value === "string" && /\p{Cs}/u.test(value)) {
    return ERR("contains an unpaired UTF-16 surrogate");
  }
  return OK(String(value));
}

function invalid(
  path: readonly (string | number)[],
  message: string,
  rawValue: unknown,
): Result<never, SDKValidationError> {
  return ERR(new SDKValidationError(INPUT_INVALID, [{ path, message }], rawValue));
}
