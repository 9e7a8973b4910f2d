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

/// Generates from a fixture that has problems the generator works around, and returns the
/// warnings' text.
fn warnings_of(name: &str) -> Vec<String> {
    let config = common::config_for(&fixture(name), &std::env::temp_dir());
    let (_, warnings) = sdkgen::generate_rust(&config)
        .unwrap_or_else(|err| panic!("{name}: expected warnings, got the error {err}"));
    warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn an_empty_document_says_so() {
    let message = error_of("empty.yaml");
    assert!(message.contains("empty.yaml"), "{message}");
    assert!(message.contains("the document is empty"), "{message}");
}

#[test]
fn a_repeated_operation_id_is_renamed_with_a_warning_at_the_second() {
    let warnings = warnings_of("duplicate-operation-ids.yaml");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .contains("duplicate-operation-ids.yaml:11 (at #/paths/~1animals/get/operationId)"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("operationId `listPets` is used by another operation already; this one is called `listPets2`"),
        "{warnings:?}"
    );
}

#[test]
fn path_parameters_and_the_path_template_are_checked_against_each_other() {
    let warnings = warnings_of("missing-path-parameter.yaml");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    for warning in &warnings {
        assert!(
            warning.contains("missing-path-parameter.yaml:6 (at #/paths/~1pets~1{id}/get)"),
            "{warning}"
        );
    }
    assert!(
        warnings[0].contains("the path has `{id}` but no path parameter `id`"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("the path parameter `petId` is not in the path `/pets/{id}`"),
        "{warnings:?}"
    );
}

#[test]
fn an_unknown_type_falls_back_to_any_json_value_with_a_warning() {
    let warnings = warnings_of("unknown-type.yaml");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .contains("unknown-type.yaml:19 (at #/components/schemas/Pet/properties/age/type)"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("unknown type `integr`"),
        "{warnings:?}"
    );
}

#[test]
fn a_document_nested_beyond_any_real_api_is_refused_where_it_gets_too_deep() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut schema = serde_json::json!({"type": "string"});
    for _ in 0..100 {
        schema = serde_json::json!({"type": "array", "items": schema});
    }
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Deep", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Deep": schema}},
    });
    let path = folder.path().join("deep.json");
    std::fs::write(&path, spec.to_string()).expect("write the spec");
    let config = common::config_for(&path, folder.path());
    let message = match sdkgen::generate_rust(&config) {
        Ok(_) => panic!("expected an error"),
        Err(error) => error.to_string(),
    };
    assert!(
        message.contains("nests more than 64 levels deep"),
        "{message}"
    );
    assert!(
        message.contains("#/components/schemas/Deep/items/items/"),
        "{message}"
    );
}
