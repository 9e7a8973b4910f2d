//! Headers, authentication, hooks, URLs and environment fallbacks of
//! `openrouter::runtime`, checked on what a real local server receives.

mod support;

use support::{requests, runtime_defaults};

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openrouter::runtime::{
    AttemptFailure, BackoffStrategy, BuildError, Call, ConfigBuilder, Hook, HookContext, HookError,
    QueryStyle, RawResponse, RequestOptions, RetryConfig, SendError, env_var,
};
use reqwest::header::HeaderValue;
use reqwest::{Method, StatusCode};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An env prefix no test sets, so the environment cannot leak in.
const UNSET_PREFIX: &str = "RTTEST_HEADERS_UNSET";

fn fast_retries() -> RetryConfig {
    RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_millis(5),
            exponent: 1.5,
            max_elapsed_time: Duration::from_secs(10),
        },
        retry_connection_errors: false,
    }
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

fn values<'a>(request: &'a wiremock::Request, name: &str) -> Vec<&'a str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect()
}

/// Sets an environment variable for one test.
fn set_env(name: &str, value: &str) {
    // SAFETY: every test uses variables with its own unique prefix
    // (RTTEST_ENV<n>_...), so no other test reads or writes them, and the
    // runtime only reads them inside `build`, called after this.
    unsafe { std::env::set_var(name, value) };
}

#[tokio::test]
async fn sends_accept_user_agent_and_bearer_once() {
    let server = ok_server().await;
    for key in ["sk-plain", "Bearer sk-plain", "bearer sk-plain"] {
        let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
            .server_url(server.uri())
            .api_key(key)
            .build()
            .unwrap();
        config
            .execute(Call::new("op", Method::GET, "/x"), None)
            .await
            .unwrap();
    }

    let requests = requests(&server).await;
    assert_eq!(requests.len(), 3);
    for (request, expected) in
        requests
            .iter()
            .zip(["Bearer sk-plain", "Bearer sk-plain", "bearer sk-plain"])
    {
        assert_eq!(values(request, "authorization"), [expected]);
        assert_eq!(values(request, "accept"), ["application/json"]);
        assert_eq!(values(request, "user-agent"), ["rt-test/1.0"]);
    }
}

#[tokio::test]
async fn no_authorization_without_a_key() {
    let server = ok_server().await;
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(server.uri())
        .build()
        .unwrap();
    config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert!(
        requests(&server).await[0]
            .headers
            .get("authorization")
            .is_none()
    );
}

#[tokio::test]
async fn api_key_source_is_called_per_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(server.uri())
        .retry_config(fast_retries())
        .api_key_source(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(format!("key-{n}")) }
        })
        .build()
        .unwrap();

    let response = config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let requests = requests(&server).await;
    assert_eq!(values(&requests[0], "authorization"), ["Bearer key-1"]);
    assert_eq!(values(&requests[1], "authorization"), ["Bearer key-2"]);
}

#[tokio::test]
async fn simple_async_key_source() {
    let server = ok_server().await;
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(server.uri())
        .api_key_source(|| async { Ok("k".to_string()) })
        .build()
        .unwrap();
    config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert_eq!(
        values(&requests(&server).await[0], "authorization"),
        ["Bearer k"]
    );
}

