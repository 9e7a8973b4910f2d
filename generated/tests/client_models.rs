//! Models on the wire: open enums, ignored properties, optional vs nullable properties and
//! required-nullable response fields, checked on what the server actually received or sent.

use std::error::Error;

use openrouter::errors::ExchangeAuthCodeForAPIKeyError;
use openrouter::funcs::{o_auth_create_auth_code, o_auth_exchange_auth_code_for_api_key};
use openrouter::operations::{
    CreateAuthKeysCodeCodeChallengeMethod, CreateAuthKeysCodeRequest,
    CreateAuthKeysCodeRequestBody, CreateAuthKeysCodeUsageLimitType,
    ExchangeAuthCodeForAPIKeyCodeChallengeMethod, ExchangeAuthCodeForAPIKeyRequest,
    ExchangeAuthCodeForAPIKeyRequestBody, ExchangeAuthCodeForAPIKeyResponse,
};
use openrouter::secrecy::ExposeSecret;
use openrouter::url::Url;
use openrouter::{OpenRouter, OpenRouterCore, RetryConfig};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn Error>>;

const CREATE_PATH: &str = "/auth/keys/code";
const EXCHANGE_PATH: &str = "/auth/keys";

fn callback() -> Url {
    Url::parse("https://app.example/callback").expect("valid URL")
}

/// A server answering both operations; `exchange_response` is the body of the exchange.
async fn server(exchange_response: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"id": "auth_code_m", "app_id": 1, "created_at": "2025-08-24T10:30:00Z"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(EXCHANGE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(exchange_response))
        .mount(&server)
        .await;
    server
}

fn client(server_url: &str) -> Result<OpenRouter, Box<dyn Error>> {
    Ok(OpenRouter::builder()
        .server_url(server_url)
        .retry_config(RetryConfig::None)
        .build()?)
}

fn core(server_url: &str) -> Result<OpenRouterCore, Box<dyn Error>> {
    Ok(OpenRouterCore::builder()
        .server_url(server_url)
        .retry_config(RetryConfig::None)
        .build()?)
}

/// The JSON bodies the server received, in order.
async fn bodies(server: &MockServer) -> Result<Vec<Value>, Box<dyn Error>> {
    let mut bodies = Vec::new();
    for request in server
        .received_requests()
        .await
        .expect("recording is enabled")
    {
        bodies.push(serde_json::from_slice(&request.body)?);
    }
    Ok(bodies)
}

fn round_trip<T>(value: &Value) -> Result<(T, Value), Box<dyn Error>>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = serde_json::from_value(value.clone())?;
    let back = serde_json::to_value(&typed)?;
    Ok((typed, back))
}

#[test]
fn unknown_enum_values_round_trip() -> TestResult {
    let input = json!({
        "callback_url": "https://app.example/callback",
        "code_challenge": "abc",
        "code_challenge_method": "S512",
        "usage_limit_type": "yearly",
    });
    let (body, back) = round_trip::<CreateAuthKeysCodeRequestBody>(&input)?;
    assert_eq!(
        body.code_challenge_method,
        Some(CreateAuthKeysCodeCodeChallengeMethod::Unknown(
            "S512".to_owned()
        ))
    );
    assert_eq!(
        body.usage_limit_type,
        Some(CreateAuthKeysCodeUsageLimitType::Unknown(
            "yearly".to_owned()
        ))
    );
    assert_eq!(back, input);

    let input = json!({"code": "c", "code_challenge_method": "S512"});
    let (_, back) = round_trip::<ExchangeAuthCodeForAPIKeyRequestBody>(&input)?;
    assert_eq!(back, input);

    // Known values stay known; matching is exact.
    assert_eq!(
        CreateAuthKeysCodeCodeChallengeMethod::from("S256"),
        CreateAuthKeysCodeCodeChallengeMethod::S256
    );
    assert_eq!(
        CreateAuthKeysCodeCodeChallengeMethod::from("plain"),
        CreateAuthKeysCodeCodeChallengeMethod::Plain
    );
    let unknown = CreateAuthKeysCodeCodeChallengeMethod::from("S512");
    assert_eq!(
        unknown,
        CreateAuthKeysCodeCodeChallengeMethod::Unknown("S512".into())
    );
    assert_eq!(unknown.as_str(), "S512");
    assert_eq!(unknown.to_string(), "S512");
    assert_eq!(
        CreateAuthKeysCodeCodeChallengeMethod::from(String::from("plain")),
        CreateAuthKeysCodeCodeChallengeMethod::Plain
    );
    Ok(())
}

