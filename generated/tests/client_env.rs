//! Environment fallbacks of the generated client (`OPENROUTER_*`).
//!
//! This binary has exactly ONE test: it sets and removes process-wide environment variables,
//! so everything that depends on them runs here, in sequence.

mod support;

use support::requests;

use std::error::Error;

use openrouter::core::DEFAULT_SERVER_URL;
use openrouter::funcs::o_auth_exchange_auth_code_for_api_key;
use openrouter::operations::{
    CreateAuthKeysCodeRequestBody, ExchangeAuthCodeForAPIKeyRequest,
    ExchangeAuthCodeForAPIKeyRequestBody,
};
use openrouter::runtime::{BuildError, ValueSource};
use openrouter::secrecy::ExposeSecret;
use openrouter::url::Url;
use openrouter::{OpenRouter, OpenRouterCore, RetryConfig};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn Error>>;

const BASE_URL: &str = "OPENROUTER_BASE_URL";
const API_KEY: &str = "OPENROUTER_API_KEY";
const HTTP_REFERER: &str = "OPENROUTER_HTTP_REFERER";
const APP_TITLE: &str = "OPENROUTER_APP_TITLE";
const APP_CATEGORIES: &str = "OPENROUTER_APP_CATEGORIES";
const ALL_VARS: [&str; 5] = [BASE_URL, API_KEY, HTTP_REFERER, APP_TITLE, APP_CATEGORIES];

/// The headers fed by the API key and the three globals.
const GLOBAL_HEADERS: [&str; 4] = [
    "authorization",
    "http-referer",
    "x-openrouter-title",
    "x-openrouter-categories",
];

fn set_var(name: &str, value: &str) {
    // SAFETY: this test binary contains a single test, and variables are only changed between
    // requests (no SDK call or other thread is reading the environment at that moment).
    unsafe { std::env::set_var(name, value) }
}

fn remove_var(name: &str) {
    // SAFETY: as in `set_var`: one test in this binary, no concurrent environment access.
    unsafe { std::env::remove_var(name) }
}

fn create_body() -> CreateAuthKeysCodeRequestBody {
    CreateAuthKeysCodeRequestBody::new(
        Url::parse("https://app.example/callback").expect("valid URL"),
    )
}

async fn mount_both_operations(server: &MockServer, base_path: &str) {
    Mock::given(method("POST"))
        .and(path(format!("{base_path}/auth/keys/code")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"id": "auth_code_env", "app_id": 1, "created_at": "2025-08-24T10:30:00Z"}
        })))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{base_path}/auth/keys")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "key": "sk-or-v1-new", "user_id": "user_1"
        })))
        .mount(server)
        .await;
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// Sends one request of each operation: the builder style with `client`, the standalone
/// style with `core`.
async fn call_both(client: &OpenRouter, core: &OpenRouterCore) -> TestResult {
    let created = client
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .send()
        .await?;
    assert_eq!(created.data.id, "auth_code_env");
    let exchanged = o_auth_exchange_auth_code_for_api_key(
        core,
        ExchangeAuthCodeForAPIKeyRequest::new(ExchangeAuthCodeForAPIKeyRequestBody::new("code")),
        None,
    )
    .await?;
    assert_eq!(exchanged.key.expose_secret(), "sk-or-v1-new");
    Ok(())
}

