/**
 * Schemas: how a model's value is read from its JSON wire form and written back.
 *
 * Every generated model has a schema built from these pieces. Decoding checks the JSON's shape
 * (so that a response that does not match its schema becomes a typed error instead of a value of
 * the wrong shape) and renames wire properties (`user_id`) to model properties (`userId`);
 * encoding does the reverse, after checking that the caller's value is of the model's shape (plain
 * JavaScript callers get no help from the types), so that nothing is sent that the API did not ask
 * for. Unknown properties are dropped on decode, as the reference SDK does.
 */

import { unrecognized, type Unrecognized } from "../types/enums.js";

/** A value's wire form does not match its schema; `path` says where (`$.data.app_id`). */
export class SchemaMismatch extends Error {
  override readonly name = "SchemaMismatch";

  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: unknown,
  ) {
    super(`${path}: expected ${expected}, found ${describe(found)}`);
  }
}

/** Where a value sits inside the caller's input: model property names and array indexes. */
export type ValuePath = readonly (string | number)[];

/**
 * A caller's value cannot be sent: it is not of the model's shape (a missing required property, a
 * string where a number belongs) or has no faithful JSON form (`NaN`, an invalid `Date`).
 */
export class InvalidValue extends Error {
  override readonly name = "InvalidValue";

  constructor(
    readonly path: ValuePath,
    readonly problem: string,
  ) {
    super(path.length > 0 ? `${formatValuePath(path)}: ${problem}` : problem);
  }
}

/** `["requestBody", "items", 0, "id"]` → `requestBody.items[0].id`. */
export function formatValuePath(path: ValuePath): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join("");
}

/** Reads a value of `T` from JSON and writes one back. */
export type Schema<T> = {
  /** Throws {@link SchemaMismatch} when `value` does not have the shape of a `T`. */
  decode(value: unknown, path: string): T;
  /**
   * The JSON value to send. Throws {@link InvalidValue} when `value` is not a `T` or cannot be
   * sent; `path` (default: none) says where `value` sits, for the error.
   */
  encode(value: T, path?: ValuePath): unknown;
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `a value of type ${typeof value}`;
}

function scalar<T>(expected: string, accepts: (value: unknown) => value is T): Schema<T> {
  return {
    decode(value, path) {
      if (!accepts(value)) throw new SchemaMismatch(path, expected, value);
      return value;
    },
    encode(value, path = []) {
      if (!accepts(value)) throw new InvalidValue(path, `expected ${expected}, found ${describe(value)}`);
      return value;
    },
  };
}

/** A string. */
export const string: Schema<string> = scalar("a string", (v): v is string => typeof v === "string");

/** A boolean. */
export const boolean: Schema<boolean> = scalar("a boolean", (v): v is boolean => typeof v === "boolean");

/** A finite number; JSON cannot carry `NaN` or infinities, so they are refused before sending. */
export const number: Schema<number> = {
  decode(value, path) {
    if (typeof value !== "number") throw new SchemaMismatch(path, "a number", value);
    return value;
  },
  encode(value, path = []) {
    if (typeof value !== "number") throw new InvalidValue(path, `expected a number, found ${describe(value)}`);
    if (!Number.isFinite(value)) throw new InvalidValue(path, `${value} is not a finite number`);
    return value;
  },
};

/** A whole number. */
export const integer: Schema<number> = {
  decode(value, path) {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new SchemaMismatch(path, "an integer", value);
    }
    return value;
  },
  encode(value, path = []) {
    const sent = number.encode(value, path);
    if (!Number.isInteger(sent)) throw new InvalidValue(path, `expected an integer, found ${value}`);
    return sent;
  },
};

/** Any JSON value, kept as it is. */
export const unknown: Schema<unknown> = { decode: (value) => value, encode: (value) => value };

/** An RFC 3339 date-time, read into a `Date` and sent as an ISO string. */
export const dateTime: Schema<Date> = {
  decode(value, path) {
    const date = typeof value === "string" ? new Date(value) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) {
      throw new SchemaMismatch(path, "an RFC 3339 date-time", value);
    }
    return date;
  },
  encode(value, path = []) {
    if (!(value instanceof Date)) throw new InvalidValue(path, `expected a Date, found ${describe(value)}`);
    if (Number.isNaN(value.getTime())) throw new InvalidValue(path, "invalid Date");
    return value.toISOString();
  },
};

