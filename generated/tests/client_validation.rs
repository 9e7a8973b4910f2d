//! Client-side validation of requests: invalid requests fail with `InvalidRequest` and nothing
//! reaches the server.

use std::error::Error;

use openrouter::errors::{CreateAuthKeysCodeError, ExchangeAuthCodeForAPIKeyError};
use openrouter::funcs::o_auth_create_auth_code;
use openrouter::operations::{
    CreateAuthKeysCodeRequest, CreateAuthKeysCodeRequestBody, CreateAuthKeysCodeResponse,
};
use openrouter::url::Url;
use openrouter::{ApiResponse, OpenRouter, OpenRouterCore, RetryConfig};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn Error>>;
type CreateResult = Result<ApiResponse<CreateAuthKeysCodeResponse>, CreateAuthKeysCodeError>;

const CREATE_PATH: &str = "/auth/keys/code";

#[derive(Clone, Copy, Debug)]
enum Style {
    Builder,
    Standalone,
}

const STYLES: [Style; 2] = [Style::Builder, Style::Standalone];

fn callback() -> Url {
    Url::parse("https://app.example/callback").expect("valid URL")
}

/// Sends `body` to `createAuthKeysCode` in `style`, without retries.
async fn create(
    server_url: &str,
    style: Style,
    body: CreateAuthKeysCodeRequestBody,
) -> CreateResult {
    match style {
        Style::Builder => {
            let client = OpenRouter::builder()
                .server_url(server_url)
                .retry_config(RetryConfig::None)
                .build()
                .expect("valid configuration");
            client
                .o_auth()
                .create_auth_code()
                .request_body(body)
                .send_with_metadata()
                .await
        }
        Style::Standalone => {
            let core = OpenRouterCore::builder()
                .server_url(server_url)
                .retry_config(RetryConfig::None)
                .build()
                .expect("valid configuration");
            o_auth_create_auth_code(&core, CreateAuthKeysCodeRequest::new(body), None).await
        }
    }
}

/// A server that must receive exactly `expected` requests to `createAuthKeysCode`
/// (checked when it is verified or dropped).
async fn server_expecting(expected: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"id": "auth_code_v", "app_id": 1, "created_at": "2025-08-24T10:30:00Z"}
        })))
        .expect(expected)
        .mount(&server)
        .await;
    server
}

async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is enabled")
        .len()
}

#[tokio::test]
async fn key_label_over_100_characters_is_rejected_before_sending() -> TestResult {
    for style in STYLES {
        for label in ["x".repeat(101), "é".repeat(101), "x".repeat(1000)] {
            let server = server_expecting(0).await;
            let body = CreateAuthKeysCodeRequestBody::new(callback()).key_label(label.clone());

            let result = create(&server.uri(), style, body).await;

            match result {
                Err(CreateAuthKeysCodeError::InvalidRequest(error)) => {
                    assert_eq!(error.field(), "request_body.key_label", "{style:?}");
                    let message = error.to_string();
                    assert!(message.contains("request_body.key_label"), "{message}");
                    assert!(message.contains("100"), "{message}");
                }
                other => panic!("{style:?}: expected InvalidRequest, got {other:?}"),
            }
            assert_eq!(request_count(&server).await, 0, "{style:?}");
            server.verify().await;
        }
    }
    Ok(())
}

/// `maxLength` counts characters, not bytes: 100 two-byte characters are fine.
#[tokio::test]
async fn key_label_of_100_characters_is_sent() -> TestResult {
    for style in STYLES {
        for label in ["x".repeat(100), "é".repeat(100), String::new()] {
            let server = server_expecting(1).await;
            let body = CreateAuthKeysCodeRequestBody::new(callback()).key_label(label.clone());

            let response = create(&server.uri(), style, body)
                .await
                .map_err(|err| format!("{style:?}: {err}"))?;

            assert_eq!(response.data.id, "auth_code_v");
            let received = server
                .received_requests()
                .await
                .expect("recording is enabled");
            assert_eq!(received.len(), 1);
            let sent: serde_json::Value = serde_json::from_slice(&received[0].body)?;
            assert_eq!(sent["key_label"], json!(label), "{style:?}");
            server.verify().await;
        }
    }
    Ok(())
}

