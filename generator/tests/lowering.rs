//! Lowering of the awkward shapes real specs have: names that clash, a `default`-only
//! operation, mixed success bodies, undeclared path parameters, cycles, relative servers.

mod common;

use std::path::PathBuf;

use sdkgen::ir::{Api, ParameterLocation, ParameterStyle, StatusMatch, TypeKind, TypeRef};
use serde_json::json;

/// The IR of `tests/fixtures/<name>.yaml` and its warnings.
fn fixture(name: &str) -> (Api, Vec<String>) {
    let spec =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.yaml"));
    let config = common::config_for(&spec, &std::env::temp_dir());
    let lowered = sdkgen::load_api(&config).expect("the spec lowers, with warnings");
    let warnings = lowered.warnings.iter().map(ToString::to_string).collect();
    (lowered.api, warnings)
}

fn shapes() -> (Api, Vec<String>) {
    fixture("shapes")
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a sdkgen::ir::Operation {
    api.operations()
        .map(|(_, op)| op)
        .find(|op| op.id == id)
        .expect("operation")
}

#[test]
fn every_sdk_name_is_unique() {
    let (api, _) = shapes();
    let get_pet = operation(&api, "getPet");
    assert!(
        api.type_def("GetPetRequest").is_some(),
        "the component keeps its name"
    );
    assert_eq!(get_pet.request_type, "GetPetRequest2");
    assert!(
        api.type_def("TimeoutError").is_some(),
        "the IR keeps the spec's names, even those a backend defines itself"
    );
    assert_eq!(
        api.groups[0].type_name, "Pets2",
        "the group does not take the model's name"
    );
}

#[test]
fn the_rust_backend_renames_types_that_clash_with_its_own() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes.yaml");
    let config = common::config_for(&spec, &std::env::temp_dir());
    let (files, _) = sdkgen::generate_rust(&config).expect("the crate renders");
    let models = files
        .iter()
        .find(|file| file.path == "src/models.rs")
        .expect("models.rs");
    assert!(
        models.contents.contains("pub struct TimeoutError2 {"),
        "the schema `TimeoutError` gives way to the runtime's `TimeoutError`"
    );
    assert!(!models.contents.contains("pub struct TimeoutError {"));
}

#[test]
fn clashing_field_and_parameter_names_are_made_unique() {
    let (api, _) = shapes();
    let TypeKind::Object { fields, .. } = &api.type_def("Pet").expect("Pet").kind else {
        panic!("object")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name.snake.as_str()).collect();
    assert_eq!(names, ["foo_bar", "foo_bar_2", "m_", "count"]);
    let parameters: Vec<&str> = operation(&api, "getPet")
        .parameters
        .iter()
        .map(|p| p.name.snake.as_str())
        .collect();
    assert_eq!(parameters, ["id", "id_query", "timeout"]);
}

#[test]
fn a_default_only_operation_succeeds_with_its_body() {
    let (api, _) = shapes();
    let get_pet = operation(&api, "getPet");
    assert_eq!(get_pet.responses.len(), 1);
    assert_eq!(get_pet.responses[0].status, StatusMatch::Default);
    assert_eq!(
        get_pet.responses[0].ty,
        Some(TypeRef::Named { name: "Pet".into() })
    );
    assert!(get_pet.errors.is_empty());
}

#[test]
fn mixed_success_bodies_become_an_outcome_and_non_json_errors_stay_raw() {
    let (api, warnings) = shapes();
    let create = operation(&api, "createThing");
    assert_eq!(create.outcome_type.as_deref(), Some("CreateThingOutcome"));
    let variants: Vec<(Option<&str>, Option<TypeRef>)> = create
        .responses
        .iter()
        .map(|r| (r.variant.as_ref().map(|v| v.pascal.as_str()), r.ty.clone()))
        .collect();
    assert_eq!(
        variants,
        [
            (Some("Ok"), Some(TypeRef::Named { name: "Pet".into() })),
            (Some("NoContent"), None)
        ]
    );
    assert!(
        !warnings.iter().any(|w| w.contains("different bodies")),
        "{warnings:?}"
    );
    let error = api.error_def(&create.errors[0].error).expect("error type");
    assert_eq!(error.body, None, "a text/plain error body is kept raw");
}

#[test]
fn warnings_name_undeclared_path_parameters_cycles_and_relative_servers() {
    let (_, warnings) = shapes();
    let has = |text: &str| warnings.iter().any(|w| w.contains(text));
    assert!(
        has("the path has `{other}` but no path parameter `other`"),
        "{warnings:?}"
    );
    assert!(has("only a reference back to itself"), "{warnings:?}");
    assert!(has("allOf refers back to `D`"), "{warnings:?}");
    assert!(
        has("server URL `/relative` is not absolute"),
        "{warnings:?}"
    );
}

