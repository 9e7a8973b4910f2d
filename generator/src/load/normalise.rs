//! OpenAPI 3.1 to the 3.0 shape that the `openapiv3` crate reads.
//!
//! 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are an older dialect. The differences that real
//! documents use are rewritten here, on the raw JSON value, before deserialization:
//!
//! | 3.1                                   | 3.0                                      |
//! | ------------------------------------- | ---------------------------------------- |
//! | `type: [X, 'null']`                   | `type: X, nullable: true`                |
//! | `type: [X, Y]`                        | `anyOf: [{type: X}, {type: Y}]`          |
//! | `enum: [.., null]`                    | `enum: [..], nullable: true`             |
//! | `anyOf`/`oneOf` with a `null` member  | the other members, `nullable: true`      |
//! | `const: X`                            | `enum: [X]`                              |
//! | `examples: [X, ..]`                   | `example: X`                             |
//! | `exclusiveMinimum: N` (a number)      | `minimum: N, exclusiveMinimum: true`     |
//! | `$ref` with sibling keywords          | `allOf: [{$ref}]` with the siblings      |
//! | `contentMediaType` on a string (raw)  | `format: binary`                         |
//!
//! Only schema positions are rewritten: a media type's `examples` map, say, is left alone. One
//! rewrite is for both versions: an `encoding` entry without `explode` gets the spec's default
//! (`true` for the `form` style, else `false`), which `openapiv3` would read as `false`.

use serde_json::{Map, Value, json};

/// Rewrites every schema of a document in place.
pub fn normalise_document(document: &mut Value) {
    walk(document, false);
}

/// Keys whose values are example payloads: never schemas, never walked. (Outside schemas,
/// `default` is the default response, which is walked.)
const OPAQUE_KEYS: &[&str] = &["example", "examples"];

fn walk(value: &mut Value, in_components: bool) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match key.as_str() {
                    "schema" => normalise_schema(child),
                    "encoding" => for_each_value(child, explicit_explode),
                    "schemas" if in_components => for_each_value(child, normalise_schema),
                    key if OPAQUE_KEYS.contains(&key) || key.starts_with("x-") => {}
                    key => walk(child, key == "components"),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk(item, false)),
        _ => {}
    }
}

fn for_each_value(value: &mut Value, f: fn(&mut Value)) {
    match value {
        Value::Object(object) => object.values_mut().for_each(f),
        Value::Array(items) => items.iter_mut().for_each(f),
        _ => {}
    }
}

/// Rewrites one schema and, recursively, its sub-schemas.
pub fn normalise_schema(schema: &mut Value) {
    let Value::Object(object) = schema else {
        return;
    };
    wrap_ref_with_siblings(object);
    normalise_type_list(object);
    drop_null_from_enum(object);
    drop_null_alternatives(object, "anyOf");
    drop_null_alternatives(object, "oneOf");
    if let Some(value) = object.remove("const") {
        object.entry("enum").or_insert_with(|| json!([value]));
    }
    if let Some(Value::Array(mut examples)) = object.remove("examples")
        && !examples.is_empty()
        && !object.contains_key("example")
    {
        object.insert("example".into(), examples.swap_remove(0));
    }
    numeric_exclusive_bound(object, "exclusiveMinimum", "minimum");
    numeric_exclusive_bound(object, "exclusiveMaximum", "maximum");
    binary_content(object);
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "items" | "additionalProperties" | "not" => normalise_schema(child),
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                for_each_value(child, normalise_schema)
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => for_each_value(child, normalise_schema),
            _ => {}
        }
    }
}

/// 3.0 ignores keywords beside `$ref`; keep them by referring through a one-member `allOf`.
fn wrap_ref_with_siblings(object: &mut Map<String, Value>) {
    if object.len() > 1
        && let Some(reference) = object.remove("$ref")
    {
        object.insert("allOf".into(), json!([{ "$ref": reference }]));
    }
}

fn normalise_type_list(object: &mut Map<String, Value>) {
    let types: Vec<String> = match object.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(single)) if single == "null" => vec![single.clone()],
        _ => return,
    };
    let (nulls, others): (Vec<_>, Vec<_>) = types.into_iter().partition(|t| t == "null");
    object.remove("type");
    if !nulls.is_empty() {
        object.insert("nullable".into(), Value::Bool(true));
    }
    match others.as_slice() {
        [] => {}
        [single] => {
            object.insert("type".into(), Value::String(single.clone()));
        }
        many => {
            let alternatives = many.iter().map(|t| json!({ "type": t })).collect();
            object.insert("anyOf".into(), Value::Array(alternatives));
        }
    }
}