/** `T` or `null`. */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    decode: (value, path) => (value === null ? null : inner.decode(value, path)),
    encode: (value, path) => (value === null ? null : inner.encode(value, path)),
  };
}

/** A JSON array of `T`. */
export function array<T>(items: Schema<T>): Schema<T[]> {
  return {
    decode(value, path) {
      if (!Array.isArray(value)) throw new SchemaMismatch(path, "an array", value);
      return value.map((item: unknown, index) => items.decode(item, `${path}[${index}]`));
    },
    encode(value, path = []) {
      if (!Array.isArray(value)) throw new InvalidValue(path, `expected an array, found ${describe(value)}`);
      return value.map((item: T, index) => items.encode(item, [...path, index]));
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON object with arbitrary keys and values of `T`. */
export function record<T>(values: Schema<T>): Schema<Record<string, T>> {
  return {
    decode(value, path) {
      if (!isObject(value)) throw new SchemaMismatch(path, "an object", value);
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, values.decode(item, `${path}.${key}`)]),
      );
    },
    encode(value, path = []) {
      if (!isObject(value)) throw new InvalidValue(path, `expected an object, found ${describe(value)}`);
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, values.encode(item, [...path, key])]),
      );
    },
  };
}

/**
 * A string enumeration. An open one (`x-speakeasy-unknown-values: allow`) keeps a value it does
 * not list as {@link Unrecognized}, so that an API adding a value does not break old clients.
 */
