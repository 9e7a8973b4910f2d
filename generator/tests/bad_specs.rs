//! Bad specs give a clear error or a documented fallback that names the file, the JSON pointer
//! and the line; never a panic.

mod common;

use std::path::PathBuf;

use sdkgen::Error;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Generates from a fixture and returns the error's text.
fn error_of(name: &str) -> String {
    let config = common::config_for(&fixture(name), &std::env::temp_dir());
    match sdkgen::generate_rust(&config) {
        Ok(_) => panic!("{name}: expected an error"),
        Err(error @ Error::Spec(_)) => error.to_string(),
        Err(other) => panic!("{name}: expected a spec error, got {other}"),
    }
}

#[test]
fn invalid_yaml_names_file_and_line() {
    let message = error_of("invalid-yaml.yaml");
    assert!(message.contains("invalid-yaml.yaml:11"), "{message}");
    assert!(message.contains("invalid YAML"), "{message}");
}

#[test]
fn dangling_ref_names_pointer_and_line() {
    let message = error_of("dangling-ref.yaml");
    assert!(message.contains("dangling-ref.yaml:14"), "{message}");
    assert!(
        message.contains("#/paths/~1items/get/responses/200/content/application~1json/schema"),
        "{message}"
    );
    assert!(
        message.contains("`#/components/schemas/Missing` points at nothing"),
        "{message}"
    );
}

#[test]
fn external_ref_is_reported_as_unsupported() {
    let message = error_of("external-ref.yaml");
    assert!(message.contains("external-ref.yaml:14"), "{message}");
    assert!(
        message.contains("unsupported $ref `other.yaml#/components/schemas/Item`"),
        "{message}"
    );
}

#[test]
fn swagger_2_is_rejected_with_the_reason() {
    let message = error_of("swagger2.json");
    assert!(message.contains("only OpenAPI 3.0 and 3.1"), "{message}");
}

#[test]
fn a_document_of_the_wrong_shape_names_the_pointer() {
    let message = error_of("wrong-shape.yaml");
    assert!(message.contains("wrong-shape.yaml:10"), "{message}");
    assert!(
        message.contains("#/paths/~1items/get/parameters/0"),
        "{message}"
    );
}

#[test]
fn an_inexpressible_schema_falls_back_to_any_json_value_with_a_warning() {
    let config = common::config_for(&fixture("not-schema.yaml"), &std::env::temp_dir());
    let (files, warnings) = sdkgen::generate_rust(&config).expect("a fallback, not an error");
    let warning = warnings.first().expect("a warning").to_string();
    assert!(warning.contains("not-schema.yaml:14"), "{warning}");
    assert!(
        warning.contains("#/paths/~1items/get/responses/200/content/application~1json/schema"),
        "{warning}"
    );
    assert!(warning.contains("any JSON value"), "{warning}");
    let funcs = files
        .iter()
        .find(|f| f.path == "src/funcs.rs")
        .expect("funcs.rs");
    assert!(
        funcs.contents.contains("ApiResponse<serde_json::Value>"),
        "{}",
        funcs.contents
    );
}
