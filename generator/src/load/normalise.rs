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
//! | `const: X`                            | `enum: [X]` (and X's `type` when unset)  |
//! | `examples: [X, ..]`                   | `example: X`                             |
//! | `exclusiveMinimum: N` (a number)      | `minimum: N, exclusiveMinimum: true`     |
//! | `$ref` with sibling keywords          | `allOf: [{$ref}]` with the siblings      |
//! | `prefixItems: [A, B]` (a tuple)       | `items: {anyOf: [A, B]}` (or the one)    |
//! | `contentEncoding: base64`             | `format: byte`                           |
//! | `contentMediaType: X` (not JSON)      | `format: binary`                         |
//! | `true` / `false` as a schema          | `{}` / `{not: {}}`                       |
//!
//! Only schema positions are rewritten: a media type's `examples` map, say, is left alone. One
//! rewrite is for both versions: an `encoding` entry without `explode` gets the spec's default
//! (`true` for the `form` style, else `false`), which `openapiv3` would read as `false`.
//!
//! The document itself: `paths` and an operation's `responses` are optional in 3.1 and become
//! empty; path items and callbacks referred to from `#/components/pathItems` and
//! `#/components/callbacks` are inlined; security schemes 3.0 cannot express (`mutualTLS`) are
//! left out with a note.

use serde_json::{Map, Value, json};

use crate::diagnostics::join_pointer;

/// Something normalisation left out: the JSON pointer of the node, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub pointer: String,
    pub message: String,
}

/// Rewrites every schema of a document in place, and its 3.1 document structure to 3.0's.
pub fn normalise_document(document: &mut Value) -> Vec<Note> {
    let mut notes = Vec::new();
    if let Value::Object(root) = document {
        let components = root.get("components").cloned().unwrap_or(Value::Null);
        root.entry("paths").or_insert_with(|| json!({}));
        for section in ["paths", "webhooks"] {
            if let Some(Value::Object(items)) = root.get_mut(section) {
                for item in items.values_mut() {
                    inline_component(item, &components, "pathItems");
                    complete_path_item(item, &components);
                }
            }
        }
        if let Some(Value::Object(callbacks)) = root
            .get_mut("components")
            .and_then(|components| components.get_mut("callbacks"))
        {
            for callback in callbacks.values_mut() {
                complete_callback(callback, &components);
            }
        }
        drop_unsupported_security_schemes(root, &mut notes);
    }
    walk(document, false);
    notes
}

/// The HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Gives each operation of a path item the `responses` 3.0 requires (3.1 makes them optional),
/// and inlines the callbacks it refers to.
fn complete_path_item(item: &mut Value, components: &Value) {
    let Value::Object(item) = item else {
        return;
    };
    inline_described_parameters(item, components);
    for method in METHODS {
        let Some(Value::Object(operation)) = item.get_mut(*method) else {
            continue;
        };
        operation.entry("responses").or_insert_with(|| json!({}));
        inline_described_parameters(operation, components);
        if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
            for callback in callbacks.values_mut() {
                inline_component(callback, components, "callbacks");
                complete_callback(callback, components);
            }
        }
    }
}

/// A parameter `$ref` with its own `description` (3.1 lets a reference override the target's) is
/// inlined, since `openapiv3` reads a reference as the target alone.
fn inline_described_parameters(owner: &mut Map<String, Value>, components: &Value) {
    if let Some(Value::Array(parameters)) = owner.get_mut("parameters") {
        for parameter in parameters {
            let described = parameter.get("$ref").is_some()
                && (parameter.get("description").is_some() || parameter.get("summary").is_some());
            if described {
                inline_component(parameter, components, "parameters");
            }
        }
    }
}

/// A callback is a map of expressions to path items.
fn complete_callback(callback: &mut Value, components: &Value) {
    if let Value::Object(items) = callback {
        for item in items.values_mut() {
            inline_component(item, components, "pathItems");
            complete_path_item(item, components);
        }
    }
}

