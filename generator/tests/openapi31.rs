//! OpenAPI 3.1 documents: what 3.0 does not have (no `paths`, no `responses`, `webhooks`,
//! callbacks, `const`, type lists, tuples, `$ref` with siblings, path items from components)
//! lowers as the spec means it, and what the SDK cannot do is a warning naming its pointer.

mod common;

use std::path::PathBuf;

use sdkgen::ir::{Api, TypeDef, TypeKind, TypeRef};

fn lowered(fixture: &str) -> (Api, Vec<String>) {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{fixture}.yaml"));
    let config = common::config_for(&spec, &std::env::temp_dir());
    let lowered = sdkgen::load_api(&config).unwrap_or_else(|err| panic!("{fixture} lowers: {err}"));
    let warnings = lowered.warnings.iter().map(ToString::to_string).collect();
    (lowered.api, warnings)
}

fn type_def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.type_def(name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn field<'a>(def: &'a TypeDef, wire_name: &str) -> &'a sdkgen::ir::Field {
    let TypeKind::Object { fields, .. } = &def.kind else {
        panic!("{} is not an object", def.name);
    };
    fields
        .iter()
        .find(|field| field.wire_name == wire_name)
        .unwrap_or_else(|| panic!("{} has no {wire_name}", def.name))
}

fn enum_values(def: &TypeDef) -> Vec<&str> {
    let TypeKind::Enum { variants, .. } = &def.kind else {
        panic!("{} is not an enum", def.name);
    };
    variants
        .iter()
        .map(|variant| variant.value.as_str())
        .collect()
}

#[test]
fn a_document_of_webhooks_alone_generates_its_payload_types() {
    let (api, warnings) = lowered("webhook-example");
    assert_eq!(api.operations().count(), 0);
    assert_eq!(
        field(type_def(&api, "Pet"), "id").ty,
        TypeRef::Integer { bits: 64 }
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("webhook-example.yaml:12 (at #/webhooks/newPet/post)")
            && warnings[0].contains("payload type `Pet`"),
        "{}",
        warnings[0]
    );
}

#[test]
fn an_operation_without_responses_is_generated() {
    let (api, warnings) = lowered("non-oauth-scopes");
    assert!(warnings.is_empty(), "{warnings:?}");
    let (_, operation) = api.operations().next().expect("one operation");
    assert_eq!(
        (operation.method.as_str(), operation.path.as_str()),
        ("GET", "/users")
    );
    assert!(operation.responses.is_empty() && operation.errors.is_empty());
    assert!(operation.authenticated, "its bearer requirement is kept");
}

#[test]
fn a_document_of_components_alone_generates_its_models() {
    let (api, warnings) = lowered("components-only");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(api.operations().count(), 0);
    let currency = field(type_def(&api, "Money"), "currency");
    let TypeRef::Named { name } = &currency.ty else {
        panic!("`const: EUR` is a one-value enum, got {:?}", currency.ty);
    };
    assert_eq!(enum_values(type_def(&api, name)), ["EUR"]);
}

#[test]
fn schemas_of_json_schema_2020_12_lower_as_they_mean() {
    let (api, _) = lowered("openapi31");
    let pet = type_def(&api, "Pet");
    let TypeRef::Named { name: kind } = &field(pet, "kind").ty else {
        panic!("`const: pet` is an enum");
    };
    assert_eq!(enum_values(type_def(&api, kind)), ["pet"]);
    assert_eq!(field(pet, "legs").ty, TypeRef::Integer { bits: 64 });
    assert_eq!(field(pet, "friendly").ty, TypeRef::Boolean);
    let nickname = field(pet, "nickname");
    assert!(nickname.nullable && nickname.ty == TypeRef::String);
    let TypeRef::Named { name: age } = &field(pet, "age").ty else {
        panic!("`type: [integer, string]` is a union");
    };
    assert!(matches!(type_def(&api, age).kind, TypeKind::Union { .. }));
    let owner = field(pet, "owner");
    assert_eq!(
        owner.ty,
        TypeRef::Named {
            name: "Owner".into()
        }
    );
    assert_eq!(
        owner.description.as_deref(),
        Some("Who looks after the pet (a description beside `$ref`).")
    );
    assert_eq!(
        field(pet, "position").ty,
        TypeRef::Array {
            items: Box::new(TypeRef::Number { bits: 64 })
        },
        "a tuple of numbers is an array of numbers"
    );
    assert_eq!(
        field(pet, "extra").ty,
        TypeRef::Any,
        "`true` accepts anything"
    );
    let status = field(type_def(&api, "Subscription"), "status");
    assert!(status.nullable, "`enum: [.., null]` is nullable");
}

#[test]
fn path_items_and_parameters_from_components_keep_their_descriptions() {
    let (api, _) = lowered("openapi31");
    let ids: Vec<&str> = api.operations().map(|(_, op)| op.id.as_str()).collect();
    assert_eq!(ids, ["listPets", "pingPet", "subscribe"]);
    let (_, ping) = api
        .operations()
        .find(|(_, op)| op.id == "pingPet")
        .expect("pingPet");
    assert_eq!(
        ping.parameters[0].description.as_deref(),
        Some("The pet to ping (a description beside `$ref`).")
    );
}

#[test]
fn webhooks_callbacks_and_mutual_tls_are_warnings_with_their_pointers() {
    let (api, warnings) = lowered("openapi31");
    let expected = [
        (
            "#/components/securitySchemes/clientCertificate",
            "`mutualTLS` is not supported",
        ),
        (
            "#/webhooks/petAdopted/post",
            "payload type `PetAdoptedPayload`",
        ),
        ("#/webhooks/newPet/post", "payload type `Pet`"),
        (
            "#/paths/~1subscriptions/post/callbacks/petEvent/{$request.body#~1callbackUrl}/post",
            "payload type `SubscribePetEventPayload`",
        ),
        (
            "#/paths/~1subscriptions/post/callbacks/statusChange/{$request.body#~1callbackUrl}~1status/post",
            "payload type `Subscription`",
        ),
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for (warning, (pointer, text)) in warnings.iter().zip(expected) {
        assert!(
            warning.contains(&format!("(at {pointer})")) && warning.contains(text),
            "{warning}"
        );
    }
    let adopted = type_def(&api, "PetAdoptedPayload");
    assert_eq!(field(adopted, "adoptedAt").ty, TypeRef::DateTime);
    assert!(matches!(adopted.origin, sdkgen::ir::TypeOrigin::Component));
}