#[test]
fn the_shapes_spec_renders() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes.yaml");
    let (files, _) =
        sdkgen::generate_rust(&common::config_for(&spec, &std::env::temp_dir())).expect("renders");
    let manifest = files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .expect("Cargo.toml");
    let manifest: toml::Table = manifest.contents.parse().expect("Cargo.toml is valid TOML");
    assert_eq!(
        manifest["package"]["description"].as_str(),
        Some(r#"Rust SDK for the Shapes "quoted", generated by sdkgen."#)
    );
    let models = &files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models.rs")
        .contents;
    // Only what a request can hold is validated: `Login` is sent, `Pet` only received.
    assert!(
        models.contains(
            r#"crate::runtime::check_secret("pin", self.pin.as_ref()).maximum(9999.0, false)?;"#
        ),
        "{models}"
    );
    assert!(!models.contains(r#"check("count""#), "{models}");
    let funcs_text = &files
        .iter()
        .find(|f| f.path == "src/funcs.rs")
        .expect("funcs.rs")
        .contents;
    assert!(
        funcs_text.contains("if options.get_retries().is_none()"),
        "operation-level retries are applied"
    );
    assert!(
        funcs_text.contains("initial_interval: std::time::Duration::from_millis(10)"),
        "{funcs_text}"
    );
    let funcs = files
        .iter()
        .find(|f| f.path == "src/funcs.rs")
        .expect("funcs.rs");
    assert!(
        funcs.contents.contains(r#""/things/{thing}/{{other}}""#),
        "{}",
        funcs.contents
    );
}

#[test]
fn inputs_without_examples_get_placeholders_of_their_type() {
    let (api, _) = shapes();
    let example = &operation(&api, "getPet").example;
    let inputs: Vec<(&str, bool, serde_json::Value)> = example
        .inputs
        .iter()
        .map(|input| {
            (
                input.name.snake.as_str(),
                input.placeholder,
                input.json.clone(),
            )
        })
        .collect();
    assert_eq!(
        inputs,
        [
            ("id", true, serde_json::json!("<value>")),
            ("id_query", true, serde_json::json!("<value>")),
            ("timeout", true, serde_json::json!(1)),
        ]
    );
    let download = &operation(&api, "downloadFile").example;
    assert!(
        !download.inputs[0].placeholder,
        "the spec's example is kept"
    );
    assert_eq!(download.inputs[0].json, "file 1/2");
}

/// The sensitivity of each property of an object type, by wire name.
fn sensitivity(api: &Api, type_name: &str) -> Vec<(String, bool)> {
    let TypeKind::Object { fields, .. } = &api.type_def(type_name).expect(type_name).kind else {
        panic!("{type_name} is an object")
    };
    fields
        .iter()
        .map(|field| (field.wire_name.clone(), field.sensitive))
        .collect()
}

fn owned(pairs: &[(&str, bool)]) -> Vec<(String, bool)> {
    pairs
        .iter()
        .map(|(name, sensitive)| ((*name).to_owned(), *sensitive))
        .collect()
}

#[test]
fn format_password_and_x_speakeasy_sensitive_mark_values_as_sensitive() {
    let (api, _) = shapes();
    assert_eq!(
        sensitivity(&api, "Login"),
        owned(&[
            ("user", false),
            ("password", true), // format: password
            ("recovery", true), // format: password on a 3.1 `[string, null]`
            ("hint", true),     // x-speakeasy-sensitive
            ("previous", true), // x-speakeasy-sensitive, nullable
            ("pin", true),      // x-speakeasy-sensitive on an integer
            ("secret", true),   // a $ref to a `format: password` component
        ])
    );
    assert_eq!(
        sensitivity(&api, "CreateSessionResponse"),
        owned(&[("token", true), ("refresh", true)])
    );
    assert!(
        sensitivity(&api, "Pet")
            .iter()
            .all(|(_, sensitive)| !sensitive),
        "nothing else is"
    );
    let parameters: Vec<(&str, bool)> = operation(&api, "createSession")
        .parameters
        .iter()
        .map(|p| (p.wire_name.as_str(), p.sensitive))
        .collect();
    // The schema's `format: password`, and the parameter's own extension.
    assert_eq!(parameters, [("X-Otp", true), ("pin", true)]);
    assert!(
        operation(&api, "getPet")
            .parameters
            .iter()
            .all(|p| !p.sensitive)
    );
}

/// `shapes.yaml` with `sdk.sensitive` set to `entries`.
fn shapes_with_sensitive(entries: &[&str]) -> Result<Api, sdkgen::Error> {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes.yaml");
    let text = format!(
        "[sdk]\nname = \"Test\"\nenv_prefix = \"TEST\"\nsensitive = {entries:?}\n[input]\nspec = {spec:?}\ntemplates = {:?}\n[rust]\ncrate_name = \"test_sdk\"\ncrate_version = \"0.1.0\"\noutput = {:?}\n",
        common::workspace().join("templates"),
        std::env::temp_dir()
    );
    let config = sdkgen::Config::parse(&text, std::path::Path::new("/")).expect("valid config");
    sdkgen::load_api(&config).map(|lowered| lowered.api)
}

#[test]
fn the_configuration_marks_properties_and_parameters_as_sensitive() {
    let api = shapes_with_sensitive(&["Pet.m²", "GetPetRequest2.timeout"]).expect("lowers");
    assert_eq!(
        sensitivity(&api, "Pet"),
        owned(&[
            ("fooBar", false),
            ("foo_bar", false),
            ("m²", true),
            ("count", false)
        ])
    );
    let parameters: Vec<(&str, bool)> = operation(&api, "getPet")
        .parameters
        .iter()
        .map(|p| (p.wire_name.as_str(), p.sensitive))
        .collect();
    assert_eq!(
        parameters,
        [("id", false), ("id", false), ("timeout", true)]
    );
    // `GetPetRequest` is a component (the request type is `GetPetRequest2`): its property is marked
    // there, and only there.
    let api = shapes_with_sensitive(&["GetPetRequest.x"]).expect("lowers");
    assert_eq!(sensitivity(&api, "GetPetRequest"), owned(&[("x", true)]));
}

#[test]
fn a_configuration_entry_that_names_nothing_is_a_clear_error() {
    let error = shapes_with_sensitive(&[
        "Pett.fooBar",
        "Pet.password",
        "Pets.x",
        "GetPetRequest2.limit",
        "Nothing.atAll",
        "Login.user",
    ])
    .expect_err("the entries name nothing")
    .to_string();
    let expected = [
        "sdk.sensitive entry `Pett.fooBar`: the API has no type `Pett`; did you mean `Pet.fooBar`?",
        "sdk.sensitive entry `Pet.password`: `Pet` has no property `password` (its properties: `fooBar`, `foo_bar`, `m²`, `count`); did you mean `Login.password`?",
        "sdk.sensitive entry `Pets.x`: `Pets` is an alias (list the property on the aliased type), not an object with properties",
        "sdk.sensitive entry `GetPetRequest2.limit`: `GetPetRequest2`, the request of `getPet`, has no parameter `limit` (its parameters: `id`, `id`, `timeout`)",
        "sdk.sensitive entry `Nothing.atAll`: the API has no type `Nothing`; `cargo xtask codegen --dump-ir` shows the type names (`types[].name`)",
    ];
    for line in expected {
        assert!(error.contains(line), "missing {line:?} in:\n{error}");
    }
    assert!(
        !error.contains("Login.user`:"),
        "a valid entry is not reported: {error}"
    );
    assert!(
        error.starts_with("sdkgen.toml: invalid configuration: "),
        "{error}"
    );
}

#[test]
fn a_bad_configuration_entry_names_the_configuration_file() {
    let folder = std::env::temp_dir().join(format!("sdkgen-sensitive-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("temp folder");
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes.yaml");
    let path = folder.join("sdkgen.toml");
    let text = format!(
        "[sdk]\nname = \"Test\"\nenv_prefix = \"TEST\"\nsensitive = [\"Pet.secret\"]\n[input]\nspec = {spec:?}\ntemplates = {:?}\n[rust]\ncrate_name = \"test_sdk\"\ncrate_version = \"0.1.0\"\noutput = \"out\"\n",
        common::workspace().join("templates"),
    );
    std::fs::write(&path, text).expect("write the configuration");
    let config = sdkgen::load_config(&path).expect("the file parses");
    let error = sdkgen::load_api(&config)
        .err()
        .expect("the entry names nothing")
        .to_string();
    assert!(
        error.starts_with(&format!("{}: invalid configuration: sdk.sensitive entry `Pet.secret`: `Pet` has no property `secret`", path.display())),
        "{error}"
    );
    // An entry that is not `<TypeName>.<property>` is refused when the file is read.
    std::fs::write(
        &path,
        "[sdk]\nname = \"Test\"\nenv_prefix = \"TEST\"\nsensitive = [\"key\"]\n[input]\nspec = \"a.yaml\"\ntemplates = \"t\"\n[rust]\ncrate_name = \"c\"\ncrate_version = \"0.1.0\"\noutput = \"out\"\n",
    )
    .expect("write the configuration");
    let error = sdkgen::load_config(&path)
        .expect_err("not an entry")
        .to_string();
    assert!(
        error.contains("sdk.sensitive entry `key` must be `<TypeName>.<property>`"),
        "{error}"
    );
    std::fs::remove_dir_all(&folder).ok();
}

#[test]
fn the_rust_backend_holds_sensitive_strings_as_secrets_and_hides_the_rest_from_debug() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes.yaml");
    let config = common::config_for(&spec, &std::env::temp_dir());
    let (files, _) = sdkgen::generate_rust(&config).expect("the crate renders");
    let file = |name: &str| {
        files
            .iter()
            .find(|file| file.path == name)
            .unwrap_or_else(|| panic!("{name}"))
            .contents
            .clone()
    };
    let models = file("src/models.rs");
    for declaration in [
        "pub password: secrecy::SecretString,",
        "pub recovery: Option<secrecy::SecretString>,",
        "pub hint: Option<secrecy::SecretString>,",
        "pub previous: Option<crate::runtime::Nullable<secrecy::SecretString>>,",
        // Not strings: they keep their types, and `Debug` hides them.
        "pub pin: Option<i64>,",
        "pub secret: Option<Secret>,",
        "impl std::fmt::Debug for Login {",
        ".field(\"pin\", &self.pin.as_ref().map(|_| crate::sensitive::Redacted))",
        "impl PartialEq for Login {",
    ] {
        assert!(models.contains(declaration), "{declaration} in\n{models}");
    }
    let operations = file("src/operations.rs");
    assert!(
        operations.contains(".field(\"x_otp\", &crate::sensitive::Redacted)"),
        "{operations}"
    );
    assert!(file("src/lib.rs").contains("mod sensitive;"));
    assert!(file("src/sensitive.rs").contains("pub(crate) struct Redacted;"));
}

fn unions() -> (Api, Vec<String>) {
    fixture("unions")
}

/// A union of the IR: whether it is a `oneOf`, its discriminator, and `(variant, tag)` pairs.
type Union = (
    bool,
    Option<sdkgen::ir::Discriminator>,
    Vec<(String, Option<String>)>,
);

/// The union `name`.
fn union(api: &Api, name: &str) -> Union {
    let Some(TypeKind::Union {
        variants,
        one_of,
        discriminator,
    }) = api.type_def(name).map(|def| &def.kind)
    else {
        panic!("{name} is a union")
    };
    let variants = variants
        .iter()
        .map(|variant| (variant.name.original.clone(), variant.tag.clone()))
        .collect();
    (*one_of, discriminator.clone(), variants)
}

fn mapping(discriminator: &sdkgen::ir::Discriminator) -> Vec<(&str, &str)> {
    discriminator
        .mapping
        .iter()
        .map(|entry| (entry.value.as_str(), entry.variant.as_str()))
        .collect()
}

fn tagged(pairs: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
    pairs
        .iter()
        .map(|(variant, tag)| ((*variant).to_owned(), Some((*tag).to_owned())))
        .collect()
}

#[test]
fn a_discriminator_maps_every_tag_value_to_its_variant() {
    let (api, _) = unions();
    let (one_of, discriminator, variants) = union(&api, "Pet");
    let discriminator = discriminator.expect("Pet is discriminated");
    assert!(one_of);
    assert_eq!(discriminator.property, "petType");
    assert!(!discriminator.open);
    assert_eq!(
        mapping(&discriminator),
        [
            ("cat", "Cat"),
            ("dog", "Dog"),
            ("lizard", "Lizard"),
            ("gecko", "Lizard")
        ]
    );
    // A variant's tag is the first value that selects it.
    assert_eq!(
        variants,
        tagged(&[("Cat", "cat"), ("Dog", "dog"), ("Lizard", "lizard")])
    );
}

#[test]
fn without_a_mapping_tags_come_from_the_variants_const_else_their_component_name() {
    let (api, _) = unions();
    let (_, discriminator, variants) = union(&api, "Event");
    let discriminator = discriminator.expect("Event is discriminated");
    assert_eq!(
        mapping(&discriminator),
        [("created", "Created"), ("Deleted", "Deleted")]
    );
    assert_eq!(
        variants,
        tagged(&[("Created", "created"), ("Deleted", "Deleted")])
    );
}

#[test]
fn unknown_values_are_allowed_on_the_union_or_on_its_tag() {
    let (api, _) = unions();
    let open = |name| {
        union(&api, name)
            .1
            .unwrap_or_else(|| panic!("{name} is discriminated"))
            .open
    };
    assert!(open("Event"), "x-speakeasy-unknown-values on the union");
    assert!(
        open("Shape"),
        "x-speakeasy-unknown-values on the tag's enum"
    );
    assert!(!open("Pet"));
    assert!(!open("Creature"));
}

#[test]
fn untagged_unions_keep_the_spec_order_and_say_one_of_or_any_of() {
    let (api, _) = unions();
    let (one_of, discriminator, variants) = union(&api, "Contact");
    assert!(!one_of, "anyOf");
    assert!(discriminator.is_none());
    assert_eq!(
        variants,
        [("Person".to_owned(), None), ("Employee".to_owned(), None)]
    );
    assert!(union(&api, "Partial").0, "oneOf");
}

#[test]
fn a_discriminator_that_cannot_work_is_reported() {
    let (api, warnings) = unions();
    let (_, discriminator, _) = union(&api, "Labelled");
    assert!(discriminator.is_none(), "a string cannot carry the tag");
    let has = |pointer: &str, text: &str| {
        warnings
            .iter()
            .any(|warning| warning.contains(pointer) && warning.contains(text))
    };
    assert!(
        has(
            "#/components/schemas/Labelled/discriminator",
            "variant 2 of this union is not an object"
        ),
        "{warnings:#?}"
    );
    assert!(
        has(
            "#/components/schemas/Odd/discriminator/mapping/robot",
            "is not one of the union's variants"
        ),
        "{warnings:#?}"
    );
    assert!(
        has(
            "#/components/schemas/Odd/oneOf/1",
            "never decoded: it has no mapping entry, no component name and no single-value `petType`"
        ),
        "{warnings:#?}"
    );
    let (_, discriminator, variants) = union(&api, "Odd");
    assert_eq!(
        mapping(&discriminator.expect("Odd keeps it")),
        [("dog", "Dog")]
    );
    assert_eq!(variants[1].1, None);
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
}

#[test]
fn objects_merged_with_allof_keep_unlisted_properties_and_share_hoisted_types() {
    let (api, _) = unions();
    let Some(TypeKind::Object {
        fields,
        additional_properties,
    }) = api.type_def("Deleted").map(|def| &def.kind)
    else {
        panic!("Deleted is an object")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(names, ["type", "id", "reason"]);
    assert_eq!(additional_properties, &Some(TypeRef::Any));
    // The merge lowers `DeletedBase` again: its inline enum is the type it already has.
    assert_eq!(
        fields[2].ty,
        TypeRef::Named {
            name: "DeletedBaseReason".into()
        }
    );
    assert!(api.type_def("DeletedBaseReason2").is_none());
}

fn wire() -> (Api, Vec<String>) {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wire.yaml");
    let config = common::config_for(&spec, &std::env::temp_dir());
    let lowered = sdkgen::load_api(&config).expect("the spec lowers");
    let warnings = lowered.warnings.iter().map(ToString::to_string).collect();
    (lowered.api, warnings)
}

/// `(wire name, location, style, explode)` of each parameter of an operation.
fn placements(api: &Api, id: &str) -> Vec<(String, ParameterLocation, ParameterStyle, bool)> {
    operation(api, id)
        .parameters
        .iter()
        .map(|p| (p.wire_name.clone(), p.location, p.style, p.explode))
        .collect()
}

fn placed(
    rows: &[(&str, ParameterLocation, ParameterStyle, bool)],
) -> Vec<(String, ParameterLocation, ParameterStyle, bool)> {
    rows.iter()
        .map(|(name, location, style, explode)| ((*name).to_owned(), *location, *style, *explode))
        .collect()
}

#[test]
fn parameters_carry_their_style_and_explode_with_openapis_defaults() {
    use ParameterLocation::{Cookie, Header, Path, Query};
    use ParameterStyle::*;
    let (api, warnings) = wire();
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(
        placements(&api, "queryStyles"),
        placed(&[
            ("ids", Query, Form, true),
            ("tags", Query, Form, false),
            ("spaced", Query, SpaceDelimited, false),
            ("piped", Query, PipeDelimited, false),
            ("filter", Query, DeepObject, true),
            ("point", Query, Form, true),
            ("corner", Query, Form, false),
            ("text", Query, Form, true),
        ])
    );
    assert_eq!(
        placements(&api, "pathStyles"),
        placed(&[
            ("simple", Path, Simple, false),
            ("label", Path, Label, true),
            ("matrix", Path, Matrix, false),
            ("object", Path, Simple, true),
            ("name", Path, Simple, false),
        ])
    );
    assert_eq!(
        placements(&api, "headerStyles"),
        placed(&[
            ("X-Ids", Header, Simple, false),
            ("X-Point", Header, Simple, true),
            ("X-Filter", Header, Simple, false),
            ("theme", Cookie, Form, true),
            ("ids", Cookie, Form, false),
            ("session", Cookie, Form, true),
        ])
    );
}

#[test]
fn cookie_parameters_and_cookie_globals_are_kept() {
    let (api, _) = wire();
    let session = &api.globals[0];
    assert_eq!(
        (session.wire_name.as_str(), session.location),
        ("session", ParameterLocation::Cookie)
    );
    let parameter = operation(&api, "headerStyles")
        .parameters
        .iter()
        .find(|p| p.wire_name == "session")
        .expect("the session cookie");
    assert_eq!(parameter.global.as_ref(), Some(&session.name));
    let json = serde_json::to_value(parameter).expect("serializes");
    assert_eq!(
        (&json["location"], &json["style"], &json["explode"]),
        (&json!("cookie"), &json!("form"), &json!(true))
    );
    assert_eq!(
        serde_json::to_value(ParameterStyle::SpaceDelimited).expect("serializes"),
        json!("spaceDelimited")
    );
}

/// `(status, variant, body)` of a success response.
type Success = (String, Option<String>, Option<TypeRef>);

/// An operation's outcome type and its success responses.
fn outcome(api: &Api, id: &str) -> (Option<String>, Vec<Success>) {
    let operation = operation(api, id);
    let responses = operation
        .responses
        .iter()
        .map(|r| {
            (
                r.status.text(),
                r.variant.as_ref().map(|v| v.pascal.clone()),
                r.ty.clone(),
            )
        })
        .collect();
    (operation.outcome_type.clone(), responses)
}

fn named(name: &str) -> Option<TypeRef> {
    Some(TypeRef::Named { name: name.into() })
}

#[test]
fn a_documented_3xx_is_its_own_outcome() {
    let (api, _) = wire();
    assert_eq!(
        outcome(&api, "getItem"),
        (
            Some("GetItemOutcome".to_owned()),
            vec![
                ("200".to_owned(), Some("Ok".to_owned()), named("Item")),
                ("304".to_owned(), Some("NotModified".to_owned()), None),
            ]
        )
    );
    assert_eq!(
        outcome(&api, "downloadItem"),
        (
            Some("DownloadItemOutcome".to_owned()),
            vec![
                (
                    "200".to_owned(),
                    Some("Ok".to_owned()),
                    Some(TypeRef::Binary)
                ),
                ("302".to_owned(), Some("Found".to_owned()), None),
            ]
        )
    );
}

fn bodies() -> (Api, Vec<String>) {
    fixture("bodies")
}

fn body<'a>(api: &'a Api, id: &str) -> &'a sdkgen::ir::RequestBody {
    operation(api, id)
        .request_body
        .as_ref()
        .expect("a request body")
}

fn field_types(api: &Api, type_name: &str) -> Vec<(String, TypeRef)> {
    match &api.type_def(type_name).expect("the type").kind {
        TypeKind::Object { fields, .. } => fields
            .iter()
            .map(|field| (field.wire_name.clone(), field.ty.clone()))
            .collect(),
        other => panic!("{type_name} is not an object: {other:?}"),
    }
}

#[test]
fn every_kind_of_request_body_is_lowered_with_its_kind_and_type() {
    use sdkgen::ir::BodyKind;
    let (api, warnings) = bodies();
    assert!(warnings.is_empty(), "{warnings:?}");
    let kinds: Vec<(&str, BodyKind, &str, TypeRef)> = [
        "uploadDocument",
        "createCustomer",
        "putNote",
        "uploadChunk",
        "uploadBlob",
    ]
    .into_iter()
    .map(|id| {
        let body = body(&api, id);
        (id, body.kind, body.content_type.as_str(), body.ty.clone())
    })
    .collect();
    let named = |name: &str| TypeRef::Named { name: name.into() };
    assert_eq!(
        kinds,
        [
            (
                "uploadDocument",
                BodyKind::Multipart,
                "multipart/form-data",
                named("UploadDocumentRequestBody")
            ),
            (
                "createCustomer",
                BodyKind::Form,
                "application/x-www-form-urlencoded",
                named("CreateCustomerRequestBody")
            ),
            ("putNote", BodyKind::Text, "text/plain", TypeRef::String),
            (
                "uploadChunk",
                BodyKind::Binary,
                "application/octet-stream",
                TypeRef::Binary
            ),
            // A wildcard media type: the file carries the one to send.
            ("uploadBlob", BodyKind::Binary, "*/*", TypeRef::File),
        ]
    );
    for id in ["uploadDocument", "putNote", "uploadBlob"] {
        let body = body(&api, id);
        assert_eq!(body.alternatives.len(), 1, "{id}");
        assert_eq!(body.type_name, None, "{id}");
    }
}

#[test]
fn binary_properties_of_multipart_bodies_are_files_and_stay_strings_elsewhere() {
    let (api, _) = bodies();
    let file = TypeRef::File;
    let files = TypeRef::Array {
        items: Box::new(TypeRef::File),
    };
    let fields = field_types(&api, "UploadDocumentRequestBody");
    let typed = |name: &str| {
        fields
            .iter()
            .find(|(wire, _)| wire == name)
            .map(|(_, ty)| ty.clone())
    };
    assert_eq!(typed("file"), Some(file.clone()));
    assert_eq!(typed("thumbnail"), Some(file.clone()));
    assert_eq!(typed("attachments"), Some(files));
    assert_eq!(typed("note"), Some(TypeRef::String));
    // A component that a multipart body refers to holds files too; in JSON a binary string is text.
    let spec = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"post": {"operationId": "a", "requestBody": {"content": {"multipart/form-data": {
                "schema": {"$ref": "#/components/schemas/Upload"}
            }}}, "responses": {"204": {"description": "ok"}}}},
            "/b": {"post": {"operationId": "b", "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Json"}
            }}}, "responses": {"204": {"description": "ok"}}}},
        },
        "components": {"schemas": {
            "Upload": {"type": "object", "properties": {
                "file": {"type": "string", "contentMediaType": "audio/wav"},
                "nested": {"type": "object", "properties": {"raw": {"type": "string", "format": "binary"}}},
            }},
            "Json": {"type": "object", "properties": {"raw": {"type": "string", "format": "binary"}}},
        }},
    });
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("files.json");
    std::fs::write(&path, spec.to_string()).expect("write the spec");
    let config = common::config_for(&path, folder.path());
    let api = sdkgen::load_api(&config).expect("the spec lowers").api;
    assert_eq!(
        field_types(&api, "Upload"),
        [
            ("file".to_owned(), file),
            (
                "nested".to_owned(),
                TypeRef::Named {
                    name: "UploadNested".into()
                }
            )
        ]
    );
    assert_eq!(
        field_types(&api, "UploadNested"),
        [("raw".to_owned(), TypeRef::String)]
    );
    assert_eq!(
        field_types(&api, "Json"),
        [("raw".to_owned(), TypeRef::String)]
    );
}