#[tokio::test]
async fn environment_fallbacks() -> TestResult {
    for name in ALL_VARS {
        remove_var(name);
    }

    // Nothing set anywhere: the spec's server, no key.
    let client = OpenRouter::builder().build()?;
    assert_eq!(client.core().server_url().as_str(), DEFAULT_SERVER_URL);

    // 1. Every setting from the environment (the base URL with a base path).
    let env_server = MockServer::start().await;
    mount_both_operations(&env_server, "/env/v1").await;
    let env_url = format!("{}/env/v1", env_server.uri());
    set_var(BASE_URL, &env_url);
    set_var(API_KEY, "sk-env-key");
    set_var(HTTP_REFERER, "https://env.example");
    set_var(APP_TITLE, "Env Title");
    set_var(APP_CATEGORIES, "cli-agent,cloud-agent");

    let client = OpenRouter::builder()
        .retry_config(RetryConfig::None)
        .build()?;
    let core = OpenRouterCore::builder()
        .retry_config(RetryConfig::None)
        .build()?;
    assert_eq!(client.core().server_url(), &Url::parse(&env_url)?);
    assert_eq!(core.server_url(), &Url::parse(&env_url)?);
    call_both(&client, &core).await?;

    let received = requests(&env_server).await;
    let paths: Vec<&str> = received.iter().map(|request| request.url.path()).collect();
    assert_eq!(paths, ["/env/v1/auth/keys/code", "/env/v1/auth/keys"]);
    for request in &received {
        assert_eq!(header(request, "authorization"), Some("Bearer sk-env-key"));
        assert_eq!(header(request, "http-referer"), Some("https://env.example"));
        assert_eq!(header(request, "x-openrouter-title"), Some("Env Title"));
        assert_eq!(
            header(request, "x-openrouter-categories"),
            Some("cli-agent,cloud-agent")
        );
    }

    // 2. The builder's values win over the environment, which is still set.
    let builder_server = MockServer::start().await;
    mount_both_operations(&builder_server, "").await;
    let client = OpenRouter::builder()
        .server_url(builder_server.uri())
        .api_key("sk-builder-key")
        .http_referer("https://builder.example")
        .app_title("Builder Title")
        .app_categories("builder-category")
        .retry_config(RetryConfig::None)
        .build()?;
    let core = OpenRouterCore::builder()
        .server_url(builder_server.uri())
        .api_key("sk-builder-key")
        .http_referer("https://builder.example")
        .app_title("Builder Title")
        .app_categories("builder-category")
        .retry_config(RetryConfig::None)
        .build()?;
    call_both(&client, &core).await?;

    let received = requests(&builder_server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(
            header(request, "authorization"),
            Some("Bearer sk-builder-key")
        );
        assert_eq!(
            header(request, "http-referer"),
            Some("https://builder.example")
        );
        assert_eq!(header(request, "x-openrouter-title"), Some("Builder Title"));
        assert_eq!(
            header(request, "x-openrouter-categories"),
            Some("builder-category")
        );
    }
    assert_eq!(
        requests(&env_server).await.len(),
        2,
        "nothing more reached the env URL"
    );

    // 2b. Each setting falls back on its own: only the title is set on the builder.
    let client = OpenRouter::builder()
        .app_title("Builder Title")
        .retry_config(RetryConfig::None)
        .build()?;
    let core = OpenRouterCore::builder()
        .app_title("Builder Title")
        .retry_config(RetryConfig::None)
        .build()?;
    call_both(&client, &core).await?;
    let received = requests(&env_server).await;
    assert_eq!(received.len(), 4);
    for request in &received[2..] {
        assert_eq!(header(request, "authorization"), Some("Bearer sk-env-key"));
        assert_eq!(header(request, "http-referer"), Some("https://env.example"));
        assert_eq!(header(request, "x-openrouter-title"), Some("Builder Title"));
        assert_eq!(
            header(request, "x-openrouter-categories"),
            Some("cli-agent,cloud-agent")
        );
    }

    // 3. Unset (or blank) globals and key: no header at all.
    remove_var(API_KEY);
    remove_var(HTTP_REFERER);
    remove_var(APP_CATEGORIES);
    set_var(APP_TITLE, "   ");
    let client = OpenRouter::builder()
        .retry_config(RetryConfig::None)
        .build()?;
    let core = OpenRouterCore::builder()
        .retry_config(RetryConfig::None)
        .build()?;
    call_both(&client, &core).await?;
    let received = requests(&env_server).await;
    assert_eq!(received.len(), 6);
    for request in &received[4..] {
        for name in GLOBAL_HEADERS {
            assert!(
                !request.headers.contains_key(name),
                "{name} was sent: {:?}",
                request.headers.get(name)
            );
        }
    }

    // 4. An invalid OPENROUTER_BASE_URL is a build error naming the variable.
    for invalid in ["not a url", "ftp://files.example/api"] {
        set_var(BASE_URL, invalid);
        let error = OpenRouter::builder().build().unwrap_err();
        let message = error.to_string();
        assert!(message.contains(BASE_URL), "{message}");
        assert!(message.contains(invalid), "{message}");
        match &error {
            BuildError::InvalidServerUrl {
                source_of_value: ValueSource::EnvVar(name),
                ..
            } => assert_eq!(name, BASE_URL),
            other => panic!("expected InvalidServerUrl from {BASE_URL}, got {other:?}"),
        }
        let error = OpenRouterCore::builder().build().unwrap_err();
        assert!(error.to_string().contains(BASE_URL), "{error}");
        // A server URL set on the builder means the variable is not used at all.
        OpenRouter::builder().server_url(env_server.uri()).build()?;
    }
    remove_var(BASE_URL);

    // 5. An API key from the environment that cannot be a header is a build error naming
    //    the variable, never the key.
    set_var(API_KEY, "sk-env\u{7f}secret");
    let error = OpenRouter::builder().build().unwrap_err();
    assert!(matches!(error, BuildError::InvalidApiKey(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(API_KEY), "{message}");
    assert!(!message.contains("secret") && !format!("{error:?}").contains("secret"));

    for name in ALL_VARS {
        remove_var(name);
    }
    Ok(())
}