#[tokio::test]
async fn failing_key_source_aborts_before_sending() {
    let server = ok_server().await;
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(server.uri())
        .api_key_source(|| async { Err(HookError::from("vault unavailable")) })
        .build()
        .unwrap();

    let err = config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();

    assert!(matches!(err, SendError::ApiKeySource(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the API key source failed: vault unavailable"
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn call_and_option_headers_layer_over_defaults() {
    let server = ok_server().await;
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(server.uri())
        .api_key("sk-config")
        .build()
        .unwrap();
    let call = Call::new("op", Method::GET, "/x")
        .header("Accept", "text/event-stream")
        .header("X-Call", "from-call")
        .header("X-Kept", "kept");
    let options = RequestOptions::default()
        .header("X-Call", "from-options")
        .header("X-Extra", "1")
        .header("X-Extra", "2")
        .header("Authorization", "Bearer per-call");

    config.execute(call, Some(&options)).await.unwrap();

    let request = &requests(&server).await[0];
    assert_eq!(values(request, "accept"), ["text/event-stream"]);
    assert_eq!(values(request, "x-call"), ["from-options"]);
    assert_eq!(values(request, "x-kept"), ["kept"]);
    assert_eq!(values(request, "x-extra"), ["1", "2"]);
    assert_eq!(values(request, "authorization"), ["Bearer per-call"]);
}

#[tokio::test]
async fn invalid_headers_are_reported_without_sending() {
    let server = ok_server().await;
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(server.uri())
        .build()
        .unwrap();

    let call = Call::new("op", Method::GET, "/x").header("x-bad", "a\r\nb");
    let err = config.execute(call, None).await.unwrap_err();
    let SendError::InvalidRequest(invalid) = &err else {
        panic!("expected InvalidRequest, got {err:?}");
    };
    assert_eq!(invalid.field(), "header x-bad");

    let options = RequestOptions::default().header("bad header", "v");
    let err = config
        .execute(Call::new("op", Method::GET, "/x"), Some(&options))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::InvalidRequest(_)), "{err:?}");

    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn server_url_base_path_query_and_override() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/auth/keys"))
        .and(query_param("limit", "10"))
        .and(query_param("q", "a b&c"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(format!("{}/api/v1", server.uri()))
        .build()
        .unwrap();
    let call = || {
        Call::new("op", Method::GET, "/auth/keys")
            .query_param("limit", &10, QueryStyle::Form, true)
            .query_param("q", "a b&c", QueryStyle::Form, true)
    };

    let response = config.execute(call(), None).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // Per-call override, with a trailing slash.
    let other = MockServer::start().await;
    Mock::given(path("/api/v1/auth/keys"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&other)
        .await;
    let options = RequestOptions::default().server_url(format!("{}/api/v1/", other.uri()));
    let response = config.execute(call(), Some(&options)).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let options = RequestOptions::default().server_url("not a url");
    let err = config.execute(call(), Some(&options)).await.unwrap_err();
    let SendError::InvalidRequest(invalid) = &err else {
        panic!("expected InvalidRequest, got {err:?}");
    };
    assert_eq!(invalid.field(), "server_url");
}

/// Records what hooks observe, shared between the test and the hooks.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, entry: String) {
        self.0.lock().unwrap().push(entry);
    }

    fn entries(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

struct Recorder {
    name: &'static str,
    log: Log,
}

impl Hook for Recorder {
    fn before_request(
        &self,
        ctx: &HookContext,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        self.log.push(format!(
            "{} before {} attempt {}",
            self.name, ctx.operation_id, ctx.attempt
        ));
        let headers = request.headers_mut();
        headers.append("x-hook", HeaderValue::from_static(self.name));
        headers.insert("x-last-hook", HeaderValue::from_static(self.name));
        Ok(())
    }

    fn after_success(&self, ctx: &HookContext, response: &RawResponse) {
        self.log.push(format!(
            "{} success {} {}",
            self.name,
            ctx.operation_id,
            response.status().as_u16()
        ));
    }

    fn after_error(&self, ctx: &HookContext, failure: &AttemptFailure<'_>) {
        let what = match failure {
            AttemptFailure::Response(response) => response.status().as_u16().to_string(),
            AttemptFailure::Transport(_) => "transport".to_owned(),
            _ => "other".to_owned(),
        };
        self.log.push(format!(
            "{} error {} {} attempt {}",
            self.name, ctx.operation_id, what, ctx.attempt
        ));
    }
}

#[tokio::test]
async fn hooks_run_in_order_and_see_the_outcome() {
    let server = MockServer::start().await;
    Mock::given(path("/ok"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let log = Log::default();
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(server.uri())
        .hook(Recorder {
            name: "one",
            log: log.clone(),
        })
        .hook(Recorder {
            name: "two",
            log: log.clone(),
        })
        .build()
        .unwrap();

    config
        .execute(Call::new("getOk", Method::GET, "/ok"), None)
        .await
        .unwrap();
    let response = config
        .execute(Call::new("getMissing", Method::GET, "/missing"), None)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    assert_eq!(
        log.entries(),
        [
            "one before getOk attempt 1",
            "two before getOk attempt 1",
            "one success getOk 200",
            "two success getOk 200",
            "one before getMissing attempt 1",
            "two before getMissing attempt 1",
            "one error getMissing 404 attempt 1",
            "two error getMissing 404 attempt 1",
        ]
    );
    let request = &requests(&server).await[0];
    assert_eq!(values(request, "x-hook"), ["one", "two"]);
    assert_eq!(values(request, "x-last-hook"), ["two"]);
}

#[tokio::test]
async fn after_error_sees_final_transport_failures_only() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let log = Log::default();
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(url)
        .retry_config(RetryConfig::Backoff {
            backoff: BackoffStrategy {
                initial_interval: Duration::from_millis(1),
                max_interval: Duration::from_millis(1),
                exponent: 1.0,
                max_elapsed_time: Duration::from_secs(10),
            },
            retry_connection_errors: true,
        })
        .hook(Recorder {
            name: "one",
            log: log.clone(),
        })
        .build()
        .unwrap();
    let options = RequestOptions::default().retries(RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_millis(1),
            exponent: 1.0,
            max_elapsed_time: Duration::from_millis(30),
        },
        retry_connection_errors: true,
    });

    let err = config
        .execute(Call::new("op", Method::GET, "/x"), Some(&options))
        .await
        .unwrap_err();

    let attempts = err.attempts().unwrap();
    assert!(attempts > 1);
    let entries = log.entries();
    assert_eq!(entries.len(), attempts as usize + 1, "{entries:?}");
    assert_eq!(
        entries.last().unwrap(),
        &format!("one error op transport attempt {attempts}")
    );
}

struct Refuse;

impl Hook for Refuse {
    fn before_request(&self, _: &HookContext, _: &mut reqwest::Request) -> Result<(), HookError> {
        Err(std::io::Error::other("policy says no").into())
    }
}

#[tokio::test]
async fn failing_hook_aborts_before_sending() {
    let server = ok_server().await;
    let config = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url(server.uri())
        .hook(Refuse)
        .build()
        .unwrap();

    let err = config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();

    assert!(matches!(err, SendError::Hook(_)), "{err:?}");
    assert_eq!(err.to_string(), "a request hook failed: policy says no");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn env_vars_are_used_when_the_builder_sets_nothing() {
    let server = ok_server().await;
    set_env("RTTEST_ENV1_BASE_URL", &server.uri());
    set_env("RTTEST_ENV1_API_KEY", "sk-from-env");
    let config = ConfigBuilder::new(runtime_defaults("RTTEST_ENV1"))
        .build()
        .unwrap();

    assert_eq!(config.server_url().as_str(), format!("{}/", server.uri()));
    config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();
    assert_eq!(
        values(&requests(&server).await[0], "authorization"),
        ["Bearer sk-from-env"]
    );
}

#[tokio::test]
async fn builder_values_win_over_env_vars() {
    let server = ok_server().await;
    set_env("RTTEST_ENV2_BASE_URL", "http://127.0.0.1:9/wrong");
    set_env("RTTEST_ENV2_API_KEY", "sk-from-env");
    let config = ConfigBuilder::new(runtime_defaults("RTTEST_ENV2"))
        .server_url(server.uri())
        .api_key("sk-from-builder")
        .build()
        .unwrap();

    config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();
    assert_eq!(
        values(&requests(&server).await[0], "authorization"),
        ["Bearer sk-from-builder"]
    );
}

#[tokio::test]
async fn defaults_apply_when_nothing_is_set() {
    let config = ConfigBuilder::new(runtime_defaults("RTTEST_ENV3"))
        .build()
        .unwrap();
    assert_eq!(config.server_url().as_str(), "http://127.0.0.1:9/");
}

#[test]
fn invalid_server_urls_name_the_value_and_its_source() {
    set_env("RTTEST_ENV4_BASE_URL", "ftp://files.example");
    let err = ConfigBuilder::new(runtime_defaults("RTTEST_ENV4"))
        .build()
        .unwrap_err();
    assert!(
        matches!(err, BuildError::InvalidServerUrl { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("\"ftp://files.example\""), "{text}");
    assert!(text.contains("RTTEST_ENV4_BASE_URL"), "{text}");

    let err = ConfigBuilder::new(runtime_defaults(UNSET_PREFIX))
        .server_url("localhost:8080")
        .build()
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("\"localhost:8080\""), "{text}");
    assert!(text.contains("set on the config builder"), "{text}");
}

#[test]
fn env_var_ignores_blank_values() {
    assert_eq!(env_var("RTTEST_ENV5", "HTTP_REFERER"), None);
    set_env("RTTEST_ENV5_HTTP_REFERER", "   ");
    assert_eq!(env_var("RTTEST_ENV5", "HTTP_REFERER"), None);
    set_env("RTTEST_ENV5_X_TITLE", " My App ");
    assert_eq!(env_var("RTTEST_ENV5", "X_TITLE").as_deref(), Some("My App"));
}