#[test]
fn form_and_multipart_encodings_carry_style_explode_and_content_type() {
    use sdkgen::ir::{EncodingStyle, PropertyEncoding};
    let (api, _) = bodies();
    let entry = |property: &str, content_type: Option<&str>, style, explode| PropertyEncoding {
        property: property.into(),
        content_type: content_type.map(str::to_owned),
        style,
        explode,
    };
    assert_eq!(
        body(&api, "createCustomer").encoding,
        [
            entry("metadata", None, EncodingStyle::DeepObject, true),
            entry("items", None, EncodingStyle::DeepObject, true),
            // `explode` left out: `false` for every style but `form`.
            entry("locales", None, EncodingStyle::PipeDelimited, false),
            entry("codes", None, EncodingStyle::Form, false),
            // `style` and `explode` left out: `form`, exploded.
            entry(
                "preferences",
                Some("application/json"),
                EncodingStyle::Form,
                true
            ),
        ]
    );
    assert_eq!(
        body(&api, "uploadDocument").encoding,
        [
            entry("thumbnail", Some("image/png"), EncodingStyle::Form, true),
            entry("note", Some("text/markdown"), EncodingStyle::Form, true),
        ]
    );
    assert!(body(&api, "putNote").encoding.is_empty());
}

#[test]
fn several_media_types_are_alternatives_json_first_under_a_reserved_name() {
    use sdkgen::ir::BodyKind;
    let (api, _) = bodies();
    let body = body(&api, "transcribe");
    assert_eq!(body.type_name.as_deref(), Some("TranscribeRequestBody"));
    let alternatives: Vec<(&str, &str, BodyKind, TypeRef)> = body
        .alternatives
        .iter()
        .map(|alternative| {
            (
                alternative.name.snake.as_str(),
                alternative.content_type.as_str(),
                alternative.kind,
                alternative.ty.clone(),
            )
        })
        .collect();
    assert_eq!(
        alternatives,
        [
            (
                "json",
                "application/json",
                BodyKind::Json,
                TypeRef::Named {
                    name: "TranscribeJsonRequestBody".into()
                }
            ),
            (
                "multipart",
                "multipart/form-data",
                BodyKind::Multipart,
                TypeRef::Named {
                    name: "TranscribeMultipartRequestBody".into()
                }
            ),
        ]
    );
    // The top-level fields are the default alternative's.
    assert_eq!(body.kind, BodyKind::Json);
    assert_eq!(body.ty, alternatives[0].3);
    assert_eq!(body.example, body.alternatives[0].example);
    assert_eq!(
        body.alternatives[1].example,
        Some(serde_json::json!({"file": "audio.wav", "model": "whisper"}))
    );
    assert!(
        api.type_def("TranscribeRequestBody").is_none(),
        "the name is reserved for the backends' type, not a type of the IR"
    );
}

