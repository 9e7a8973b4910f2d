//! Retry behaviour of `openrouter::runtime` against real local HTTP servers.

mod support;

use support::{Step, full_response, head, refused_url, runtime_defaults, scripted_server};

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use openrouter::runtime::{
    BackoffStrategy, Call, Config, ConfigBuilder, RequestOptions, RetryConfig, SendError,
    StatusCodePattern,
};
use reqwest::{Method, StatusCode};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An env prefix no test sets, so the environment cannot leak in.
const PREFIX: &str = "RTTEST_RETRIES_UNSET";

/// Retries with tiny delays and a generous budget.
fn fast_retries(retry_connection_errors: bool) -> RetryConfig {
    RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_millis(5),
            exponent: 1.5,
            max_elapsed_time: Duration::from_secs(10),
        },
        retry_connection_errors,
    }
}

fn config(server_url: &str, retry: RetryConfig) -> Config {
    ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(server_url)
        .retry_config(retry)
        .build()
        .unwrap()
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn retries_503_until_success() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .mount(&server)
        .await;

    let config = config(&server.uri(), fast_retries(false));
    let response = config
        .execute(Call::new("listThings", Method::GET, "/things"), None)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.attempts(), 3);
    assert_eq!(request_count(&server).await, 3);
    let body: serde_json::Value = response.json().unwrap();
    assert_eq!(body["ok"], true);
}

#[tokio::test]
async fn retries_resend_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;

    let call = Call::new("createThing", Method::POST, "/things")
        .json(&serde_json::json!({"name": "a"}))
        .unwrap();
    let response = config(&server.uri(), fast_retries(false))
        .execute(call, None)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::CREATED);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.body, br#"{"name":"a"}"#);
        assert_eq!(request.headers["content-type"], "application/json");
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400))
        .mount(&server)
        .await;

    let response = config(&server.uri(), fast_retries(true))
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.attempts(), 1);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn retry_config_none_sends_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;

    let response = config(&server.uri(), RetryConfig::None)
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn per_call_options_override_retry_policy_and_codes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    // The config never retries and only knows 5XX; the call retries 429.
    let config = config(&server.uri(), RetryConfig::None);
    let options = RequestOptions::default()
        .retries(fast_retries(false))
        .retry_codes(["429".parse::<StatusCodePattern>().unwrap()]);
    let response = config
        .execute(Call::new("op", Method::GET, "/x"), Some(&options))
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.attempts(), 2);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn connection_errors_are_retried_only_when_enabled() {
    let url = refused_url();
    let retry = |retry_connection_errors| RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(5),
            max_interval: Duration::from_millis(5),
            exponent: 1.0,
            max_elapsed_time: Duration::from_millis(100),
        },
        retry_connection_errors,
    };

    let err = config(&url, retry(false))
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();
    let SendError::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert!(transport.is_connect());
    assert_eq!(transport.attempts(), 1);
    assert_eq!(err.attempts(), Some(1));

    let err = config(&url, retry(true))
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();
    let SendError::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert!(transport.is_connect());
    assert!(transport.attempts() > 1, "{}", transport.attempts());
    assert!(
        err.to_string().starts_with(&format!(
            "request failed after {} attempts: ",
            transport.attempts()
        )),
        "{err}"
    );
}

#[tokio::test]
async fn max_elapsed_time_stops_retrying_and_returns_the_last_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("still broken"))
        .mount(&server)
        .await;
    let retry = RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(10),
            max_interval: Duration::from_millis(10),
            exponent: 1.0,
            max_elapsed_time: Duration::from_millis(150),
        },
        retry_connection_errors: false,
    };

    let started = Instant::now();
    let response = config(&server.uri(), retry)
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.text_lossy(), "still broken");
    assert!(response.attempts() > 1);
    assert_eq!(request_count(&server).await, response.attempts() as usize);
    // The budget was used up before giving up.
    assert!(started.elapsed() >= Duration::from_millis(140));
}

fn retry_after_policy() -> RetryConfig {
    RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_secs(5),
            exponent: 1.5,
            max_elapsed_time: Duration::from_secs(30),
        },
        retry_connection_errors: false,
    }
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let started = Instant::now();
    let response = config(&server.uri(), retry_after_policy())
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.attempts(), 2);
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn retry_after_ms_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after-ms", "300"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(server.uri())
        .retry_config(retry_after_policy())
        .retry_codes([StatusCodePattern::Exact(429), StatusCodePattern::Class(5)])
        .build()
        .unwrap();
    let started = Instant::now();
    let response = config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.attempts(), 2);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

/// Headers declaring 100 bytes, then 50 of them, then the connection closes.
fn cut_body() -> Vec<Step> {
    let mut bytes = head(
        200,
        &[
            ("content-type", "application/json"),
            ("content-length", "100"),
        ],
    );
    bytes.extend_from_slice(&[b' '; 50]);
    vec![Step::Send(bytes)]
}

/// A connection cut in the middle of the body is a connection failure: retried under
/// `retry_connection_errors`, and the next attempt's complete response is returned.
#[tokio::test]
async fn a_body_cut_midway_is_retried_like_a_connection_failure() {
    let complete = full_response(200, Some("application/json"), br#"{"ok":true}"#);
    let (url, accepted) = scripted_server(vec![cut_body(), vec![Step::Send(complete)]]);

    let response = config(&url, fast_retries(true))
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body().as_ref(), br#"{"ok":true}"#);
    assert_eq!(response.attempts(), 2);
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
}

/// When every attempt is cut, the final error is a transport error that says the body broke
/// off and how many attempts were made.
#[tokio::test]
async fn a_body_cut_on_every_attempt_fails_naming_the_attempts() {
    let (url, accepted) = scripted_server(vec![cut_body()]);
    let retry = RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(5),
            max_interval: Duration::from_millis(5),
            exponent: 1.0,
            max_elapsed_time: Duration::from_millis(150),
        },
        retry_connection_errors: true,
    };

    let err = config(&url, retry)
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();

    let SendError::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert!(transport.is_incomplete_body());
    assert!(!transport.is_connect());
    assert!(transport.attempts() > 1, "{}", transport.attempts());
    // The last attempt may be abandoned by the budget before it connects.
    let connections = accepted.load(Ordering::SeqCst);
    assert!(
        connections == transport.attempts() || connections + 1 == transport.attempts(),
        "{connections} connections for {} attempts",
        transport.attempts()
    );
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "request failed after {} attempts: the connection broke off while the response body \
             was being received",
            transport.attempts()
        )),
        "{message}"
    );
}

#[tokio::test]
async fn a_body_cut_is_not_retried_without_connection_error_retries() {
    let (url, accepted) = scripted_server(vec![cut_body()]);

    let err = config(&url, fast_retries(false))
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();

    let SendError::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert!(transport.is_incomplete_body());
    assert_eq!(transport.attempts(), 1);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}