export function enumeration<V extends string>(
  values: readonly V[],
  open: boolean,
): Schema<V | Unrecognized<string>> {
  const known = new Set<string>(values);
  return {
    decode(value, path) {
      if (typeof value === "string" && known.has(value)) return value as V;
      if (open && typeof value === "string") return unrecognized(value);
      throw new SchemaMismatch(path, `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, value);
    },
    encode(value, path = []) {
      if (typeof value === "string" && (open || known.has(value))) return value;
      throw new InvalidValue(
        path,
        `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}, found ${describe(value)}`,
      );
    },
  };
}

/** One property of an object schema. */
export type Property = {
  /** The property's name on the wire. */
  wire: string;
  schema: Schema<unknown>;
  required: boolean;
};

/**
 * An object with the given properties, keyed by their model names. A missing required property
 * that may be `null` reads as `null`; extra properties are dropped.
 */
export function object<T>(properties: Record<string, Property>): Schema<T> {
  const entries = Object.entries(properties);
  return {
    decode(value, path) {
      if (!isObject(value)) throw new SchemaMismatch(path, "an object", value);
      const out: Record<string, unknown> = {};
      for (const [name, property] of entries) {
        const item = value[property.wire];
        const where = `${path}.${property.wire}`;
        if (item === undefined) {
          if (!property.required) continue;
          out[name] = property.schema.decode(null, where);
          continue;
        }
        out[name] = property.schema.decode(item, where);
      }
      return out as T;
    },
    encode(value, path = []) {
      if (!isObject(value)) throw new InvalidValue(path, `expected an object, found ${describe(value)}`);
      const out: Record<string, unknown> = {};
      for (const [name, property] of entries) {
        const item = value[name];
        if (item === undefined) {
          if (property.required) throw new InvalidValue([...path, name], "required property is missing");
          continue;
        }
        out[property.wire] = property.schema.encode(item, [...path, name]);
      }
      return out;
    },
  };
}

/**
 * How many object keys with a value `input` has (at any depth), and how many of them `output` has
 * at the same place: how much of a decoded value a union variant kept.
 */
function keptKeys(input: unknown, output: unknown): [number, number] {
  let keys = 0;
  let kept = 0;
  if (Array.isArray(input)) {
    input.forEach((item: unknown, index) => {
      const [inner, innerKept] = keptKeys(item, Array.isArray(output) ? output[index] : undefined);
      keys += inner;
      kept += innerKept;
    });
  } else if (isObject(input)) {
    for (const [key, item] of Object.entries(input)) {
      if (item === null || item === undefined) continue;
      const found = isObject(output) ? output[key] : undefined;
      const present = found !== null && found !== undefined;
      const [inner, innerKept] = keptKeys(item, present ? found : undefined);
      keys += 1 + inner;
      kept += (present ? 1 : 0) + innerKept;
    }
  }
  return [keys, kept];
}

/**
 * One of several types, without a tag to tell them apart. Decoding takes the first variant that
 * keeps every property of the value (its encoding has them all), else the one that keeps the most,
 * so that no variant silently drops what another would keep. Encoding tries them in order.
 */
export function union<T>(variants: readonly Schema<unknown>[]): Schema<T> {
  return {
    decode(value, path) {
      const [keys] = keptKeys(value, undefined);
      let best: { kept: number; value: unknown } | undefined;
      for (const variant of variants) {
        let decoded: unknown;
        try {
          decoded = variant.decode(value, path);
        } catch (error) {
          if (!(error instanceof SchemaMismatch)) throw error;
          continue;
        }
        let kept = 0;
        try {
          kept = keptKeys(value, variant.encode(decoded))[1];
        } catch {
          kept = 0;
        }
        if (best === undefined || kept > best.kept) best = { kept, value: decoded };
        if (kept === keys) break;
      }
      if (best === undefined) throw new SchemaMismatch(path, `one of ${variants.length} variants`, value);
      return best.value as T;
    },
    encode(value, path = []) {
      for (const variant of variants) {
        try {
          const encoded = variant.encode(value, path);
          variant.decode(encoded, "$");
          return encoded;
        } catch {
          continue;
        }
      }
      throw new InvalidValue(path, `matches none of the ${variants.length} variants`);
    },
  };
}

/** The property that tells a discriminated union's variants apart. */
export type Tag = {
  /** Its name on the wire, e.g. `type`. */
  wire: string;
  /** Its name in the models, e.g. `type`. */
  name: string;
};

/**
 * A union told apart by a tag property (OpenAPI's `discriminator`): the tag's value selects the
 * variant's schema, keyed by tag value in `variants`. A tag it does not list fails to decode, unless
 * the union is `open` (`x-speakeasy-unknown-values: allow`): then the value is kept as received (an
 * {@link Unrecognized} object) and sent back unchanged. Encoding picks the variant by the model's
 * tag and always sends the tag.
 */
export function discriminated<T>(
  tag: Tag,
  variants: Readonly<Record<string, Schema<unknown>>>,
  open: boolean,
): Schema<T> {
  const known = Object.keys(variants);
  const expected = `one of ${known.map((value) => JSON.stringify(value)).join(", ")}`;
  const variantOf = (selected: unknown): Schema<unknown> | undefined =>
    typeof selected === "string" && Object.hasOwn(variants, selected) ? variants[selected] : undefined;
  const tagged = (encoded: unknown, selected: string): unknown =>
    isObject(encoded) ? { ...encoded, [tag.wire]: selected } : encoded;
  return {
    decode(value, path) {
      if (!isObject(value)) {
        throw new SchemaMismatch(path, `an object with a ${JSON.stringify(tag.wire)} property`, value);
      }
      const selected = value[tag.wire];
      const variant = variantOf(selected);
      if (variant !== undefined) return variant.decode(value, path) as T;
      if (open) return value as Unrecognized<Record<string, unknown>> as T;
      throw new SchemaMismatch(`${path}.${tag.wire}`, expected, selected);
    },
    encode(value, path = []) {
      if (!isObject(value)) throw new InvalidValue(path, `expected an object, found ${describe(value)}`);
      const selected = value[tag.name];
      const variant = variantOf(selected);
      if (variant !== undefined && typeof selected === "string") {
        return tagged(variant.encode(value, path), selected);
      }
      if (open && typeof value[tag.wire] === "string") return value;
      // A variant whose model does not hold the tag: the first that takes the value.
      for (const [candidate, schema] of Object.entries(variants)) {
        try {
          const encoded = schema.encode(value, path);
          schema.decode(encoded, "$");
          return tagged(encoded, candidate);
        } catch {
          continue;
        }
      }
      throw new InvalidValue([...path, tag.name], `expected ${expected}, found ${describe(selected)}`);
    },
  };
}

/** A schema defined later (or by itself): models refer to each other through this. */
export function lazy<T>(get: () => Schema<T>): Schema<T> {
  return {
    decode: (value, path) => get().decode(value, path),
    encode: (value, path) => get().encode(value, path),
  };
}
