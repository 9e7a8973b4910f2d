//! Per-call options, request-level globals, hooks, response metadata, a custom HTTP client,
//! default headers and server selection of the generated client, against real local HTTP
//! servers.

mod support;

use support::{refused_url, requests};

use std::error::Error;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openrouter::core::{DEFAULT_SERVER_URL, GENERATOR_VERSION};
use openrouter::errors::{CreateAuthKeysCodeError, ExchangeAuthCodeForAPIKeyError};
use openrouter::funcs::{o_auth_create_auth_code, o_auth_exchange_auth_code_for_api_key};
use openrouter::operations::{
    CreateAuthKeysCodeRequest, CreateAuthKeysCodeRequestBody, ExchangeAuthCodeForAPIKeyRequest,
    ExchangeAuthCodeForAPIKeyRequestBody,
};
use openrouter::runtime::{AttemptFailure, BackoffStrategy, HookContext, HookError, RawResponse};
use openrouter::secrecy::ExposeSecret;
use openrouter::url::Url;
use openrouter::{
    Hook, OpenRouter, OpenRouterBuilder, OpenRouterCore, RequestOptions, RetryConfig, Server,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn Error>>;

const CREATE_PATH: &str = "/auth/keys/code";
const EXCHANGE_PATH: &str = "/auth/keys";

fn create_body() -> CreateAuthKeysCodeRequestBody {
    CreateAuthKeysCodeRequestBody::new(
        Url::parse("https://app.example/callback").expect("valid URL"),
    )
}

fn exchange_body() -> ExchangeAuthCodeForAPIKeyRequestBody {
    ExchangeAuthCodeForAPIKeyRequestBody::new("auth_code_1")
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "data": {"id": "auth_code_opts", "app_id": 3, "created_at": "2025-08-24T10:30:00Z"}
    }))
}

fn exchanged() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"key": "sk-or-v1-x", "user_id": "user_1"}))
}

/// A server answering both operations successfully.
async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(created())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(EXCHANGE_PATH))
        .respond_with(exchanged())
        .mount(&server)
        .await;
    server
}

/// Test credentials and client-level globals, no retries.
fn configure<T: From<OpenRouterCore>>(
    builder: OpenRouterBuilder<T>,
    server_url: &str,
) -> OpenRouterBuilder<T> {
    builder
        .server_url(server_url)
        .api_key("sk-test")
        .http_referer("https://client.example")
        .app_title("Client Title")
        .app_categories("client-category")
        .retry_config(RetryConfig::None)
}

fn client(server_url: &str) -> Result<OpenRouter, Box<dyn Error>> {
    Ok(configure(OpenRouter::builder(), server_url).build()?)
}

fn core(server_url: &str) -> Result<OpenRouterCore, Box<dyn Error>> {
    Ok(configure(OpenRouterCore::builder(), server_url).build()?)
}

/// Every value of header `name`, in order.
fn header_values(request: &wiremock::Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().unwrap_or("<binary>").to_owned())
        .collect()
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

#[tokio::test]
async fn per_call_extra_headers_arrive() -> TestResult {
    let server = ok_server().await;

    client(&server.uri())?
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .header("X-Request-Id", "builder-1")
        .header("X-Trace", "a")
        .send()
        .await?;
    let options = RequestOptions::default()
        .header("X-Request-Id", "standalone-1")
        .header("X-Trace", "a")
        .header("X-Trace", "b");
    o_auth_create_auth_code(
        &core(&server.uri())?,
        CreateAuthKeysCodeRequest::new(create_body()),
        Some(options),
    )
    .await?;

    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_eq!(header_values(&received[0], "x-request-id"), ["builder-1"]);
    assert_eq!(header_values(&received[0], "x-trace"), ["a"]);
    assert_eq!(
        header_values(&received[1], "x-request-id"),
        ["standalone-1"]
    );
    assert_eq!(header_values(&received[1], "x-trace"), ["a", "b"]);
    // The globals still arrive next to the extra headers.
    for request in &received {
        assert_eq!(header(request, "x-openrouter-title"), Some("Client Title"));
    }
    Ok(())
}

/// A per-call header replaces the header of the same name that the SDK would send.
#[tokio::test]
async fn per_call_header_replaces_an_sdk_header() -> TestResult {
    let server = ok_server().await;

    client(&server.uri())?
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .header("X-OpenRouter-Title", "Header Title")
        .send()
        .await?;
    o_auth_exchange_auth_code_for_api_key(
        &core(&server.uri())?,
        ExchangeAuthCodeForAPIKeyRequest::new(exchange_body()),
        Some(RequestOptions::default().header("x-openrouter-title", "Header Title")),
    )
    .await?;

    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(
            header_values(request, "x-openrouter-title"),
            ["Header Title"]
        );
    }
    Ok(())
}