#[test]
fn a_malformed_callback_url_cannot_be_built() {
    assert!(Url::parse("not a url").is_err());
    assert!(Url::parse("").is_err());

    let result = serde_json::from_value::<CreateAuthKeysCodeRequestBody>(json!({
        "callback_url": "not a url",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    }));
    let error = result.expect_err("a body with a malformed callback_url must not deserialize");
    assert!(error.to_string().contains("relative URL"), "{error}");

    // Control: the same body with a valid URL deserializes.
    let body: CreateAuthKeysCodeRequestBody = serde_json::from_value(json!({
        "callback_url": "http://localhost:3000/callback",
    }))
    .expect("a valid body deserializes");
    assert_eq!(body.callback_url.as_str(), "http://localhost:3000/callback");
}

#[tokio::test]
async fn builder_call_without_request_body_is_rejected_before_sending() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = OpenRouter::builder()
        .server_url(server.uri())
        .retry_config(RetryConfig::None)
        .build()?;

    match client.o_auth().create_auth_code().send().await {
        Err(CreateAuthKeysCodeError::InvalidRequest(error)) => {
            assert_eq!(error.field(), "request_body");
            assert!(error.to_string().contains("request_body"), "{error}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    match client
        .o_auth()
        .exchange_auth_code_for_api_key()
        .http_referer("https://app.example")
        .send_with_metadata()
        .await
    {
        Err(ExchangeAuthCodeForAPIKeyError::InvalidRequest(error)) => {
            assert_eq!(error.field(), "request_body");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(request_count(&server).await, 0);
    server.verify().await;
    Ok(())
}

/// Invalid header values (a per-call global with a line break) are rejected too, naming the
/// header and not the value.
#[tokio::test]
async fn invalid_global_header_value_is_rejected_before_sending() -> TestResult {
    let server = server_expecting(0).await;
    let client = OpenRouter::builder()
        .server_url(server.uri())
        .retry_config(RetryConfig::None)
        .build()?;

    let result = client
        .o_auth()
        .create_auth_code()
        .request_body(CreateAuthKeysCodeRequestBody::new(callback()))
        .app_title("line\nbreak")
        .send()
        .await;

    match result {
        Err(CreateAuthKeysCodeError::InvalidRequest(error)) => {
            assert!(error.field().contains("x-openrouter-title"), "{error}");
            assert!(!error.to_string().contains("break"), "{error}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(request_count(&server).await, 0);
    server.verify().await;
    Ok(())
}

/// `limit` is `type: number` (not nullable), but JSON has no NaN or infinity: serde_json
/// writes them as `null`. Such a limit must be rejected before sending, not sent as `null`.
#[tokio::test]
async fn non_finite_limit_is_rejected_before_sending() -> TestResult {
    for style in STYLES {
        for limit in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let server = server_expecting(0).await;
            let body = CreateAuthKeysCodeRequestBody::new(callback()).limit(limit);

            let result = create(&server.uri(), style, body).await;

            let sent = server
                .received_requests()
                .await
                .expect("recording is enabled");
            let sent: Vec<String> = sent
                .iter()
                .map(|request| String::from_utf8_lossy(&request.body).into_owned())
                .collect();
            assert!(sent.is_empty(), "{style:?} {limit}: sent {sent:?}");
            match result {
                Err(CreateAuthKeysCodeError::InvalidRequest(error)) => {
                    assert!(error.field().contains("limit"), "{error}");
                }
                other => panic!("{style:?} {limit}: expected InvalidRequest, got {other:?}"),
            }
        }
    }
    Ok(())
}
