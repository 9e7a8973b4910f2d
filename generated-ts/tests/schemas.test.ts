/**
 * Tests of the static schema runtime's unions (src/lib/schemas.ts): discriminated unions decode by
 * their tag and encode with it; untagged unions decode as the variant that keeps every property.
 * Hand-written: codegen does not own this file.
 */

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import * as s from "../src/lib/schemas.js";

type Cat = { petType: "cat"; name: string };
type Dog = { petType: "dog"; name: string; goodBoy?: boolean | undefined };
type Pet = Cat | Dog;

const cat = s.object<Cat>({
  petType: { wire: "pet_type", schema: s.enumeration(["cat"], false), required: true },
  name: { wire: "name", schema: s.string, required: true },
});
const dog = s.object<Dog>({
  petType: { wire: "pet_type", schema: s.enumeration(["dog"], false), required: true },
  name: { wire: "name", schema: s.string, required: true },
  goodBoy: { wire: "good_boy", schema: s.boolean, required: false },
});
const tag = { wire: "pet_type", name: "petType" };

describe("discriminated", () => {
  const pet = s.discriminated<Pet>(tag, { cat, dog }, false);

  test("decodes the variant its tag selects", () => {
    assert.deepEqual(pet.decode({ pet_type: "dog", name: "Rex", good_boy: true }, "$"), {
      petType: "dog",
      name: "Rex",
      goodBoy: true,
    });
    assert.deepEqual(pet.decode({ pet_type: "cat", name: "Tom", good_boy: true }, "$"), {
      petType: "cat",
      name: "Tom",
    });
  });

  test("rejects an unknown or missing tag, naming the known ones", () => {
    assert.throws(
      () => pet.decode({ pet_type: "parrot", name: "Polly" }, "$.pet"),
      (error: unknown) =>
        error instanceof s.SchemaMismatch &&
        error.path === "$.pet.pet_type" &&
        error.expected === 'one of "cat", "dog"',
    );
    assert.throws(() => pet.decode({ name: "Tom" }, "$"), s.SchemaMismatch);
    assert.throws(() => pet.decode("cat", "$"), s.SchemaMismatch);
  });

  test("encodes the variant its model's tag selects, with the tag", () => {
    assert.deepEqual(pet.encode({ petType: "dog", name: "Rex" }), { pet_type: "dog", name: "Rex" });
    assert.throws(
      () => pet.encode({ petType: "parrot", name: "Polly" } as unknown as Pet, ["body"]),
      s.InvalidValue,
    );
  });

  test("an open union keeps an unknown tag as received", () => {
    const open = s.discriminated<Pet>(tag, { cat, dog }, true);
    const value = { pet_type: "parrot", words: ["hello"] };
    assert.deepEqual(open.decode(value, "$"), value);
    assert.deepEqual(open.encode(value as unknown as Pet), value);
  });
});

describe("union", () => {
  type Person = { name: string };
  type Employee = { name: string; employeeId?: number | undefined };
  const person = s.object<Person>({ name: { wire: "name", schema: s.string, required: true } });
  const employee = s.object<Employee>({
    name: { wire: "name", schema: s.string, required: true },
    employeeId: { wire: "employee_id", schema: s.integer, required: false },
  });
  const contact = s.union<Person | Employee>([person, employee]);

  test("decodes as the variant that keeps every property, not the first that decodes", () => {
    assert.deepEqual(contact.decode({ name: "Ada", employee_id: 7 }, "$"), { name: "Ada", employeeId: 7 });
    assert.deepEqual(contact.decode({ name: "Ada" }, "$"), { name: "Ada" });
  });

  test("fails when no variant decodes", () => {
    assert.throws(() => contact.decode({ employee_id: 7 }, "$"), s.SchemaMismatch);
  });
});
