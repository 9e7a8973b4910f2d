//! No input makes the generator panic: real specs, mutated at random (keys deleted, values of the
//! wrong type, deep nesting, `$ref` cycles, huge and odd names, broken bytes), are loaded, lowered
//! and, when small, rendered as a Rust crate; each run ends in files or in a clean error.
//!
//! The number of cases is `PROPTEST_CASES` (default 48: a few seconds in CI); a failing case is
//! shrunk to a small document and printed.

mod common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Value, json};

/// Documents the mutations start from: the fixtures, the OpenRouter specs and the real-world
/// corpus beside the repository (when it is there).
fn seeds() -> Vec<Value> {
    let fixtures = common::workspace().join("generator/tests/fixtures");
    let shared = common::workspace().join("../shared");
    let mut paths: Vec<PathBuf> = [
        "rough-edges.yaml",
        "shapes.yaml",
        "unions.yaml",
        "pagination.yaml",
        "streaming.yaml",
    ]
    .iter()
    .map(|name| fixtures.join(name))
    .collect();
    paths.push(shared.join("spec/openrouter-oauth.openapi.yaml"));
    for entry in std::fs::read_dir(shared.join("corpus"))
        .into_iter()
        .flatten()
    {
        paths.extend(entry.ok().map(|entry| entry.path()));
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .filter_map(|text| serde_yaml_ng::from_str::<Value>(&text).ok())
        .collect()
}

/// One change to a document, at the node the `at` number picks (modulo the number of nodes).
#[derive(Debug, Clone)]
enum Mutation {
    /// Removes the node from its object or array.
    Delete { at: usize },
    /// Replaces the node by a value of another type.
    WrongType { at: usize, value: Value },
    /// Wraps the node in `depth` levels of schemas that contain it.
    Nest { at: usize, depth: usize },
    /// Replaces the node by a `$ref` to a component schema that refers back to it.
    RefCycle { at: usize },
    /// Renames an object's key to `name`.
    Rename { at: usize, name: String },
}

fn wrong_values() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(json!(1.5e300)),
        ".{0,12}".prop_map(Value::from),
        Just(json!([])),
        Just(json!({})),
        Just(json!({"$ref": "#/components/schemas/Nowhere"})),
        Just(json!({"type": "nonsense"})),
        Just(json!({"type": ["string", "null", "object"]})),
        Just(json!({"allOf": [{"$ref": "#"}]})),
    ]
}

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("x".repeat(5_000)),
        Just("😀".to_owned()),
        Just("\u{202e}ß\u{0}\t\"'`".to_owned()),
        Just("{id}".to_owned()),
        Just("$ref".to_owned()),
        Just("self".to_owned()),
        Just("+1".to_owned()),
        ".{0,16}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        at.prop_map(|at| Mutation::Delete { at }),
        (at, wrong_values()).prop_map(|(at, value)| Mutation::WrongType { at, value }),
        // Around the loader's limit of 64 levels, below and above it.
        (at, 1..80usize).prop_map(|(at, depth)| Mutation::Nest { at, depth }),
        at.prop_map(|at| Mutation::RefCycle { at }),
        (at, names()).prop_map(|(at, name)| Mutation::Rename { at, name }),
    ]
}

/// Every node's path (keys and indexes), in document order.
fn paths(value: &Value) -> Vec<Vec<Value>> {
    let mut out = vec![Vec::new()];
    let children: Vec<(Value, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (Value::from(k.as_str()), v))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Value::from(i), v))
            .collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        for mut path in paths(child) {
            path.insert(0, key.clone());
            out.push(path);
        }
    }
    out
}

