//! The API key never shows in `Debug`/`Display` output of the generated client, its core, its
//! builders, per-call options, or any error an operation can return; nor does the key the OAuth
//! exchange mints, in `Debug` of its response.

use std::error::Error;
use std::fmt::Debug;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openrouter::errors::CreateAuthKeysCodeError;
use openrouter::funcs::{o_auth_create_auth_code, o_auth_exchange_auth_code_for_api_key};
use openrouter::operations::{
    CreateAuthKeysCodeRequest, CreateAuthKeysCodeRequestBody, ExchangeAuthCodeForAPIKeyRequest,
    ExchangeAuthCodeForAPIKeyRequestBody, ExchangeAuthCodeForAPIKeyResponse,
};
use openrouter::runtime::{HookContext, HookError};
use openrouter::secrecy::{ExposeSecret, SecretString};
use openrouter::url::Url;
use openrouter::{Hook, OpenRouter, OpenRouterCore, RequestOptions, RetryConfig};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn Error>>;

const API_KEY: &str = "sk-secret-CANARY";
const CANARY: &str = "CANARY";
const CREATE_PATH: &str = "/auth/keys/code";
const EXCHANGE_PATH: &str = "/auth/keys";
/// The key a successful exchange returns: a secret of the user's, like the client's own key.
const MINTED_KEY: &str = "sk-or-v1-minted-CANARY";

fn assert_clean_debug(what: &str, value: &impl Debug) {
    let text = format!("{value:?}\n{value:#?}");
    assert!(!text.contains(CANARY), "{what} leaks the key: {text}");
}

/// Checks `Display` and `Debug` of the error and of every error in its source chain.
fn assert_clean_error(what: &str, error: &(dyn Error + 'static)) {
    let mut current = Some(error);
    while let Some(error) = current {
        let text = format!("{error}\n{error:?}\n{error:#?}");
        assert!(!text.contains(CANARY), "{what} leaks the key: {text}");
        current = error.source();
    }
}

fn body() -> CreateAuthKeysCodeRequestBody {
    CreateAuthKeysCodeRequestBody::new(
        Url::parse("https://app.example/callback").expect("valid URL"),
    )
}

fn client(server_url: &str) -> Result<OpenRouter, Box<dyn Error>> {
    Ok(OpenRouter::builder()
        .server_url(server_url)
        .api_key(API_KEY)
        .retry_config(RetryConfig::None)
        .build()?)
}

fn core(server_url: &str) -> Result<OpenRouterCore, Box<dyn Error>> {
    Ok(OpenRouterCore::builder()
        .server_url(server_url)
        .api_key(API_KEY)
        .retry_config(RetryConfig::None)
        .build()?)
}

/// A server that answers `createAuthKeysCode` with `response`.
async fn answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// Asserts the server did receive the key: the outputs checked were produced while it was in
/// use, so a leak would have been possible.
async fn assert_key_was_sent(server: &MockServer) {
    let received = server
        .received_requests()
        .await
        .expect("recording is enabled");
    assert!(!received.is_empty());
    for request in received {
        assert_eq!(request.headers["authorization"], "Bearer sk-secret-CANARY");
    }
}

/// Calls `createAuthKeysCode` in both styles and checks the errors, which must be `expected`.
async fn both_styles_fail_cleanly(
    server_url: &str,
    options: RequestOptions,
    body: CreateAuthKeysCodeRequestBody,
    what: &str,
    expected: fn(&CreateAuthKeysCodeError) -> bool,
) -> TestResult {
    let error = client(server_url)?
        .o_auth()
        .create_auth_code()
        .request_body(body.clone())
        .options(options.clone())
        .send()
        .await
        .expect_err(what);
    assert!(expected(&error), "{what}: unexpected {error:?}");
    assert_clean_error(what, &error);

    let error = o_auth_create_auth_code(
        &core(server_url)?,
        CreateAuthKeysCodeRequest::new(body),
        Some(options),
    )
    .await
    .expect_err(what);
    assert!(expected(&error), "{what}: unexpected {error:?}");
    assert_clean_error(what, &error);
    Ok(())
}

#[test]
fn client_core_builder_and_options_hide_the_key() -> TestResult {
    let builder = OpenRouter::builder()
        .server_url("http://127.0.0.1:1")
        .api_key(API_KEY)
        .http_referer("https://app.example");
    assert_clean_debug("the client builder", &builder);
    let client = builder.build()?;
    assert_clean_debug("the client", &client);
    assert_clean_debug("the client's core", client.core());

    let builder = OpenRouterCore::builder().api_key(format!("Bearer {API_KEY}"));
    assert_clean_debug("the core builder", &builder);
    let core = builder.build()?;
    assert_clean_debug("the core", &core);

    let options = RequestOptions::default()
        .header("Authorization", format!("Bearer {API_KEY}"))
        .header("X-Api-Key", API_KEY)
        .timeout(Duration::from_secs(1));
    assert_clean_debug("request options", &options);
    assert_clean_debug(
        "the operation builder",
        &client
            .o_auth()
            .create_auth_code()
            .request_body(body())
            .options(options),
    );
    Ok(())
}

/// The runtime rejects credentials in a per-call server URL and redacts the password in that
/// error (and `Debug` of the client builder redacts its server URL), but `Debug` of
/// `RequestOptions` prints the per-call URL as given.
#[test]
fn request_options_debug_hides_a_password_in_the_server_url() -> TestResult {
    let options =
        RequestOptions::default().server_url(format!("https://u:{API_KEY}@openrouter.example"));
    assert_clean_debug("request options", &options);
    let client = OpenRouter::builder().build()?;
    assert_clean_debug(
        "the operation builder",
        &client
            .o_auth()
            .create_auth_code()
            .request_body(body())
            .options(options),
    );
    Ok(())
}

#[test]
fn build_errors_hide_the_key() {
    // A key that cannot be a header value.
    let error = OpenRouter::builder()
        .api_key(format!("{API_KEY}\n"))
        .build()
        .expect_err("a key with a line break is rejected");
    assert_clean_error("the invalid-key build error", &error);

    // A key smuggled into the server URL.
    let error = OpenRouter::builder()
        .server_url(format!("https://user:{API_KEY}@openrouter.example/api/v1"))
        .build()
        .expect_err("credentials in the URL are rejected");
    assert!(error.to_string().contains("openrouter.example"), "{error}");
    assert_clean_error("the server URL build error", &error);
}

#[tokio::test]
async fn invalid_request_error_hides_the_key() -> TestResult {
    let server = answering(ResponseTemplate::new(200)).await;
    both_styles_fail_cleanly(
        &server.uri(),
        RequestOptions::default(),
        body().key_label("x".repeat(101)),
        "InvalidRequest",
        |error| matches!(error, CreateAuthKeysCodeError::InvalidRequest(_)),
    )
    .await?;
    // A per-call server URL carrying the key is rejected without quoting it.
    both_styles_fail_cleanly(
        &server.uri(),
        RequestOptions::default().server_url(format!("http://u:{API_KEY}@127.0.0.1:1")),
        body(),
        "InvalidRequest (server URL)",
        |error| matches!(error, CreateAuthKeysCodeError::InvalidRequest(_)),
    )
    .await?;
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
    Ok(())
}

#[tokio::test]
async fn transport_error_hides_the_key() -> TestResult {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    drop(listener);
    both_styles_fail_cleanly(
        &url,
        RequestOptions::default(),
        body(),
        "Transport",
        |error| matches!(error, CreateAuthKeysCodeError::Transport(_)),
    )
    .await
}

#[tokio::test]
async fn timeout_error_hides_the_key() -> TestResult {
    // Accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for socket in listener.incoming().flatten() {
            held.push(socket);
        }
    });
    both_styles_fail_cleanly(
        &url,
        RequestOptions::default().timeout(Duration::from_millis(100)),
        body(),
        "Timeout",
        |error| matches!(error, CreateAuthKeysCodeError::Timeout(_)),
    )
    .await
}

