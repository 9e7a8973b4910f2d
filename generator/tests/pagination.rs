//! `x-speakeasy-pagination` in the IR: offset/limit and cursor paginations resolved against the
//! operation's parameters and response type; ones the generator cannot follow are warned about
//! at the extension, and their operations generated without pagination. The streams themselves
//! are tested in the fixture's crate (`fixtures/pagination/tests/`, run by `corpus_compiles`).

mod common;

use std::path::PathBuf;

use sdkgen::ir::{Api, Pagination, PaginationKind, TypeRef};

fn lower(spec: &std::path::Path) -> (Api, Vec<String>) {
    let config = common::config_for(spec, &std::env::temp_dir());
    let lowered = sdkgen::load_api(&config).expect("the spec lowers, with warnings");
    let warnings = lowered.warnings.iter().map(ToString::to_string).collect();
    (lowered.api, warnings)
}

fn fixture() -> (Api, Vec<String>) {
    lower(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pagination.yaml"))
}

fn pagination<'a>(api: &'a Api, id: &str) -> Option<&'a Pagination> {
    api.operations()
        .map(|(_, operation)| operation)
        .find(|operation| operation.id == id)
        .expect("operation")
        .pagination
        .as_ref()
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named {
        name: name.to_owned(),
    }
}

#[test]
fn offset_limit_names_its_parameters_and_the_items_type() {
    let (api, _) = fixture();
    assert_eq!(
        pagination(&api, "listItems"),
        Some(&Pagination {
            kind: PaginationKind::OffsetLimit,
            offset: Some("offset".into()),
            limit: Some("limit".into()),
            cursor: None,
            results: vec!["data".into()],
            next_cursor: None,
            item: named("Item"),
        })
    );
}

#[test]
fn cursor_follows_a_nested_nullable_path() {
    let (api, _) = fixture();
    assert_eq!(
        pagination(&api, "listEvents"),
        Some(&Pagination {
            kind: PaginationKind::Cursor,
            offset: None,
            limit: None,
            cursor: Some("cursor".into()),
            results: vec!["events".into()],
            next_cursor: Some(vec!["meta".into(), "next".into()]),
            item: named("Event"),
        })
    );
}

#[test]
fn a_missing_parameter_or_a_complex_path_is_a_located_warning() {
    let (api, warnings) = fixture();
    assert_eq!(pagination(&api, "listMissingParameter"), None);
    assert_eq!(pagination(&api, "listBadPath"), None);
    let expected = [
        "(at #/paths/~1broken~1missing-parameter/get/x-speakeasy-pagination/inputs/1/name): the operation has no parameter `size`; `listMissingParameter` is generated without pagination",
        "(at #/paths/~1broken~1path/get/x-speakeasy-pagination/outputs/results): `$.data[*]` is not a simple path (`$` or `$.name.name`); `listBadPath` is generated without pagination",
    ];
    for expected in expected {
        let warning = warnings
            .iter()
            .find(|warning| warning.contains(expected))
            .unwrap_or_else(|| panic!("no warning `{expected}` in {warnings:#?}"));
        assert!(
            warning.contains("pagination.yaml:"),
            "the warning names the file and line: {warning}"
        );
    }
    assert_eq!(
        warnings.iter().filter(|w| w.contains("pagination")).count(),
        2,
        "{warnings:#?}"
    );
}

#[test]
fn the_rust_crate_has_a_pages_and_an_items_stream_per_paginated_operation() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pagination.yaml");
    let config = common::config_for(&spec, &std::env::temp_dir());
    let (files, _) = sdkgen::generate_rust(&config).expect("the crate renders");
    let module = files
        .iter()
        .find(|file| file.path == "src/pagination.rs")
        .expect("src/pagination.rs");
    for function in [
        "pub fn items_list_items_pages(",
        "pub fn items_list_items_items(",
        "pub fn items_list_events_pages(",
        "pub fn items_list_events_items(",
    ] {
        assert!(module.contents.contains(function), "{function}");
    }
    assert!(!module.contents.contains("list_bad_path"));
    let lib = files.iter().find(|file| file.path == "src/lib.rs").unwrap();
    assert!(lib.contents.contains("pub mod pagination;"));
    let docs = files
        .iter()
        .find(|file| file.path == "docs/sdks/items/README.md")
        .unwrap();
    assert!(docs.contents.contains("### Pagination"));
}

/// The full OpenRouter spec: every offset/limit operation is paginated; `listFiles` pages through
/// a union of three list shapes, which is left out with a warning.
#[test]
fn the_full_openrouter_spec_paginates_its_list_operations() {
    let spec = common::workspace().join("spec/openrouter-full.openapi.yaml");
    let (api, warnings) = lower(&spec);
    let paginated: Vec<&Pagination> = api
        .operations()
        .filter_map(|(_, operation)| operation.pagination.as_ref())
        .collect();
    assert_eq!(paginated.len(), 19);
    assert!(
        paginated
            .iter()
            .all(|p| p.kind == PaginationKind::OffsetLimit && p.results == ["data"])
    );
    let about_pagination: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("x-speakeasy-pagination"))
        .collect();
    assert_eq!(about_pagination.len(), 1, "{about_pagination:#?}");
    assert!(about_pagination[0].contains("`listFiles` is generated without pagination"));
}
