//! `templates/README.md` documents the serialized IR field by field: every key and every `kind` the
//! IR of the OAuth spec and of the fixtures serializes must appear in its IR reference, so that the
//! reference cannot fall behind `ir.rs`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use sdkgen::ir::{
    Auth, BodyKind, Example, PaginationKind, StatusMatch, TypeKind, TypeOrigin, TypeRef,
};

/// The serialized IR of the OAuth spec, `shapes.yaml`, `bodies.yaml` and `ir-reference.yaml`.
fn serialized_irs() -> Vec<serde_json::Value> {
    let oauth = sdkgen::load_config(&common::workspace().join("spec/sdkgen.toml")).expect("config");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let configs = [
        oauth,
        common::config_for(&fixtures.join("shapes.yaml"), &std::env::temp_dir()),
        common::config_for(&fixtures.join("bodies.yaml"), &std::env::temp_dir()),
        common::config_for(&fixtures.join("ir-reference.yaml"), &std::env::temp_dir()),
    ];
    configs
        .iter()
        .map(|config| {
            let api = sdkgen::load_api(config).expect("the spec lowers").api;
            serde_json::to_value(&api).expect("the IR serializes")
        })
        .collect()
}

/// Where the IR holds JSON from the spec (examples) rather than IR objects: keys below these are
/// the spec's, not the IR's. An `Example` of kind `any` holds such JSON in `value`.
const FREE_FORM: &[&str] = &[
    "types[].example",
    "types[].kind.fields[].example",
    "groups[].operations[].parameters[].example",
    "groups[].operations[].request_body.example",
    "groups[].operations[].request_body.alternatives[].example",
    "groups[].operations[].responses[].example",
    "groups[].operations[].responses[].stream.example",
    "groups[].operations[].errors[].example",
    "groups[].operations[].example.inputs[].json",
];

/// Every object key (with one path it was found at) and every `kind` tag below `value`.
fn collect(
    value: &serde_json::Value,
    path: &str,
    keys: &mut BTreeSet<(String, String)>,
    kinds: &mut BTreeSet<String>,
) {
    match value {
        serde_json::Value::Object(map) => {
            let kind = map.get("kind").and_then(serde_json::Value::as_str);
            if let Some(kind) = kind {
                kinds.insert(kind.to_owned());
            }
            for (key, item) in map {
                let item_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                keys.insert((key.clone(), item_path.clone()));
                let free_form = FREE_FORM.contains(&item_path.as_str())
                    || (kind == Some("any") && key == "value");
                if !free_form {
                    collect(item, &item_path, keys, kinds);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect(item, &format!("{path}[]"), keys, kinds);
            }
        }
        _ => {}
    }
}

/// The tags of the IR's tagged enums. The matches below stop compiling when a variant is added, so
/// that its tag is added here; the test then requires the fixtures to serialize every one of them.
const KINDS: &[&str] = &[
    // TypeRef
    "string",
    "date_time",
    "date",
    "uuid",
    "uri",
    "integer",
    "number",
    "boolean",
    "any",
    "binary",
    "file",
    "array",
    "map",
    "named",
    // TypeKind
    "object",
    "enum",
    "union",
    "alias",
    // TypeOrigin
    "component",
    "operation",
    // Example (besides the TypeRef and TypeKind tags above)
    "null",
    // StatusMatch
    "code",
    "class",
    "default",
    // Auth
    "bearer",
    // PaginationKind
    "offset_limit",
    "cursor",
    // BodyKind (a request body's `kind`; `binary` is above)
    "json",
    "form",
    "multipart",
    "text",
];

#[allow(dead_code)]
fn every_variant_has_its_tag_in_kinds(
    ty: &TypeRef,
    kind: &TypeKind,
    origin: &TypeOrigin,
    example: &Example,
    status: &StatusMatch,
    auth: &Auth,
    pagination: PaginationKind,
) {
    match ty {
        TypeRef::String
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Uuid
        | TypeRef::Uri
        | TypeRef::Integer { .. }
        | TypeRef::Number { .. }
        | TypeRef::Boolean
        | TypeRef::Any
        | TypeRef::Binary
        | TypeRef::File
        | TypeRef::Array { .. }
        | TypeRef::Map { .. }
        | TypeRef::Named { .. } => {}
    }
    match kind {
        TypeKind::Object { .. }
        | TypeKind::Enum { .. }
        | TypeKind::Union { .. }
        | TypeKind::Alias { .. } => {}
    }
    match origin {
        TypeOrigin::Component | TypeOrigin::Operation { .. } => {}
    }
    match example {
        Example::Null
        | Example::Boolean { .. }
        | Example::Number { .. }
        | Example::String { .. }
        | Example::Enum { .. }
        | Example::Array { .. }
        | Example::Map { .. }
        | Example::Object { .. }
        | Example::Union { .. }
        | Example::Alias { .. }
        | Example::Any { .. } => {}
    }
    match status {
        StatusMatch::Code { .. } | StatusMatch::Class { .. } | StatusMatch::Default => {}
    }
    match auth {
        Auth::Bearer { .. } => {}
    }
    match pagination {
        PaginationKind::OffsetLimit | PaginationKind::Cursor => {}
    }
}

/// A request body's `kind` (a plain string, not a tag, but listed in KINDS all the same).
#[allow(dead_code)]
fn every_body_kind_is_in_kinds(body: BodyKind) {
    match body {
        BodyKind::Json
        | BodyKind::Form
        | BodyKind::Multipart
        | BodyKind::Text
        | BodyKind::Binary => {}
    }
}

/// The README's IR reference: from its `## IR reference` heading to the next `## ` heading.
fn readme_ir_section() -> String {
    let readme = std::fs::read_to_string(common::workspace().join("templates/README.md"))
        .expect("templates/README.md");
    let start = readme
        .find("\n## IR reference\n")
        .expect("templates/README.md has a `## IR reference` section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |end| end + 3);
    rest[..end].to_owned()
}

#[test]
fn templates_readme_documents_every_field_of_the_serialized_ir() {
    let mut keys = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for ir in serialized_irs() {
        collect(&ir, "", &mut keys, &mut kinds);
    }

    // The fixtures exercise every tagged variant, so every variant's fields were collected.
    let expected: BTreeSet<String> = KINDS.iter().map(|kind| (*kind).to_owned()).collect();
    assert_eq!(
        kinds, expected,
        "the `kind` tags the fixtures serialize differ from KINDS: add a variant to \
         tests/fixtures/ir-reference.yaml, or its tag to KINDS"
    );

    let section = readme_ir_section();
    let mut missing: Vec<String> = Vec::new();
    let mut reported = BTreeSet::new();
    for (key, path) in &keys {
        if !section.contains(&format!("`{key}`")) && reported.insert(key.clone()) {
            missing.push(format!("field `{key}` (at {path})"));
        }
    }
    for kind in &kinds {
        if !section.contains(&format!("`{kind}`")) {
            missing.push(format!("kind `{kind}`"));
        }
    }
    assert!(
        missing.is_empty(),
        "templates/README.md's IR reference does not mention (in backticks):\n  {}",
        missing.join("\n  ")
    );
}
