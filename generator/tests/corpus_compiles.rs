//! Beyond the OpenRouter spec: the crate generated for every real-world spec in
//! `../shared/corpus` compiles cleanly (`cargo clippy --all-targets -D warnings`, which checks the
//! library, its generated tests and its examples). The crates share one target folder under the
//! workspace's `target/`, so their dependencies are checked once.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Clippy over the library, its tests and examples, every warning an error.
const CLIPPY: &[&str] = &[
    "clippy",
    "--all-targets",
    "--offline",
    "--quiet",
    "--",
    "-D",
    "warnings",
];

fn corpus() -> Vec<PathBuf> {
    let folder = common::workspace().join("../shared/corpus");
    // `../shared` is beside the clone on the developers' machines and in CI; without it only the
    // fixture is checked.
    let mut specs: Vec<PathBuf> = match std::fs::read_dir(folder) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .collect(),
        Err(_) => Vec::new(),
    };
    // The fixtures compile too, and their tests run: awkward shapes, streaming responses.
    for fixture in FIXTURES {
        specs.push(fixtures().join(format!("{fixture}.yaml")));
    }
    specs.sort();
    specs
}

/// The fixtures whose crates' tests run as well: their generated tests, and the hand-written
/// tests in `fixtures/<name>/tests/*.rs`, copied into the crate's `tests/`.
const FIXTURES: &[&str] = &["pagination", "shapes", "streaming", "unions"];

fn fixtures() -> PathBuf {
    common::workspace().join("generator/tests/fixtures")
}

/// Copies the fixture's hand-written tests (`fixtures/<name>/tests/*.rs`) into the crate.
fn copy_hand_written_tests(name: &str, folder: &Path) {
    let Ok(entries) = std::fs::read_dir(fixtures().join(name).join("tests")) else {
        return;
    };
    let tests = folder.join("tests");
    std::fs::create_dir_all(&tests).expect("create tests/");
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            std::fs::copy(&path, tests.join(entry.file_name())).expect("copy a hand-written test");
        }
    }
}

/// Generates `spec` into `folder` as a stand-alone crate pinned to the workspace's lock file.
fn generate(spec: &Path, folder: &Path) {
    let config = common::config_for(spec, folder);
    let (files, _) =
        sdkgen::generate_rust(&config).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
    sdkgen::output::write(folder, &files).expect("write the crate");
    let manifest = folder.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read Cargo.toml");
    // Every crate's library is `test_sdk`; a package name of its own keeps the crates' artifacts
    // apart in the shared target folder (else one crate's tests can link another's library).
    let stem: String = folder
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let text = text.replacen(
        "\nname = \"test_sdk\"\n",
        &format!("\nname = \"test_sdk_{stem}\"\n"),
        1,
    );
    std::fs::write(
        &manifest,
        format!("{text}\n[lib]\nname = \"test_sdk\"\n\n[workspace]\n"),
    )
    .expect("write Cargo.toml");
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        folder.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
}

/// Runs cargo (the one running the tests) in a generated crate, with the shared target folder.
fn run_cargo(folder: &Path, root: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(folder)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("run cargo")
}