/// Replaces `{$ref: '#/components/<kind>/<name>'}` by a copy of that component (keeping the
/// reference's own `summary` and `description`), which `openapiv3` cannot resolve for path items
/// and callbacks. Any other reference is left for the loader to report.
fn inline_component(value: &mut Value, components: &Value, kind: &str) {
    let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
        return;
    };
    let prefix = format!("#/components/{kind}/");
    let Some(target) = reference
        .strip_prefix(&prefix)
        .and_then(|name| components.get(kind)?.get(name))
    else {
        return;
    };
    let mut inlined = target.clone();
    if let (Value::Object(inlined), Value::Object(reference)) = (&mut inlined, &*value) {
        for key in ["summary", "description"] {
            // A parameter has no `summary`.
            if key == "summary" && kind == "parameters" {
                continue;
            }
            if let Some(text) = reference.get(key) {
                inlined.insert(key.into(), text.clone());
            }
        }
    }
    *value = inlined;
}

/// Security scheme types of 3.1 that 3.0 (and so `openapiv3`) does not know.
const UNSUPPORTED_SCHEMES: &[&str] = &["mutualTLS"];

fn drop_unsupported_security_schemes(root: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|components| components.get_mut("securitySchemes"))
    else {
        return;
    };
    schemes.retain(|name, scheme| {
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or_default();
        if !UNSUPPORTED_SCHEMES.contains(&kind) {
            return true;
        }
        notes.push(Note {
            pointer: join_pointer("/components/securitySchemes", name),
            message: format!(
                "security scheme `{name}` of type `{kind}` is not supported (the SDK sends no client certificate); left out"
            ),
        });
        false
    });
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
    if let Value::Bool(accepts) = schema {
        // JSON Schema's boolean schemas: `true` accepts anything, `false` nothing.
        *schema = if *accepts {
            json!({})
        } else {
            json!({"not": {}})
        };
    }
    let Value::Object(object) = schema else {
        return;
    };
    wrap_ref_with_siblings(object);
    normalise_type_list(object);
    drop_null_from_enum(object);
    drop_null_alternatives(object, "anyOf");
    drop_null_alternatives(object, "oneOf");
    const_as_enum(object);
    if let Some(Value::Array(mut examples)) = object.remove("examples")
        && !examples.is_empty()
        && !object.contains_key("example")
    {
        object.insert("example".into(), examples.swap_remove(0));
    }
    numeric_exclusive_bound(object, "exclusiveMinimum", "minimum");
    numeric_exclusive_bound(object, "exclusiveMaximum", "maximum");
    prefix_items_as_items(object);
    content_as_format(object);
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "items" | "not" => normalise_schema(child),
            // `additionalProperties: true/false` is already 3.0.
            "additionalProperties" if child.is_object() => normalise_schema(child),
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                for_each_value(child, normalise_schema)
            }
            "allOf" | "anyOf" | "oneOf" => for_each_value(child, normalise_schema),
            _ => {}
        }
    }
}

/// `const: X` is a one-value enum; without a `type`, X's own type says what the value is.
fn const_as_enum(object: &mut Map<String, Value>) {
    let Some(value) = object.remove("const") else {
        return;
    };
    let json_type = match &value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    if let Some(json_type) = json_type
        && !object.contains_key("type")
    {
        object.insert("type".into(), json_type.into());
    }
    object.entry("enum").or_insert_with(|| json!([value]));
}

/// A tuple (`prefixItems`) is read as an array of its members' union, with the schema of any
/// further `items`: the closest 3.0 has. Equal members collapse, so `[A, A]` is an array of `A`.
fn prefix_items_as_items(object: &mut Map<String, Value>) {
    let Some(Value::Array(prefix)) = object.remove("prefixItems") else {
        return;
    };
    let mut members: Vec<Value> = Vec::new();
    let rest = match object.remove("items") {
        // `items: false` closes the tuple: no member beyond the prefix.
        Some(Value::Bool(false)) | None => None,
        Some(Value::Bool(true)) => Some(json!({})),
        Some(items) => Some(items),
    };
    for member in prefix.into_iter().chain(rest) {
        if !members.contains(&member) {
            members.push(member);
        }
    }
    let items = match members.len() {
        0 => json!({}),
        1 => members.remove(0),
        _ => json!({ "anyOf": members }),
    };
    object.insert("items".into(), items);
}

