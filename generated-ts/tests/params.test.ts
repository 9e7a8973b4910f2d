/**
 * Parameters on the wire (lib/requests.ts, lib/encodings.ts): every OpenAPI `style` with and
 * without `explode`, literal delimiters between encoded values, objects in their wire form
 * through their schema, cookies in one header, and values that cannot be sent refused as
 * `SDKValidationError`s before any I/O.
 */

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { unwrap } from "../src/lib/fp.js";
import { buildCookies, buildHeaders, buildPath, buildQuery, param } from "../src/lib/requests.js";
import * as s from "../src/lib/schemas.js";
import { SDKValidationError } from "../src/models/errors/sdkvalidationerror.js";

type Point = { x: number; yPos: number };
const Point$schema: s.Schema<Point> = s.object<Point>({
  x: { wire: "x", schema: s.integer, required: true },
  yPos: { wire: "y", schema: s.integer, required: true },
});
type Filter = { name?: string | undefined; size?: Point | undefined; colors?: string[] | undefined };
const Filter$schema: s.Schema<Filter> = s.object<Filter>({
  name: { wire: "name", schema: s.string, required: false },
  size: { wire: "size", schema: Point$schema, required: false },
  colors: { wire: "colors", schema: s.array(s.string), required: false },
});
const ints = s.array(s.integer);
const strings = s.array(s.string);

describe("query styles", () => {
  test("form, spaceDelimited, pipeDelimited and deepObject, as OpenAPI's examples", () => {
    const query = buildQuery({
      ids: param([1, 2], ints, "form", true),
      tags: param(["a", "b c"], strings, "form", false),
      spaced: param(["x", "y"], strings, "spaceDelimited", false),
      piped: param(["x", "y"], strings, "pipeDelimited", false),
      filter: param({ name: "big one", size: { x: 1, yPos: 2 }, colors: ["red", "blue"] }, Filter$schema, "deepObject", true),
      point: param({ x: 3, yPos: 4 }, Point$schema, "form", true),
      corner: param({ x: 5, yPos: 6 }, Point$schema, "form", false),
      text: param("a,b&c", s.string, "form", true),
      unset: param(undefined, s.string, "form", true),
      empty: param([], ints, "form", false),
    });
    assert.equal(
      unwrap(query),
      [
        "ids=1&ids=2",
        "tags=a,b%20c",
        "spaced=x%20y",
        "piped=x|y",
        "filter[name]=big%20one&filter[size][x]=1&filter[size][y]=2&filter[colors]=red&filter[colors]=blue",
        "x=3&y=4",
        "corner=x,5,y,6",
        "text=a%2Cb%26c",
      ].join("&"),
    );
  });

  test("a nested value outside deepObject, or a value not of its schema, is refused", () => {
    const nested = buildQuery({ filter: param({ size: { x: 1, yPos: 2 } }, Filter$schema, "form", true) });
    assert.ok(!nested.ok && nested.error instanceof SDKValidationError);
    assert.match(nested.error.message, /filter\.size: nested arrays and objects cannot be sent/);
    const wrong = buildQuery({ ids: param(["1"] as unknown as number[], ints, "form", true) });
    assert.ok(!wrong.ok && wrong.error instanceof SDKValidationError);
    const lone = buildQuery({ text: param("\ud800", s.string, "form", true) });
    assert.ok(!lone.ok && lone.error instanceof SDKValidationError, "a lone surrogate cannot be encoded");
  });
});

describe("path styles", () => {
  test("simple, label and matrix, exploded or not, each segment percent-encoded", () => {
    const path = buildPath("/p/{simple}/{label}/{matrix}/{object}/{spread}/{name}", {
      simple: param(["a", "b/c"], strings, "simple", false),
      label: param(["x", "y"], strings, "label", true),
      matrix: param(["m", "n"], strings, "matrix", false),
      object: param({ x: 1, yPos: 2 }, Point$schema, "simple", true),
      spread: param(["m", "n"], strings, "matrix", true),
      name: param("r é,s", s.string, "simple", false),
    });
    assert.equal(unwrap(path), "/p/a,b%2Fc/.x.y/;matrix=m,n/x=1,y=2/;spread=m;spread=n/r%20%C3%A9%2Cs");
    assert.equal(unwrap(buildPath("/p/{o}", { o: param({ x: 1, yPos: 2 }, Point$schema, "label", false) })), "/p/.x,1,y,2");
    assert.equal(unwrap(buildPath("/p/{o}", { o: param({ x: 1, yPos: 2 }, Point$schema, "matrix", true) })), "/p/;x=1;y=2");
    assert.equal(unwrap(buildPath("/p/{e}", { e: param("", s.string, "matrix", false) })), "/p/;e");
  });

  test("a path parameter without a value is refused", () => {
    const path = buildPath("/p/{id}", { id: param(undefined, s.string, "simple", false) });
    assert.ok(!path.ok && path.error instanceof SDKValidationError);
    assert.match(path.error.message, /id: is part of the path and must have a value/);
  });
});

describe("headers and cookies", () => {
  test("headers are simple and not percent-encoded; absent ones stay undefined", () => {
    const headers = buildHeaders({
      "X-Ids": param([1, 2], ints, "simple", false),
      "X-Point": param({ x: 1, yPos: 2 }, Point$schema, "simple", true),
      "X-Text": param("a b", s.string, "simple", false),
      "X-None": param(undefined, s.string, "simple", false),
    });
    assert.deepEqual(unwrap(headers), { "X-Ids": "1,2", "X-Point": "x=1,y=2", "X-Text": "a b", "X-None": undefined });
  });

  test("cookies share one header, values encoded where RFC 6265 forbids a character", () => {
    const cookies = buildCookies({
      theme: param("dark mode; yes", s.string, "form", true),
      ids: param([1, 2], ints, "form", false),
      each: param([1, 2], ints, "form", true),
      session: param(undefined, s.string, "form", true),
    });
    assert.equal(unwrap(cookies), "theme=dark%20mode%3B%20yes; ids=1,2; each=1; each=2");
    assert.equal(unwrap(buildCookies({ session: param(null, s.string, "form", true) })), undefined);
  });
});