#[tokio::test]
async fn unknown_enum_value_is_sent_as_is() -> TestResult {
    let server = server(json!({"key": "k", "user_id": null})).await;

    client(&server.uri())?
        .o_auth()
        .create_auth_code()
        .request_body(
            CreateAuthKeysCodeRequestBody::new(callback())
                .code_challenge_method(CreateAuthKeysCodeCodeChallengeMethod::from("S512")),
        )
        .send()
        .await?;
    o_auth_create_auth_code(
        &core(&server.uri())?,
        CreateAuthKeysCodeRequest::new(
            CreateAuthKeysCodeRequestBody::new(callback())
                .code_challenge_method(CreateAuthKeysCodeCodeChallengeMethod::Unknown(
                    "S512".to_owned(),
                ))
                .usage_limit_type(CreateAuthKeysCodeUsageLimitType::from("yearly")),
        ),
        None,
    )
    .await?;
    client(&server.uri())?
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(
            ExchangeAuthCodeForAPIKeyRequestBody::new("c")
                .code_challenge_method(ExchangeAuthCodeForAPIKeyCodeChallengeMethod::from("S512")),
        )
        .send()
        .await?;

    assert_eq!(
        bodies(&server).await?,
        [
            json!({"callback_url": "https://app.example/callback", "code_challenge_method": "S512"}),
            json!({
                "callback_url": "https://app.example/callback",
                "code_challenge_method": "S512",
                "usage_limit_type": "yearly",
            }),
            json!({"code": "c", "code_challenge_method": "S512"}),
        ]
    );
    Ok(())
}

fn full_body() -> Result<CreateAuthKeysCodeRequestBody, Box<dyn Error>> {
    Ok(CreateAuthKeysCodeRequestBody::new(callback())
        .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .code_challenge_method(CreateAuthKeysCodeCodeChallengeMethod::S256)
        .expires_at(
            "2027-12-31T23:59:59Z"
                .parse::<openrouter::chrono::DateTime<openrouter::chrono::Utc>>()?,
        )
        .key_label("My Custom Key")
        .limit(100.5)
        .usage_limit_type(CreateAuthKeysCodeUsageLimitType::Monthly)
        .workspace_id("6f1c0e7a-3c7b-4d6e-9a51-2f1d3c4b5a69".parse::<openrouter::uuid::Uuid>()?))
}

fn full_json() -> Value {
    json!({
        "callback_url": "https://app.example/callback",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
        "expires_at": "2027-12-31T23:59:59Z",
        "key_label": "My Custom Key",
        "limit": 100.5,
        "usage_limit_type": "monthly",
        "workspace_id": "6f1c0e7a-3c7b-4d6e-9a51-2f1d3c4b5a69",
    })
}

#[tokio::test]
async fn ignored_properties_are_never_sent_and_tolerated_when_received() -> TestResult {
    // Serializing a body with every property set gives exactly the non-ignored ones.
    let serialized = serde_json::to_value(full_body()?)?;
    assert_eq!(serialized, full_json());
    let text = serde_json::to_string(&full_body()?)?;
    assert!(
        !text.contains("spawn_agent") && !text.contains("spawn_cloud"),
        "{text}"
    );

    // A document that has them still deserializes; they are dropped.
    let mut with_ignored = full_json();
    with_ignored["spawn_agent"] = json!("my-agent");
    with_ignored["spawn_cloud"] = json!("aws-us-east-1");
    let (body, back) = round_trip::<CreateAuthKeysCodeRequestBody>(&with_ignored)?;
    assert_eq!(body, full_body()?);
    assert_eq!(back, full_json());

    // And on the wire.
    let server = server(json!({"key": "k", "user_id": null})).await;
    client(&server.uri())?
        .o_auth()
        .create_auth_code()
        .request_body(body)
        .send()
        .await?;
    assert_eq!(bodies(&server).await?, [full_json()]);
    Ok(())
}

/// `code_challenge_method` of the exchange body is optional AND nullable: unset sends
/// nothing, a value sends the value.
#[tokio::test]
async fn optional_nullable_property_unset_or_value() -> TestResult {
    let server = server(json!({"key": "k", "user_id": "u"})).await;
    let client = client(&server.uri())?;
    let core = core(&server.uri())?;

    client
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(ExchangeAuthCodeForAPIKeyRequestBody::new("c1"))
        .send()
        .await?;
    o_auth_exchange_auth_code_for_api_key(
        &core,
        ExchangeAuthCodeForAPIKeyRequest::new(
            ExchangeAuthCodeForAPIKeyRequestBody::new("c2")
                .code_challenge_method(ExchangeAuthCodeForAPIKeyCodeChallengeMethod::S256)
                .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        ),
        None,
    )
    .await?;
    client
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(
            ExchangeAuthCodeForAPIKeyRequestBody::new("c3")
                .code_challenge_method(ExchangeAuthCodeForAPIKeyCodeChallengeMethod::Plain),
        )
        .send()
        .await?;

    let received = server
        .received_requests()
        .await
        .expect("recording is enabled");
    let raw: Vec<&[u8]> = received
        .iter()
        .map(|request| request.body.as_slice())
        .collect();
    assert_eq!(
        raw,
        [
            &br#"{"code":"c1"}"#[..],
            &br#"{"code":"c2","code_challenge_method":"S256","code_verifier":"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"}"#[..],
            &br#"{"code":"c3","code_challenge_method":"plain"}"#[..],
        ]
    );
    Ok(())
}

