//! The names lowering gives what real specs name badly (`fixtures/rough-edges.yaml`): operationIds
//! that repeat their tag, operations without an operationId, repeated operationIds; and the
//! example requests it builds from parameter examples.

mod common;

use sdkgen::ir::{Api, Operation};

fn lower(spec: &str) -> (Api, Vec<String>) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("spec.yaml");
    std::fs::write(&path, spec).expect("write the spec");
    let config = common::config_for(&path, folder.path());
    let lowered = sdkgen::load_api(&config).expect("the spec lowers");
    let warnings = lowered.warnings.iter().map(ToString::to_string).collect();
    (lowered.api, warnings)
}

fn rough_edges() -> Api {
    let spec = common::workspace().join("generator/tests/fixtures/rough-edges.yaml");
    let config = common::config_for(&spec, &std::env::temp_dir());
    sdkgen::load_api(&config).expect("the fixture lowers").api
}

/// Each group's name and its operations' ids and method names (snake case).
fn names(api: &Api) -> Vec<(String, Vec<(String, String)>)> {
    api.groups
        .iter()
        .map(|group| {
            let operations = group
                .operations
                .iter()
                .map(|operation| (operation.id.clone(), operation.name.snake.clone()))
                .collect();
            (group.name.original.clone(), operations)
        })
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn method_names_drop_the_group_their_operation_id_repeats() {
    let api = rough_edges();
    let names = names(&api);
    assert_eq!(names[0].0, "repos");
    assert_eq!(
        names[0].1,
        owned(&[
            ("ReposList", "list"),
            ("repos/get", "get"),
            ("repos_delete", "delete"),
            ("repos-archive", "archive"),
            ("reposCreateReaction", "create_reaction"),
        ])
    );
    // The type names keep the whole id: they share one namespace.
    let get = operation(&api, "repos/get");
    assert_eq!(get.request_type, "ReposGetRequest");
}

#[test]
fn operations_without_an_id_are_named_after_method_and_path() {
    let api = rough_edges();
    let names = names(&api);
    assert_eq!(names[1].0, "pets");
    assert_eq!(
        names[1].1,
        owned(&[
            ("getPetsByPetId", "get_pets_by_pet_id"),
            ("getPets", "get_pets")
        ])
    );
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations()
        .map(|(_, operation)| operation)
        .find(|operation| operation.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

#[test]
fn a_parameter_without_an_example_of_its_own_takes_its_schema_s() {
    let api = rough_edges();
    let example = &operation(&api, "getPetsByPetId").example;
    assert!(example.complete, "{example:?}");
    assert_eq!(example.inputs.len(), 1);
    assert_eq!(example.inputs[0].json, serde_json::json!(7));
    assert!(!example.inputs[0].placeholder);
}

const TWO_OPERATIONS: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: items/list
      tags: [items]
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: __SECOND__
      tags: [items]
      responses: {'204': {description: ok}}
"#;

#[test]
fn a_repeated_operation_id_is_numbered_with_a_warning_that_says_where() {
    let (api, warnings) = lower(&TWO_OPERATIONS.replace("__SECOND__", "items/list"));
    let ids: Vec<&str> = api.operations().map(|(_, op)| op.id.as_str()).collect();
    assert_eq!(ids, ["items/list", "items/list2"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("#/paths/~1b/get/operationId")
            && warnings[0].contains("operationId `items/list` is used by another operation already; this one is called `items/list2`"),
        "{warnings:?}"
    );
    let names: Vec<&str> = api
        .operations()
        .map(|(_, op)| op.name.snake.as_str())
        .collect();
    assert_eq!(names, ["list", "list2"]);
}

#[test]
fn the_group_stays_in_a_method_name_that_would_clash_without_it() {
    // `items/list` without its group would be `list`, which `list` has already.
    let (api, warnings) = lower(&TWO_OPERATIONS.replace("__SECOND__", "list"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let names: Vec<&str> = api
        .operations()
        .map(|(_, op)| op.name.snake.as_str())
        .collect();
    assert_eq!(names, ["items_list", "list"]);
}

#[test]
fn method_names_that_clash_are_numbered_with_a_warning() {
    let spec = TWO_OPERATIONS.replace("__SECOND__", "other").replace(
        "tags: [items]",
        "tags: [items]\n      x-speakeasy-name-override: fetch",
    );
    let (api, warnings) = lower(&spec);
    let names: Vec<&str> = api
        .operations()
        .map(|(_, op)| op.name.snake.as_str())
        .collect();
    assert_eq!(names, ["fetch", "fetch2"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("#/paths/~1b/get")
            && warnings[0].contains(
                "another operation of `items` is called `fetch` too; this one is `fetch2`"
            ),
        "{warnings:?}"
    );
}