#[test]
fn successes_with_different_bodies_are_an_outcome_and_the_same_body_stays_one_type() {
    let (api, _) = wire();
    assert_eq!(
        outcome(&api, "putItem"),
        (
            Some("PutItemOutcome".to_owned()),
            vec![
                ("200".to_owned(), Some("Ok".to_owned()), named("Item")),
                (
                    "201".to_owned(),
                    Some("Created".to_owned()),
                    named("Receipt")
                ),
                ("202".to_owned(), Some("Accepted".to_owned()), None),
            ]
        )
    );
    assert_eq!(
        outcome(&api, "createItem"),
        (
            None,
            vec![
                ("200".to_owned(), None, named("Item")),
                ("201".to_owned(), None, named("Item")),
            ]
        )
    );
    assert_eq!(outcome(&api, "queryStyles").0, None, "a single success");
}

#[test]
fn file_and_byte_examples_are_names_and_text() {
    use sdkgen::ir::Example;
    let (api, _) = bodies();
    let input = |id: &str| {
        operation(&api, id)
            .example
            .inputs
            .iter()
            .find(|input| input.location.is_none())
            .cloned()
            .expect("a body example")
    };
    let chunk = input("uploadChunk");
    assert!(chunk.placeholder);
    assert!(
        matches!(&chunk.value, Example::String { value, ty: TypeRef::Binary } if value == "<bytes>")
    );
    let blob = input("uploadBlob");
    assert!(
        matches!(&blob.value, Example::String { value, ty: TypeRef::File } if value == "file.bin")
    );
    let Example::Object { fields, .. } = &input("uploadDocument").value else {
        panic!("an object example");
    };
    assert!(matches!(
        &fields[0].value,
        Example::String { value, ty: TypeRef::File } if value == "report.pdf"
    ));
}