fn node<'a>(root: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |value, key| match (value, key) {
        (Value::Object(map), Value::String(key)) => map.get_mut(key),
        (Value::Array(items), Value::Number(index)) => items.get_mut(index.as_u64()? as usize),
        _ => None,
    })
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let all = paths(document);
    let pick = |at: &usize| all[at % all.len()].clone();
    match mutation {
        Mutation::Delete { at } => {
            let path = pick(at);
            let Some((last, parent)) = path.split_last() else {
                *document = Value::Null;
                return;
            };
            match (node(document, parent), last) {
                (Some(Value::Object(map)), Value::String(key)) => {
                    map.remove(key);
                }
                (Some(Value::Array(items)), Value::Number(index)) => {
                    let index = index.as_u64().unwrap_or_default() as usize;
                    if index < items.len() {
                        items.remove(index);
                    }
                }
                _ => {}
            }
        }
        Mutation::WrongType { at, value } => {
            if let Some(target) = node(document, &pick(at)) {
                *target = value.clone();
            }
        }
        Mutation::Nest { at, depth } => {
            if let Some(target) = node(document, &pick(at)) {
                let mut nested = target.take();
                for level in 0..*depth {
                    nested = if level % 2 == 0 {
                        json!({"type": "array", "items": nested})
                    } else {
                        json!({"type": "object", "properties": {"p": nested}})
                    };
                }
                *target = nested;
            }
        }
        Mutation::RefCycle { at } => {
            let schemas = document
                .pointer_mut("/components/schemas")
                .and_then(Value::as_object_mut);
            if let Some(schemas) = schemas {
                schemas.insert(
                    "CycleA".into(),
                    json!({"$ref": "#/components/schemas/CycleB"}),
                );
                schemas.insert(
                    "CycleB".into(),
                    json!({"allOf": [{"$ref": "#/components/schemas/CycleA"}]}),
                );
            }
            if let Some(target) = node(document, &pick(at)) {
                *target = json!({"$ref": "#/components/schemas/CycleA"});
            }
        }
        Mutation::Rename { at, name } => {
            let path = pick(at);
            if let Some((Value::String(key), parent)) = path.split_last()
                && let Some(Value::Object(map)) = node(document, parent)
                && let Some(value) = map.remove(key)
            {
                map.insert(name.clone(), value);
            }
        }
    }
}

/// How the mutated document reaches the generator.
#[derive(Debug, Clone)]
enum Encoding {
    Json,
    Yaml,
    /// JSON with one byte replaced (often no longer UTF-8).
    BrokenByte {
        at: usize,
        byte: u8,
    },
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        2 => Just(Encoding::Json),
        2 => Just(Encoding::Yaml),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Encoding::BrokenByte { at, byte }),
    ]
}

fn encoded(document: &Value, encoding: &Encoding) -> (Vec<u8>, &'static str) {
    match encoding {
        Encoding::Json => (document.to_string().into_bytes(), "json"),
        Encoding::Yaml => (
            serde_yaml_ng::to_string(document)
                .unwrap_or_default()
                .into_bytes(),
            "yaml",
        ),
        Encoding::BrokenByte { at, byte } => {
            let mut bytes = document.to_string().into_bytes();
            if !bytes.is_empty() {
                let index = at % bytes.len();
                bytes[index] = *byte;
            }
            (bytes, "json")
        }
    }
}

/// Documents rendered as a crate too: rendering the largest specs would make each case slow.
const RENDERED_AT_MOST: usize = 40_000;

/// Runs the generator on `bytes`: any outcome but a panic is fine.
fn generate(folder: &Path, bytes: &[u8], extension: &str) {
    let spec = folder.join(format!("spec.{extension}"));
    std::fs::write(&spec, bytes).expect("write the spec");
    let config = common::config_for(&spec, &folder.join("out"));
    if bytes.len() <= RENDERED_AT_MOST {
        let _ = sdkgen::generate_rust(&config);
    } else {
        let _ = sdkgen::load_api(&config);
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn mutated_specs_give_files_or_a_clean_error(
        seed in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        encoding in encoding(),
    ) {
        let seeds = seeds();
        prop_assume!(!seeds.is_empty());
        let mut document = seeds[seed % seeds.len()].clone();
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        let (bytes, extension) = encoded(&document, &encoding);
        let folder = tempfile::tempdir().expect("a temporary folder");
        generate(folder.path(), &bytes, extension);
    }
}

#[test]
fn every_seed_generates() {
    // The starting points are fine documents: an error here is not the mutations'.
    let folder = tempfile::tempdir().expect("a temporary folder");
    for document in seeds() {
        let spec = folder.path().join("spec.json");
        std::fs::write(&spec, document.to_string()).expect("write the spec");
        let config = common::config_for(&spec, &folder.path().join("out"));
        let lowered = sdkgen::load_api(&config);
        assert!(
            lowered.is_ok(),
            "{}: {:?}",
            document["info"]["title"],
            lowered.err().map(|error| error.to_string())
        );
    }
}