#[tokio::test]
async fn request_level_global_overrides_the_clients() -> TestResult {
    let server = ok_server().await;
    let client = client(&server.uri())?;
    let core = core(&server.uri())?;

    client
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .http_referer("per-call")
        .send()
        .await?;
    o_auth_create_auth_code(
        &core,
        CreateAuthKeysCodeRequest::new(create_body()).http_referer("per-call"),
        None,
    )
    .await?;
    client
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(exchange_body())
        .app_title("Per-call Title")
        .send()
        .await?;
    o_auth_exchange_auth_code_for_api_key(
        &core,
        ExchangeAuthCodeForAPIKeyRequest::new(exchange_body()).app_categories("per-call-cat"),
        None,
    )
    .await?;
    // Without a request-level value, the client's is sent.
    client
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .send()
        .await?;

    let received = requests(&server).await;
    let seen: Vec<[Vec<String>; 3]> = received
        .iter()
        .map(|request| {
            [
                header_values(request, "http-referer"),
                header_values(request, "x-openrouter-title"),
                header_values(request, "x-openrouter-categories"),
            ]
        })
        .collect();
    let expected = |referer: &str, title: &str, categories: &str| {
        [
            vec![referer.to_owned()],
            vec![title.to_owned()],
            vec![categories.to_owned()],
        ]
    };
    assert_eq!(
        seen,
        [
            expected("per-call", "Client Title", "client-category"),
            expected("per-call", "Client Title", "client-category"),
            expected(
                "https://client.example",
                "Per-call Title",
                "client-category"
            ),
            expected("https://client.example", "Client Title", "per-call-cat"),
            expected("https://client.example", "Client Title", "client-category"),
        ]
    );
    Ok(())
}

/// What the recording hooks saw, shared between them and the test.
#[derive(Default)]
struct Journal {
    before: Mutex<Vec<String>>,
    base_urls: Mutex<Vec<String>>,
    successes: AtomicU32,
    errors: AtomicU32,
    transport_errors: AtomicU32,
    success_statuses: Mutex<Vec<u16>>,
    error_statuses: Mutex<Vec<u16>>,
}

/// Records every call, adds `x-hook-<name>`, and appends its name to `x-hook-order` (so the
/// header shows the order in which the hooks ran).
struct Recorder {
    name: &'static str,
    journal: Arc<Journal>,
    /// Only this hook counts outcomes, so counts are per call, not per hook.
    counts: bool,
}

impl Hook for Recorder {
    fn before_request(
        &self,
        ctx: &HookContext,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        self.journal
            .before
            .lock()
            .expect("not poisoned")
            .push(format!(
                "{} {} attempt {}",
                self.name, ctx.operation_id, ctx.attempt
            ));
        self.journal
            .base_urls
            .lock()
            .expect("not poisoned")
            .push(ctx.base_url.to_string());
        let headers = request.headers_mut();
        let order = match headers.get("x-hook-order").and_then(|v| v.to_str().ok()) {
            Some(previous) => format!("{previous},{}", self.name),
            None => self.name.to_owned(),
        };
        headers.insert("x-hook-order", order.parse().map_err(HookError::new)?);
        headers.insert(
            reqwest::header::HeaderName::from_bytes(format!("x-hook-{}", self.name).as_bytes())
                .map_err(HookError::new)?,
            reqwest::header::HeaderValue::from_static("1"),
        );
        Ok(())
    }

    fn after_success(&self, _: &HookContext, response: &RawResponse) {
        if self.counts {
            self.journal.successes.fetch_add(1, Ordering::SeqCst);
            self.journal
                .success_statuses
                .lock()
                .expect("not poisoned")
                .push(response.status().as_u16());
        }
    }

    fn after_error(&self, _: &HookContext, failure: &AttemptFailure<'_>) {
        if self.counts {
            self.journal.errors.fetch_add(1, Ordering::SeqCst);
            match failure {
                AttemptFailure::Response(response) => self
                    .journal
                    .error_statuses
                    .lock()
                    .expect("not poisoned")
                    .push(response.status().as_u16()),
                AttemptFailure::Transport(_) => {
                    self.journal.transport_errors.fetch_add(1, Ordering::SeqCst);
                }
                _ => {}
            }
        }
    }
}