fn examples() -> (Api, Vec<String>) {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/examples.yaml");
    let config = common::config_for(&spec, &std::env::temp_dir());
    let lowered = sdkgen::load_api(&config).expect("the spec lowers, with warnings");
    let warnings = lowered.warnings.iter().map(ToString::to_string).collect();
    (lowered.api, warnings)
}

/// Every example that breaks its schema is named by the line and pointer of the node that is
/// wrong, with what is wrong there, and leaves the IR; an example that fits stays.
#[test]
fn examples_that_do_not_fit_their_types_are_dropped_with_a_warning_at_the_wrong_node() {
    let (api, warnings) = examples();
    let expected = [
        (
            ":135 (at #/components/schemas/Pet/example/colour)",
            "`Pet` has no property `colour` (the SDK would drop it)",
        ),
        (
            ":142 (at #/components/schemas/NewPet/properties/name/example)",
            "its type `string`: expected a string, found a number",
        ),
        (
            ":23 (at #/paths/~1pets/get/responses/200/content/application~1json/example/0/kind)",
            "its type `array of Pet`: `dragon` is not a value of the closed enum `PetKind` (`cat`, `dog`)",
        ),
        (
            ":56 (at #/paths/~1pets~1{id}/get/parameters/0/example)",
            "its type `integer`: expected an integer, found a string",
        ),
        (
            ":64 (at #/paths/~1pets~1{id}/get/responses/200/content/application~1json/example)",
            "the required property `owner` of `Pet` is missing",
        ),
        (
            ":73 (at #/paths/~1pets~1{id}/get/responses/404/content/application~1json/example)",
            "the required property `code` of `Problem` is missing",
        ),
        (
            ":91 (at #/paths/~1pets~1{id}/put/requestBody/content/application~1json/example/name)",
            "its type `NewPet`: expected a string, found a number",
        ),
        (
            ":114 (at #/paths/~1shapes~1{id}/get/responses/200/content/application~1json/examples/square/value)",
            "the tag property `kind` of the union `Shape` is missing",
        ),
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for ((location, problem), warning) in expected.iter().zip(&warnings) {
        assert!(
            warning.contains(location) && warning.contains(problem),
            "expected {location} {problem}, got {warning}"
        );
        assert!(warning.ends_with("; docs and generated tests leave it out"));
    }

    assert!(api.type_def("Pet").unwrap().example.is_none());
    let Some(TypeKind::Object { fields, .. }) = api.type_def("NewPet").map(|def| &def.kind) else {
        panic!("NewPet is an object")
    };
    assert!(fields[0].example.is_none());
    assert!(operation(&api, "listPets").responses[0].example.is_none());
    let get_pet = operation(&api, "getPet");
    assert!(get_pet.parameters[0].example.is_none());
    assert!(get_pet.responses[0].example.is_none());
    assert!(get_pet.errors[0].example.is_none());
    let rename = operation(&api, "renamePet");
    assert!(rename.request_body.as_ref().unwrap().example.is_none());
    assert!(rename.parameters[0].example.is_some(), "it fits");
    assert!(operation(&api, "getShape").responses[0].example.is_none());
    // `owner: null` fits: the property is required and nullable.
    let create = operation(&api, "createPet");
    assert!(create.request_body.as_ref().unwrap().example.is_some());
    assert_eq!(
        create.responses[0].example,
        Some(serde_json::json!({"id": 2, "name": "Tom", "kind": "cat", "owner": null}))
    );
}

/// The Rust backend writes a decode test for the example that fits and none for the others.
#[test]
fn only_examples_that_fit_become_decode_tests() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/examples.yaml");
    let config = common::config_for(&spec, &std::env::temp_dir());
    let (files, _) = sdkgen::generate_rust(&config).expect("the crate renders");
    let tests = files
        .iter()
        .find(|file| file.path == "tests/generated_operations.rs")
        .expect("the generated tests");
    let decode_tests: Vec<&str> = tests
        .contents
        .split("async fn ")
        .skip(1)
        .filter_map(|rest| rest.split('(').next())
        .filter(|name| name.contains("_decodes_the_documented_"))
        .collect();
    assert_eq!(
        decode_tests,
        ["default_create_pet_decodes_the_documented_201_response"]
    );
}
