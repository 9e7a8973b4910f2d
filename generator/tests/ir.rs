//! The IR of the OpenRouter OAuth spec: the vendor extensions and naming rules, as a template
//! author sees them (`cargo xtask codegen --dump-ir`).

use sdkgen::ir::{Api, ParameterLocation, StatusMatch, TypeKind, TypeRef};

fn oauth_api() -> Api {
    let config = sdkgen::load_config(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/sdkgen.toml"),
    )
    .expect("config");
    sdkgen::load_api(&config)
        .expect("the OAuth spec lowers")
        .api
}

#[test]
fn operations_are_grouped_by_tag_and_named_by_override() {
    let api = oauth_api();
    let group = &api.groups[0];
    assert_eq!(
        (group.name.snake.as_str(), group.name.camel.as_str()),
        ("o_auth", "oAuth")
    );
    let names: Vec<(&str, &str, &str)> = group
        .operations
        .iter()
        .map(|op| {
            (
                op.id.as_str(),
                op.name.snake.as_str(),
                op.request_type.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (
                "exchangeAuthCodeForAPIKey",
                "exchange_auth_code_for_api_key",
                "ExchangeAuthCodeForAPIKeyRequest"
            ),
            (
                "createAuthKeysCode",
                "create_auth_code",
                "CreateAuthKeysCodeRequest"
            ),
        ]
    );
}

#[test]
fn globals_and_retries_come_from_the_extensions() {
    let api = oauth_api();
    let globals: Vec<(&str, &str)> = api
        .globals
        .iter()
        .map(|g| (g.name.snake.as_str(), g.wire_name.as_str()))
        .collect();
    assert_eq!(
        globals,
        [
            ("http_referer", "HTTP-Referer"),
            ("app_title", "X-OpenRouter-Title"),
            ("app_categories", "X-OpenRouter-Categories")
        ]
    );
    let retries = api.retries.as_ref().expect("x-speakeasy-retries");
    assert_eq!(
        (
            retries.initial_interval_ms,
            retries.max_interval_ms,
            retries.max_elapsed_time_ms
        ),
        (500, 60_000, 3_600_000)
    );
    assert_eq!(retries.exponent, 1.5);
    assert_eq!(retries.status_codes, ["5XX"]);
    assert!(retries.retry_connection_errors);
    let parameter = &api.groups[0].operations[1].parameters[1];
    assert_eq!(
        (
            parameter.location,
            parameter.global.as_ref().map(|name| name.original.as_str())
        ),
        (ParameterLocation::Header, Some("appTitle"))
    );
}

#[test]
fn open_enums_ignored_properties_and_nullables() {
    let api = oauth_api();
    let body = api
        .type_def("CreateAuthKeysCodeRequestBody")
        .expect("hoisted request body");
    let TypeKind::Object { fields, .. } = &body.kind else {
        panic!("an object")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert!(
        !names.contains(&"spawn_agent") && !names.contains(&"spawn_cloud"),
        "{names:?}"
    );
    let expires = fields
        .iter()
        .find(|f| f.wire_name == "expires_at")
        .expect("expires_at");
    assert_eq!(
        (expires.ty.clone(), expires.required, expires.nullable),
        (TypeRef::DateTime, false, true)
    );
    let label = fields
        .iter()
        .find(|f| f.wire_name == "key_label")
        .expect("key_label");
    assert_eq!(label.constraints.max_length, Some(100));
    let method = api
        .type_def("CreateAuthKeysCodeCodeChallengeMethod")
        .expect("hoisted enum");
    assert!(matches!(&method.kind, TypeKind::Enum { open: true, variants } if variants.len() == 2));
}

#[test]
fn error_responses_are_typed_per_status() {
    let api = oauth_api();
    let create = &api.groups[0].operations[1];
    let errors: Vec<(u16, &str)> = create
        .errors
        .iter()
        .map(|e| match e.status {
            StatusMatch::Code { code } => (code, e.error.as_str()),
            ref other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        errors,
        [
            (400, "BadRequestResponseError"),
            (401, "UnauthorizedResponseError"),
            (403, "ForbiddenResponseError"),
            (409, "ConflictResponseError"),
            (500, "InternalServerResponseError"),
        ]
    );
    assert_eq!(api.default_error, "OpenRouterDefaultError");
    let bad_request = api
        .error_def("BadRequestResponseError")
        .expect("error type");
    assert_eq!(bad_request.short_name, "BadRequest");
    assert_eq!(
        bad_request.body,
        Some(TypeRef::Named {
            name: "BadRequestResponse".into()
        })
    );
}

#[test]
fn the_ir_serializes_for_templates() {
    let json = serde_json::to_value(oauth_api()).expect("the IR is serializable");
    assert_eq!(
        json["groups"][0]["operations"][1]["name"]["camel"],
        "createAuthCode"
    );
    assert_eq!(json["sdk"]["name"]["pascal"], "OpenRouter");
}

#[test]
fn the_json_carries_its_version_server_names_and_status_texts() {
    let api = oauth_api();
    let json = serde_json::to_value(&api).expect("the IR serializes");
    assert_eq!(json["ir_version"], sdkgen::ir::IR_VERSION);
    assert_eq!(json["servers"][0]["name"]["pascal"], "Production");
    let errors = &json["groups"][0]["operations"][1]["errors"];
    let statuses: Vec<&str> = errors
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|error| error["status"]["text"].as_str())
        .collect();
    assert_eq!(statuses, ["400", "401", "403", "409", "500"]);
    let global = &json["groups"][0]["operations"][0]["parameters"][0]["global"];
    assert_eq!(
        global["camel"], "httpReferer",
        "a parameter names its global"
    );
}

#[test]
fn example_inputs_are_resolved_against_their_types() {
    let api = oauth_api();
    let json = serde_json::to_value(&api).expect("the IR serializes");
    let example = &json["groups"][0]["operations"][1]["example"];
    assert_eq!(example["complete"], true);
    let inputs = example["inputs"].as_array().expect("inputs");
    assert_eq!(
        inputs.len(),
        1,
        "globals are the client's, not the example's"
    );
    let body = &inputs[0];
    assert_eq!(body["name"]["camel"], "requestBody");
    assert_eq!(body["placeholder"], false);
    assert_eq!(body["value"]["kind"], "object");
    assert_eq!(body["value"]["type_name"], "CreateAuthKeysCodeRequestBody");
    let fields: Vec<(&str, &str)> = body["value"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|field| {
            (
                field["name"]["camel"].as_str().unwrap_or_default(),
                field["value"]["kind"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("callbackUrl", "string"),
            ("codeChallenge", "string"),
            ("codeChallengeMethod", "enum"),
            ("limit", "number")
        ]
    );
    assert_eq!(
        body["value"]["fields"][2]["value"]["variant"]["pascal"],
        "S256"
    );
}

#[test]
fn the_minted_api_key_is_sensitive_by_configuration() {
    let api = oauth_api();
    let sensitive: Vec<(&str, &str)> = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Object { fields, .. } => Some((def, fields)),
            _ => None,
        })
        .flat_map(|(def, fields)| {
            fields
                .iter()
                .filter(|field| field.sensitive)
                .map(move |field| (def.name.as_str(), field.wire_name.as_str()))
        })
        .collect();
    // The spec marks nothing; `sdk.sensitive` in spec/sdkgen.toml marks the exchanged key alone.
    assert_eq!(sensitive, [("ExchangeAuthCodeForAPIKeyResponse", "key")]);
    assert!(
        api.operations()
            .flat_map(|(_, op)| &op.parameters)
            .all(|parameter| !parameter.sensitive)
    );
}