#[tokio::test]
async fn default_error_hides_the_key() -> TestResult {
    let server = answering(ResponseTemplate::new(418).set_body_string("I'm a teapot")).await;
    both_styles_fail_cleanly(
        &server.uri(),
        RequestOptions::default(),
        body(),
        "Default (418)",
        |error| matches!(error, CreateAuthKeysCodeError::Default(e) if e.status == 418),
    )
    .await?;
    assert_key_was_sent(&server).await;
    Ok(())
}

#[tokio::test]
async fn documented_error_hides_the_key() -> TestResult {
    let server = answering(ResponseTemplate::new(401).set_body_json(json!({
        "error": {"code": 401, "message": "Missing Authentication header"}
    })))
    .await;
    both_styles_fail_cleanly(
        &server.uri(),
        RequestOptions::default(),
        body(),
        "Unauthorized (401)",
        |error| matches!(error, CreateAuthKeysCodeError::Unauthorized(_)),
    )
    .await?;
    assert_key_was_sent(&server).await;

    let server = answering(ResponseTemplate::new(400).set_body_json(json!({
        "error": {"code": 400, "message": "Invalid request parameters"}
    })))
    .await;
    both_styles_fail_cleanly(
        &server.uri(),
        RequestOptions::default(),
        body(),
        "BadRequest (400)",
        |error| matches!(error, CreateAuthKeysCodeError::BadRequest(_)),
    )
    .await?;
    assert_key_was_sent(&server).await;
    Ok(())
}