/// The third state of an optional AND nullable property: an explicit `null` is sent as `null`,
/// whether the body comes from JSON or from `.code_challenge_method(Nullable::Null)`.
#[tokio::test]
async fn optional_nullable_property_explicit_null_is_sent_as_null() -> TestResult {
    let input = json!({"code": "c", "code_challenge_method": null});
    let (body, back) = round_trip::<ExchangeAuthCodeForAPIKeyRequestBody>(&input)?;
    assert_eq!(back, input, "an explicit null must survive a round trip");
    let typed = ExchangeAuthCodeForAPIKeyRequestBody::new("c")
        .code_challenge_method(openrouter::Nullable::Null);
    assert_eq!(typed, body, "the typed API builds the same body");

    let server = server(json!({"key": "k", "user_id": "u"})).await;
    client(&server.uri())?
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(body)
        .send()
        .await?;
    let received = server
        .received_requests()
        .await
        .expect("recording is enabled");
    assert_eq!(
        received[0].body,
        br#"{"code":"c","code_challenge_method":null}"#
    );
    Ok(())
}

/// Same for `expires_at` of the create body (`type: [string, null]`, optional).
#[tokio::test]
async fn optional_nullable_expires_at_explicit_null_is_sent_as_null() -> TestResult {
    let input = json!({"callback_url": "https://app.example/callback", "expires_at": null});
    let (body, back) = round_trip::<CreateAuthKeysCodeRequestBody>(&input)?;
    assert_eq!(back, input, "an explicit null must survive a round trip");

    let server = server(json!({"key": "k", "user_id": "u"})).await;
    client(&server.uri())?
        .o_auth()
        .create_auth_code()
        .request_body(body)
        .send()
        .await?;
    assert_eq!(bodies(&server).await?, [input]);
    Ok(())
}

#[tokio::test]
async fn required_nullable_response_field_decodes_null_as_none() -> TestResult {
    let response: ExchangeAuthCodeForAPIKeyResponse =
        serde_json::from_value(json!({"key": "sk-or-v1-a", "user_id": null}))?;
    assert_eq!(
        response,
        ExchangeAuthCodeForAPIKeyResponse::new("sk-or-v1-a", None)
    );
    // Serializing keeps the required property, as null.
    assert_eq!(
        serde_json::to_value(&response)?,
        json!({"key": "sk-or-v1-a", "user_id": null})
    );

    // Over HTTP, in both styles.
    let server = server(json!({"key": "sk-or-v1-a", "user_id": null})).await;
    let response = client(&server.uri())?
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(ExchangeAuthCodeForAPIKeyRequestBody::new("c"))
        .send()
        .await?;
    assert_eq!(response.key.expose_secret(), "sk-or-v1-a");
    assert_eq!(response.user_id, None);
    let response = o_auth_exchange_auth_code_for_api_key(
        &core(&server.uri())?,
        ExchangeAuthCodeForAPIKeyRequest::new(ExchangeAuthCodeForAPIKeyRequestBody::new("c")),
        None,
    )
    .await?;
    assert_eq!(response.user_id, None);

    // A value decodes as Some.
    let server = self::server(json!({"key": "sk-or-v1-b", "user_id": "user_2y"})).await;
    let response = client(&server.uri())?
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(ExchangeAuthCodeForAPIKeyRequestBody::new("c"))
        .send()
        .await?;
    assert_eq!(response.user_id.as_deref(), Some("user_2y"));

    // A missing required non-nullable property is an InvalidResponse that keeps the body.
    let server = self::server(json!({"user_id": "user_2y"})).await;
    let result = client(&server.uri())?
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(ExchangeAuthCodeForAPIKeyRequestBody::new("c"))
        .send()
        .await;
    match result {
        Err(ExchangeAuthCodeForAPIKeyError::InvalidResponse(error)) => {
            assert_eq!(error.status(), 200);
            assert_eq!(error.raw_body(), r#"{"user_id":"user_2y"}"#);
            assert!(error.to_string().contains("missing field `key`"), "{error}");
        }
        other => panic!("expected InvalidResponse, got {other:?}"),
    }
    Ok(())
}