#[test]
fn every_corpus_spec_generates_a_crate_that_passes_clippy() {
    let specs = corpus();
    let root = common::workspace().join("target/corpus-check");
    let mut failures = Vec::new();
    for spec in &specs {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = root.join(&name);
        generate(spec, &folder);
        let fixture = FIXTURES.contains(&name.as_str());
        if fixture {
            copy_hand_written_tests(&name, &folder);
        }
        let clippy = run_cargo(&folder, &root, CLIPPY);
        if !clippy.status.success() {
            failures.push(format!(
                "{name}:\n{}",
                String::from_utf8_lossy(&clippy.stderr)
            ));
        } else if fixture {
            // The fixtures' tests run too: binary and text bodies, clashing names, streams.
            let test = run_cargo(&folder, &root, &["test", "--offline", "--quiet"]);
            if !test.status.success() {
                failures.push(format!(
                    "{name} tests:\n{}",
                    String::from_utf8_lossy(&test.stdout)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "generated crates that do not pass clippy:\n{}",
        failures.join("\n")
    );
}

/// The discriminated unions of the full OpenRouter spec: `OutputItems` (31 variants told apart by
/// `type`) and the open `CapabilityDescriptor`, with every schema they use, extracted into a spec of
/// their own whose crate runs the hand-written tests of `fixtures/openrouter-unions/tests/`
/// against each variant's example in the spec.
#[test]
fn the_full_specs_discriminated_unions_decode_by_their_tag() {
    let full = common::workspace().join("spec/openrouter-full.openapi.yaml");
    let text = std::fs::read_to_string(&full).expect("the full spec is checked in");
    let document: serde_json::Value = serde_yaml_ng::from_str(&text).expect("the full spec parses");
    let schemas = &document["components"]["schemas"];
    let mut used = std::collections::BTreeSet::new();
    let mut pending = vec!["OutputItems".to_owned(), "CapabilityDescriptor".to_owned()];
    while let Some(name) = pending.pop() {
        if used.insert(name.clone()) {
            schema_refs(&schemas[&name], &mut pending);
        }
    }
    let subset: serde_json::Map<String, serde_json::Value> = used
        .iter()
        .map(|name| (name.clone(), schemas[name].clone()))
        .collect();
    let response = |schema: serde_json::Value| serde_json::json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
    let spec = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "OpenRouter unions", "version": "1"},
        "paths": {
            "/output-items": {"get": {"operationId": "listOutputItems", "responses": response(
                serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/OutputItems"}})
            )}},
            "/capability": {"get": {"operationId": "getCapability", "responses": response(
                serde_json::json!({"$ref": "#/components/schemas/CapabilityDescriptor"})
            )}},
        },
        "components": {"schemas": subset},
    });
    let root = common::workspace().join("target/corpus-check");
    let folder = root.join("openrouter-unions");
    std::fs::create_dir_all(&folder).expect("create the crate's folder");
    let spec_path = root.join("openrouter-unions.json");
    std::fs::write(&spec_path, spec.to_string()).expect("write the spec");

    // Its own crate name: crates of one name share artifacts in the shared target folder.
    let mut config = common::config_for(&spec_path, &folder);
    config.rust.crate_name = "openrouter_unions".into();
    let (files, warnings) = sdkgen::generate_rust(&config).expect("the crate generates");
    // The one warning is about the spec: an example with a property its schema lacks.
    let pointers: Vec<&str> = warnings
        .iter()
        .map(|warning| warning.location.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["/components/schemas/OutputFileSearchCallItem/example/results"],
        "{warnings:?}"
    );
    sdkgen::output::write(&folder, &files).expect("write the crate");
    let manifest = folder.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read Cargo.toml");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("write Cargo.toml");
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        folder.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
    copy_hand_written_tests("openrouter-unions", &folder);
    // Each `type` of `OutputItems` and the example of the schema it selects.
    let examples: serde_json::Map<String, serde_json::Value> =
        document["components"]["schemas"]["OutputItems"]["discriminator"]["mapping"]
            .as_object()
            .expect("OutputItems has a mapping")
            .iter()
            .map(|(tag, target)| {
                let name = target
                    .as_str()
                    .unwrap_or_default()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default();
                (tag.clone(), schemas[name]["example"].clone())
            })
            .collect();
    std::fs::write(
        folder.join("tests/output_items_examples.json"),
        serde_json::Value::Object(examples).to_string(),
    )
    .expect("write the examples");

    let clippy = run_cargo(&folder, &root, CLIPPY);
    assert!(
        clippy.status.success(),
        "clippy:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    let test = run_cargo(&folder, &root, &["test", "--offline", "--quiet"]);
    assert!(
        test.status.success(),
        "tests:\n{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
}

/// The component schemas `value` refers to (examples left out), pushed onto `names`.
fn schema_refs(value: &serde_json::Value, names: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, item) in object {
                match (key.as_str(), item) {
                    ("$ref", serde_json::Value::String(reference)) => {
                        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                            names.push(name.to_owned());
                        }
                    }
                    ("example" | "examples", _) => {}
                    _ => schema_refs(item, names),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| schema_refs(item, names)),
        _ => {}
    }
}
