//! Beyond the OpenRouter spec: the crate generated for every real-world spec in
//! `../shared/corpus` compiles cleanly (`cargo clippy --all-targets -D warnings`, which checks the
//! library, its generated tests and its examples). The crates share one target folder under the
//! workspace's `target/`, so their dependencies are checked once.

mod common;

use std::path::PathBuf;

use sdkgen::corpus::{Case, Harness, Step};

/// The fixtures whose crates' tests run as well: their generated tests, and the hand-written
/// tests in `fixtures/<name>/tests/*.rs`, copied into the crate's `tests/`.
const FIXTURES: &[&str] = &[
    "bodies",
    "components-only",
    "non-oauth-scopes",
    "openapi31",
    "pagination",
    "rough-edges",
    "shapes",
    "streaming",
    "unions",
    "webhook-example",
    "wire",
];

/// Dev-dependencies the hand-written tests of a fixture need beyond the generated crate's own:
/// `bodies` parses the multipart bodies it receives. (The crates build offline against the
/// workspace's lock file, so each is also a dev-dependency of `sdkgen`.)
const FIXTURE_DEV_DEPENDENCIES: &[(&str, &str, &str)] = &[("bodies", "multer", "3")];

fn fixtures() -> PathBuf {
    common::workspace().join("generator/tests/fixtures")
}

/// A fixture generated with the names its hand-written tests use (`test_sdk`, `Test`), its
/// tests run after clippy.
fn fixture(name: &str) -> Case {
    let mut case = Case::spec(&fixtures().join(format!("{name}.yaml")));
    case.settings.sdk_name = Some("Test".into());
    case.settings.crate_name = Some("test_sdk".into());
    case.tests = Some(fixtures().join(name).join("tests"));
    case.dev_dependencies = FIXTURE_DEV_DEPENDENCIES
        .iter()
        .filter(|(fixture, _, _)| *fixture == name)
        .map(|(_, dependency, version)| ((*dependency).to_owned(), (*version).to_owned()))
        .collect();
    case
}

/// Every spec of `../shared/corpus` with the names `sdkgen generate` derives from its title, and
/// every fixture. `../shared` is beside the clone on the developers' machines and in CI; without
/// it only the fixtures are checked.
fn cases() -> Vec<Case> {
    let corpus = sdkgen::corpus::specs(&[common::workspace().join("../shared/corpus")])
        .expect("the corpus folder lists");
    let mut cases: Vec<Case> = corpus.iter().map(|spec| Case::spec(spec)).collect();
    cases.extend(FIXTURES.iter().map(|name| fixture(name)));
    cases
}

fn harness() -> Harness {
    Harness::new(&common::workspace())
}

#[test]
fn every_corpus_spec_generates_a_crate_that_passes_clippy() {
    let harness = harness();
    let rows: Vec<_> = cases().iter().map(|case| harness.check(case)).collect();
    eprintln!("{}", sdkgen::corpus::table(&rows));
    let failures: Vec<String> = rows
        .iter()
        .filter(|row| !row.passed())
        .map(|row| format!("{}:\n{}", row.name, row.problems()))
        .collect();
    assert!(
        failures.is_empty(),
        "generated crates that do not pass clippy or their tests:\n{}",
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
    std::fs::create_dir_all(&root).expect("create the corpus folder");
    let spec_path = root.join("openrouter-unions.json");
    std::fs::write(&spec_path, spec.to_string()).expect("write the spec");

    // The names its hand-written tests use.
    let mut case = Case::spec(&spec_path);
    case.settings.sdk_name = Some("Test".into());
    case.settings.crate_name = Some("openrouter_unions".into());
    case.tests = Some(fixtures().join("openrouter-unions/tests"));
    let harness = harness();
    let generated = harness.generate(&case).expect("the crate generates");
    // The one warning is about the spec: an example with a property its schema lacks.
    let pointers: Vec<&str> = generated
        .warnings
        .iter()
        .map(|warning| warning.location.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["/components/schemas/OutputFileSearchCallItem/example/results"],
        "warnings: {:?}",
        generated.warnings
    );
    let folder = generated.folder;
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

    if let Step::Failed(output) = harness.clippy(&folder) {
        panic!("clippy:\n{output}");
    }
    if let Step::Failed(output) = harness.test(&folder) {
        panic!("tests:\n{output}");
    }
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
