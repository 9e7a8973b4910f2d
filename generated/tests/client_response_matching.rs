//! Responses are matched by status and content type: content types compare case-insensitively
//! and with parameters; a success with an undeclared content type is `UnexpectedContentType`, an
//! undeclared status or an error status with an undeclared content type the default error, whose
//! message carries the status, the content type and the (truncated) body.

use std::error::Error;

use openrouter::errors::ExchangeAuthCodeForAPIKeyError;
use openrouter::operations::ExchangeAuthCodeForAPIKeyRequestBody;
use openrouter::secrecy::ExposeSecret;
use openrouter::{OpenRouter, RetryConfig};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn Error>>;

/// A server answering the exchange operation with `status`, `content_type` and `body`.
async fn server(status: u16, content_type: &str, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/keys"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), content_type))
        .expect(1)
        .mount(&server)
        .await;
    server
}

async fn exchange(
    server: &MockServer,
) -> Result<Result<String, ExchangeAuthCodeForAPIKeyError>, Box<dyn Error>> {
    let client = OpenRouter::builder()
        .server_url(server.uri())
        .api_key("test-key")
        .retry_config(RetryConfig::None)
        .build()?;
    Ok(client
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(ExchangeAuthCodeForAPIKeyRequestBody::new("code"))
        .send()
        .await
        .map(|response| response.key.expose_secret().to_owned()))
}

#[tokio::test]
async fn content_types_match_case_insensitively_and_with_parameters() -> TestResult {
    for content_type in [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/json;charset=UTF-8",
    ] {
        let server = server(200, content_type, r#"{"key":"sk-1","user_id":null}"#).await;
        let key = exchange(&server)
            .await?
            .map_err(|error| format!("{content_type}: {error}"))?;
        assert_eq!(key, "sk-1", "{content_type}");
    }
    Ok(())
}

/// A success is never an API error: another content type gives its own variant, which keeps the
/// response.
#[tokio::test]
async fn an_undeclared_content_type_on_a_success_is_unexpected_content_type() -> TestResult {
    let page = format!("<html>{}</html>", "x".repeat(2_000));
    let server = server(200, "text/html", &page).await;
    match exchange(&server).await? {
        Err(ExchangeAuthCodeForAPIKeyError::UnexpectedContentType(error)) => {
            assert_eq!(error.status().as_u16(), 200);
            assert_eq!(error.content_type(), Some("text/html"));
            assert_eq!(error.raw_body(), page, "the whole body is kept");
            assert_eq!(error.body().as_ref(), page.as_bytes());
            let message = error.to_string();
            assert!(
                message.contains("200") && message.contains("text/html"),
                "{message}"
            );
            assert!(message.contains("<html>xxx"), "{message}");
            assert!(
                message.len() < 1_000,
                "the message quotes a truncated body: {} bytes",
                message.len()
            );
        }
        other => panic!("expected UnexpectedContentType, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn a_documented_status_with_another_content_type_is_the_default_error() -> TestResult {
    let server = server(400, "text/plain", "plain failure").await;
    match exchange(&server).await? {
        Err(ExchangeAuthCodeForAPIKeyError::Default(error)) => {
            assert_eq!(error.status.as_u16(), 400);
            assert_eq!(error.raw_body, "plain failure");
        }
        other => panic!("expected the default error, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn a_documented_error_body_that_does_not_match_is_an_invalid_response() -> TestResult {
    let server = server(403, "application/json", r#"{"unexpected":true}"#).await;
    match exchange(&server).await? {
        Err(ExchangeAuthCodeForAPIKeyError::InvalidResponse(error)) => {
            assert_eq!(error.status().as_u16(), 403);
            assert_eq!(error.raw_body(), r#"{"unexpected":true}"#);
        }
        other => panic!("expected an invalid response error, got {other:?}"),
    }
    Ok(())
}