fn drop_null_from_enum(object: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = object.get_mut("enum") else {
        return;
    };
    let before = values.len();
    values.retain(|value| !value.is_null());
    if values.len() != before {
        object.insert("nullable".into(), Value::Bool(true));
    }
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        || schema
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|t| t.len() == 1 && t[0] == "null")
}

/// `anyOf: [X, {type: null}]` is how 3.1 spells a nullable X.
fn drop_null_alternatives(object: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(alternatives)) = object.get_mut(key) else {
        return;
    };
    let before = alternatives.len();
    alternatives.retain(|alternative| !is_null_schema(alternative));
    if alternatives.len() == before {
        return;
    }
    // A single alternative is the type itself; an existing `allOf` gains it as a member.
    if alternatives.len() == 1 {
        let only = alternatives.remove(0);
        object.remove(key);
        match object.get_mut("allOf") {
            Some(Value::Array(members)) => members.push(only),
            _ => {
                object.insert("allOf".into(), json!([only]));
            }
        }
    }
    object.insert("nullable".into(), Value::Bool(true));
}

fn numeric_exclusive_bound(object: &mut Map<String, Value>, exclusive: &str, inclusive: &str) {
    if let Some(Value::Number(bound)) = object.get(exclusive).cloned() {
        object.insert(inclusive.into(), Value::Number(bound));
        object.insert(exclusive.into(), Value::Bool(true));
    }
}

/// 3.1 spells raw bytes (a file of a multipart body) as a string with a `contentMediaType` and no
/// `contentEncoding`; 3.0 as `format: binary`.
fn binary_content(object: &mut Map<String, Value>) {
    let string = object.get("type").is_none_or(|ty| ty == "string");
    if string
        && object.contains_key("contentMediaType")
        && !object.contains_key("contentEncoding")
        && !object.contains_key("format")
    {
        object.insert("type".into(), json!("string"));
        object.insert("format".into(), json!("binary"));
    }
}

/// Writes out the default `explode` of an `encoding` entry: `true` for the `form` style (the
/// default style), `false` for the others.
fn explicit_explode(entry: &mut Value) {
    let Value::Object(entry) = entry else {
        return;
    };
    let form = entry.get("style").is_none_or(|style| style == "form");
    entry.entry("explode").or_insert(Value::Bool(form));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{normalise_document, normalise_schema};

    fn normalised(mut schema: serde_json::Value) -> serde_json::Value {
        normalise_schema(&mut schema);
        schema
    }

    #[test]
    fn type_with_null_becomes_nullable() {
        assert_eq!(
            normalised(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn enum_with_null_becomes_nullable() {
        assert_eq!(
            normalised(json!({"type": "string", "enum": ["a", null]})),
            json!({"type": "string", "enum": ["a"], "nullable": true})
        );
    }

    #[test]
    fn const_examples_and_numeric_bounds() {
        assert_eq!(
            normalised(json!({"const": "x", "examples": ["e1", "e2"]})),
            json!({"enum": ["x"], "example": "e1"})
        );
        assert_eq!(
            normalised(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn content_media_type_is_binary_and_encodings_explode_explicitly() {
        assert_eq!(
            normalised(json!({"type": "string", "contentMediaType": "image/png"})),
            json!({"type": "string", "contentMediaType": "image/png", "format": "binary"})
        );
        let base64 =
            json!({"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"});
        assert_eq!(normalised(base64.clone()), base64);
        let mut document = json!({"paths": {"/x": {"post": {"requestBody": {"content": {
            "application/x-www-form-urlencoded": {"encoding": {
                "a": {}, "b": {"style": "deepObject"}, "c": {"style": "form", "explode": false}
            }}
        }}}}}});
        normalise_document(&mut document);
        let encoding = &document["paths"]["/x"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            ["encoding"];
        assert_eq!(encoding["a"]["explode"], json!(true));
        assert_eq!(encoding["b"]["explode"], json!(false));
        assert_eq!(encoding["c"]["explode"], json!(false));
    }

    #[test]
    fn any_of_with_null_member_becomes_nullable_all_of() {
        assert_eq!(
            normalised(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
    }

    #[test]
    fn nested_schemas_are_rewritten_but_examples_are_not() {
        let mut document = json!({
            "components": {"schemas": {"A": {"properties": {"b": {"type": ["integer", "null"]}}}}},
            "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"items": {"type": ["string", "null"]}},
                "examples": {"one": {"value": {"type": ["kept"]}}}
            }}}}}}}
        });
        normalise_document(&mut document);
        assert_eq!(
            document["components"]["schemas"]["A"]["properties"]["b"],
            json!({"type": "integer", "nullable": true})
        );
        let media =
            &document["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            media["schema"]["items"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(media["examples"]["one"]["value"], json!({"type": ["kept"]}));
    }
}