#[tokio::test]
async fn invalid_response_error_hides_the_key() -> TestResult {
    let server = answering(
        ResponseTemplate::new(200).set_body_raw(r#"{"data": "not an object"}"#, "application/json"),
    )
    .await;
    both_styles_fail_cleanly(
        &server.uri(),
        RequestOptions::default(),
        body(),
        "InvalidResponse",
        |error| matches!(error, CreateAuthKeysCodeError::InvalidResponse(_)),
    )
    .await?;
    assert_key_was_sent(&server).await;
    Ok(())
}

/// Fails every request after looking at it.
struct Refuse {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Hook for Refuse {
    fn before_request(
        &self,
        _: &HookContext,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        self.seen
            .lock()
            .expect("not poisoned")
            .push(format!("{request:?}"));
        Err(HookError::from("refused by the test hook"))
    }
}

#[tokio::test]
async fn aborted_errors_and_requests_seen_by_hooks_hide_the_key() -> TestResult {
    let server = answering(ResponseTemplate::new(200)).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = OpenRouter::builder()
        .server_url(server.uri())
        .api_key(API_KEY)
        .hook(Refuse {
            seen: Arc::clone(&seen),
        })
        .build()?;

    let error = client
        .o_auth()
        .create_auth_code()
        .request_body(body())
        .send()
        .await
        .expect_err("the hook refuses");
    assert!(
        matches!(error, CreateAuthKeysCodeError::Aborted(_)),
        "{error:?}"
    );
    assert_clean_error("Aborted (hook)", &error);
    let seen = seen.lock().expect("not poisoned").clone();
    assert_eq!(seen.len(), 1);
    // The request the hook saw carried the Authorization header, hidden.
    assert!(
        seen[0].to_lowercase().contains("authorization"),
        "{}",
        seen[0]
    );
    assert!(!seen[0].contains(CANARY), "{}", seen[0]);

    // A failing API key source.
    let core = OpenRouterCore::builder()
        .server_url(server.uri())
        .api_key_source(|| async { Err(HookError::from("vault unavailable")) })
        .build()?;
    let error = o_auth_create_auth_code(&core, CreateAuthKeysCodeRequest::new(body()), None)
        .await
        .expect_err("the key source fails");
    assert!(
        matches!(error, CreateAuthKeysCodeError::Aborted(_)),
        "{error:?}"
    );
    assert_clean_error("Aborted (key source)", &error);
    assert_clean_debug("a core with a key source", &core);

    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
    Ok(())
}

/// The key the OAuth exchange mints (`ExchangeAuthCodeForAPIKeyResponse.key`, marked sensitive in
/// `spec/sdkgen.toml`) is a `SecretString`: `Debug` of the decoded response, alone or with its
/// metadata, never shows it, in either calling style; `expose_secret()` reads it.
#[tokio::test]
async fn the_minted_key_is_redacted_in_debug_of_the_exchange_response() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(EXCHANGE_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"key": MINTED_KEY, "user_id": "user_1"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let body = || ExchangeAuthCodeForAPIKeyRequestBody::new("auth_code");

    let response = client(&server.uri())?
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(body())
        .send_with_metadata()
        .await?;
    assert_eq!(response.status(), 200);
    assert_clean_debug("the exchange response with its metadata", &response);
    let response = response.into_inner();
    let debug = format!("{response:?}");
    assert!(!debug.contains(MINTED_KEY), "{debug}");
    assert!(
        debug.contains("REDACTED") && debug.contains("user_1"),
        "{debug}"
    );
    assert_clean_debug("the exchange response", &response);
    assert_eq!(response.key.expose_secret(), MINTED_KEY);
    assert_eq!(response.user_id.as_deref(), Some("user_1"));

    let standalone = o_auth_exchange_auth_code_for_api_key(
        &core(&server.uri())?,
        ExchangeAuthCodeForAPIKeyRequest::new(body()),
        None,
    )
    .await?;
    assert_clean_debug("the standalone exchange response", &standalone);
    let standalone = standalone.into_inner();
    assert_clean_debug("the standalone exchange response's body", &standalone);
    assert_eq!(standalone.key.expose_secret(), MINTED_KEY);
    assert_eq!(standalone, response, "equal keys compare equal");
    Ok(())
}

/// A response built by hand hides its key too; serializing it (its wire form) keeps the key.
#[test]
fn a_built_exchange_response_hides_the_key_but_serializes_it() -> TestResult {
    let response = ExchangeAuthCodeForAPIKeyResponse::new(MINTED_KEY, None);
    assert_clean_debug("a built exchange response", &response);
    assert_eq!(response.key.expose_secret(), MINTED_KEY);
    assert_eq!(
        serde_json::to_value(&response)?,
        json!({"key": MINTED_KEY, "user_id": null})
    );
    let other = ExchangeAuthCodeForAPIKeyResponse::new(SecretString::from("sk-or-v1-other"), None);
    assert_ne!(response, other, "different keys compare unequal");
    Ok(())
}
