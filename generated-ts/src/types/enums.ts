/**
 * Open enums: an API may add enum values after the SDK was generated. Decoding
 * keeps such values instead of failing, but brands them so that they cannot be
 * mistaken for (or assigned from) a known value without the caller noticing.
 */

declare const unrecognizedBrand: unique symbol;

/** A value the SDK did not know when it was generated, e.g. a new enum member. */
export type Unrecognized<T> = T & { readonly [unrecognizedBrand]: true };

/** Marks a string as an unrecognized enum value (the brand exists only in types). */
export function unrecognized<T extends string>(value: T): Unrecognized<T> {
  return value as Unrecognized<T>;
}

/**
 * The type of an open enum described by a const object such as
 * `{ S256: "S256", Plain: "plain" } as const`: one of its values, or any other
 * string marked as unrecognized.
 */
export type OpenEnum<T extends Readonly<Record<string, string>>> =
  | T[keyof T]
  | Unrecognized<string>;