fn hooked<T: From<OpenRouterCore>>(
    builder: OpenRouterBuilder<T>,
    server_url: &str,
    journal: &Arc<Journal>,
) -> OpenRouterBuilder<T> {
    configure(builder, server_url)
        .hook(Recorder {
            name: "first",
            journal: Arc::clone(journal),
            counts: true,
        })
        .hook(Recorder {
            name: "second",
            journal: Arc::clone(journal),
            counts: false,
        })
}

#[tokio::test]
async fn hooks_run_in_registration_order_and_see_the_operation_id() -> TestResult {
    let server = ok_server().await;
    let journal = Arc::new(Journal::default());
    let client = hooked(OpenRouter::builder(), &server.uri(), &journal).build()?;
    let core = hooked(OpenRouterCore::builder(), &server.uri(), &journal).build()?;

    client
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .send()
        .await?;
    o_auth_exchange_auth_code_for_api_key(
        &core,
        ExchangeAuthCodeForAPIKeyRequest::new(exchange_body()),
        None,
    )
    .await?;

    assert_eq!(
        *journal.before.lock().expect("not poisoned"),
        [
            "first createAuthKeysCode attempt 1",
            "second createAuthKeysCode attempt 1",
            "first exchangeAuthCodeForAPIKey attempt 1",
            "second exchangeAuthCodeForAPIKey attempt 1",
        ]
    );
    let base = Url::parse(&server.uri())?.to_string();
    assert!(
        journal
            .base_urls
            .lock()
            .expect("not poisoned")
            .iter()
            .all(|url| *url == base)
    );
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(header_values(request, "x-hook-order"), ["first,second"]);
        assert_eq!(header(request, "x-hook-first"), Some("1"));
        assert_eq!(header(request, "x-hook-second"), Some("1"));
    }
    Ok(())
}

#[tokio::test]
async fn after_success_and_after_error_are_called_once_per_call() -> TestResult {
    let server = MockServer::start().await;
    // createAuthKeysCode: 503, 503, then 200.
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(created())
        .mount(&server)
        .await;
    // exchangeAuthCodeForAPIKey: always 418.
    Mock::given(method("POST"))
        .and(path(EXCHANGE_PATH))
        .respond_with(ResponseTemplate::new(418).set_body_string("teapot"))
        .mount(&server)
        .await;

    let journal = Arc::new(Journal::default());
    let fast = RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_millis(4),
            exponent: 1.5,
            max_elapsed_time: Duration::from_secs(5),
        },
        retry_connection_errors: false,
    };
    let client = hooked(OpenRouter::builder(), &server.uri(), &journal)
        .retry_config(fast)
        .build()?;

    let created = client
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .send()
        .await?;
    assert_eq!(created.data.id, "auth_code_opts");
    // Three attempts, each seen by both hooks; one success for the call.
    assert_eq!(journal.before.lock().expect("not poisoned").len(), 6);
    assert_eq!(journal.successes.load(Ordering::SeqCst), 1);
    assert_eq!(journal.errors.load(Ordering::SeqCst), 0);
    assert_eq!(
        *journal.success_statuses.lock().expect("not poisoned"),
        [200]
    );

    let result = client
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(exchange_body())
        .send()
        .await;
    match result {
        Err(ExchangeAuthCodeForAPIKeyError::Default(error)) => {
            assert_eq!(error.status, 418);
            assert_eq!(error.raw_body, "teapot");
        }
        other => panic!("expected the Default error, got {other:?}"),
    }
    assert_eq!(journal.successes.load(Ordering::SeqCst), 1);
    assert_eq!(journal.errors.load(Ordering::SeqCst), 1);
    assert_eq!(*journal.error_statuses.lock().expect("not poisoned"), [418]);

    // A transport failure reaches after_error too.
    let refused = hooked(OpenRouterCore::builder(), &refused_url(), &journal).build()?;
    let result = o_auth_create_auth_code(
        &refused,
        CreateAuthKeysCodeRequest::new(create_body()),
        None,
    )
    .await;
    assert!(
        matches!(result, Err(CreateAuthKeysCodeError::Transport(_))),
        "{result:?}"
    );
    assert_eq!(journal.errors.load(Ordering::SeqCst), 2);
    assert_eq!(journal.transport_errors.load(Ordering::SeqCst), 1);
    assert_eq!(journal.successes.load(Ordering::SeqCst), 1);
    Ok(())
}