/// JSON Schema says how a string holds content with `contentEncoding` and `contentMediaType`;
/// 3.0 says it with `format`.
fn content_as_format(object: &mut Map<String, Value>) {
    let typed_string = object
        .get("type")
        .is_none_or(|json_type| json_type == "string");
    if object.contains_key("format") || !typed_string {
        return;
    }
    let encoding = object.get("contentEncoding").and_then(Value::as_str);
    let media_type = object.get("contentMediaType").and_then(Value::as_str);
    let format = match (encoding, media_type) {
        (Some(encoding), _) if encoding.eq_ignore_ascii_case("base64") => "byte",
        (None, Some(media_type))
            if !media_type.contains("json") && !media_type.starts_with("text/") =>
        {
            "binary"
        }
        _ => return,
    };
    object.insert("type".into(), "string".into());
    object.insert("format".into(), format.into());
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

    use super::{Note, normalise_document, normalise_schema};

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
            json!({"type": "string", "enum": ["x"], "example": "e1"})
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
        // Base64 text is a string of bytes in JSON, not raw binary.
        assert_eq!(
            normalised(
                json!({"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"})
            ),
            json!({"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64", "format": "byte"})
        );
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
        assert!(normalise_document(&mut document).is_empty());
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

    #[test]
    fn const_takes_the_type_of_its_value() {
        assert_eq!(
            normalised(json!({"const": 4})),
            json!({"type": "integer", "enum": [4]})
        );
        assert_eq!(
            normalised(json!({"const": true})),
            json!({"type": "boolean", "enum": [true]})
        );
        assert_eq!(
            normalised(json!({"type": "string", "const": "a"})),
            json!({"type": "string", "enum": ["a"]})
        );
    }

    #[test]
    fn tuples_become_arrays_of_their_members() {
        assert_eq!(
            normalised(
                json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": false})
            ),
            json!({"type": "array", "items": {"type": "number"}})
        );
        assert_eq!(
            normalised(
                json!({"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}})
            ),
            json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
        );
    }

    #[test]
    fn boolean_schemas_and_content_encodings() {
        assert_eq!(
            normalised(
                json!({"properties": {"any": true, "none": false}, "additionalProperties": false})
            ),
            json!({"properties": {"any": {}, "none": {"not": {}}}, "additionalProperties": false})
        );
        assert_eq!(
            normalised(json!({"type": "string", "contentEncoding": "base64"}))["format"],
            "byte"
        );
        assert_eq!(
            normalised(json!({"contentMediaType": "image/png"})),
            json!({"contentMediaType": "image/png", "type": "string", "format": "binary"})
        );
        assert_eq!(
            normalised(json!({"type": "string", "contentMediaType": "application/json"})),
            json!({"type": "string", "contentMediaType": "application/json"})
        );
    }

    #[test]
    fn optional_paths_and_responses_are_filled_and_component_items_inlined() {
        let mut document = json!({
            "webhooks": {"hook": {"$ref": "#/components/pathItems/Hook", "description": "mine"}},
            "components": {
                "pathItems": {"Hook": {"post": {"callbacks": {"cb": {"$ref": "#/components/callbacks/Cb"}}}}},
                "callbacks": {"Cb": {"{$url}": {"put": {}}}},
                "securitySchemes": {
                    "tls": {"type": "mutualTLS"},
                    "bearer": {"type": "http", "scheme": "bearer"}
                }
            }
        });
        let notes = normalise_document(&mut document);
        assert_eq!(document["paths"], json!({}));
        let hook = &document["webhooks"]["hook"];
        assert_eq!(hook["description"], "mine");
        assert_eq!(hook["post"]["responses"], json!({}));
        assert_eq!(
            hook["post"]["callbacks"]["cb"]["{$url}"]["put"]["responses"],
            json!({})
        );
        assert_eq!(
            document["components"]["callbacks"]["Cb"]["{$url}"]["put"]["responses"],
            json!({})
        );
        assert_eq!(
            notes,
            [Note {
                pointer: "/components/securitySchemes/tls".into(),
                message: "security scheme `tls` of type `mutualTLS` is not supported (the SDK sends no client certificate); left out".into(),
            }]
        );
        assert!(
            document["components"]["securitySchemes"]
                .get("tls")
                .is_none()
        );
        assert!(
            document["components"]["securitySchemes"]
                .get("bearer")
                .is_some()
        );
    }
}