#[tokio::test]
async fn send_with_metadata_exposes_status_and_headers() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(created().insert_header("x-request-id", "req-create"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(EXCHANGE_PATH))
        .respond_with(exchanged().insert_header("x-request-id", "req-exchange"))
        .mount(&server)
        .await;

    let response = client(&server.uri())?
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .send_with_metadata()
        .await?;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "req-create");
    assert_eq!(response.data.id, "auth_code_opts");
    assert_eq!(response.into_inner().data.app_id, 3);

    let response = o_auth_exchange_auth_code_for_api_key(
        &core(&server.uri())?,
        ExchangeAuthCodeForAPIKeyRequest::new(exchange_body()),
        None,
    )
    .await?;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "req-exchange");
    assert_eq!(response.key.expose_secret(), "sk-or-v1-x");
    Ok(())
}

#[tokio::test]
async fn a_custom_reqwest_client_is_used() -> TestResult {
    let server = ok_server().await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-custom-client", "yes".parse()?);
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()?;

    configure(OpenRouter::builder(), &server.uri())
        .http_client(http.clone())
        .build()?
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .send()
        .await?;
    let core = configure(OpenRouterCore::builder(), &server.uri())
        .http_client(http)
        .build()?;
    o_auth_exchange_auth_code_for_api_key(
        &core,
        ExchangeAuthCodeForAPIKeyRequest::new(exchange_body()),
        None,
    )
    .await?;
    // A client without the custom one does not send the header.
    client(&server.uri())?
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .send()
        .await?;

    let received = requests(&server).await;
    let custom: Vec<Option<&str>> = received
        .iter()
        .map(|request| header(request, "x-custom-client"))
        .collect();
    assert_eq!(custom, [Some("yes"), Some("yes"), None]);
    Ok(())
}

#[tokio::test]
async fn default_headers_user_agent_accept_content_type_and_auth() -> TestResult {
    let server = ok_server().await;

    client(&server.uri())?
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .send()
        .await?;
    o_auth_exchange_auth_code_for_api_key(
        &core(&server.uri())?,
        ExchangeAuthCodeForAPIKeyRequest::new(exchange_body()),
        None,
    )
    .await?;

    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        let user_agent = header(request, "user-agent").unwrap_or_default();
        assert!(user_agent.contains("openrouter/"), "{user_agent}");
        assert!(user_agent.contains("sdkgen/"), "{user_agent}");
        assert_eq!(
            user_agent,
            format!(
                "openrouter/{} sdkgen/{GENERATOR_VERSION}",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert_eq!(header_values(request, "accept"), ["application/json"]);
        assert_eq!(header_values(request, "content-type"), ["application/json"]);
        assert_eq!(header_values(request, "authorization"), ["Bearer sk-test"]);
    }
    Ok(())
}

#[test]
fn server_production_selects_the_spec_url() -> TestResult {
    assert_eq!(Server::Production.url(), "https://openrouter.ai/api/v1");
    assert_eq!(Server::Production.url(), DEFAULT_SERVER_URL);

    let client = OpenRouter::builder()
        .server_url("http://127.0.0.1:1")
        .server(Server::Production)
        .build()?;
    assert_eq!(
        client.core().server_url().as_str(),
        "https://openrouter.ai/api/v1"
    );
    let core = OpenRouterCore::builder()
        .server(Server::Production)
        .build()?;
    assert_eq!(
        core.server_url(),
        &Url::parse("https://openrouter.ai/api/v1")?
    );
    Ok(())
}

/// A per-call server URL sends that call elsewhere; hooks see the URL actually used.
#[tokio::test]
async fn per_call_server_url_overrides_the_clients() -> TestResult {
    let server = ok_server().await;
    let journal = Arc::new(Journal::default());
    let unreachable = refused_url();
    let client = hooked(OpenRouter::builder(), &unreachable, &journal).build()?;
    let core = hooked(OpenRouterCore::builder(), &unreachable, &journal).build()?;

    client
        .o_auth()
        .create_auth_code()
        .request_body(create_body())
        .server_url(server.uri())
        .send()
        .await?;
    o_auth_exchange_auth_code_for_api_key(
        &core,
        ExchangeAuthCodeForAPIKeyRequest::new(exchange_body()),
        Some(RequestOptions::default().server_url(server.uri())),
    )
    .await?;

    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(paths, [CREATE_PATH, EXCHANGE_PATH]);
    let base = Url::parse(&server.uri())?.to_string();
    let seen = journal.base_urls.lock().expect("not poisoned").clone();
    assert_eq!(seen, [base.clone(), base.clone(), base.clone(), base]);
    Ok(())
}
