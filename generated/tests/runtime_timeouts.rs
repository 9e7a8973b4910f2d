//! Timeouts of `openrouter::runtime` against servers that never answer.

mod support;

use support::{runtime_defaults, stalled_server};

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use openrouter::runtime::{
    BackoffStrategy, Call, Config, ConfigBuilder, RequestOptions, RetryConfig, SendError,
    TimeoutError,
};
use reqwest::Method;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An env prefix no test sets, so the environment cannot leak in.
const PREFIX: &str = "RTTEST_TIMEOUTS_UNSET";

/// Guards against a hang; far above any expected duration.
const HANG_GUARD: Duration = Duration::from_secs(30);

async fn execute(config: &Config, options: Option<&RequestOptions>) -> Result<(), SendError> {
    tokio::time::timeout(
        HANG_GUARD,
        config.execute(Call::new("op", Method::GET, "/slow"), options),
    )
    .await
    .expect("the runtime's timeout did not fire")
    .map(drop)
}

fn expect_timeout(result: Result<(), SendError>) -> TimeoutError {
    match result {
        Err(SendError::Timeout(err)) => err,
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn stalled_server_times_out() {
    let (url, accepted) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let started = Instant::now();
    let err = expect_timeout(execute(&config, None).await);

    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.timeout(), Some(Duration::from_millis(200)));
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    assert!(err.to_string().starts_with("request timed out"), "{err}");
}

#[tokio::test]
async fn per_call_timeout_overrides_the_configured_one() {
    let (url, _) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    let options = RequestOptions::default().timeout(Duration::from_millis(150));

    let err = expect_timeout(execute(&config, Some(&options)).await);

    assert_eq!(err.timeout(), Some(Duration::from_millis(150)));
}

#[tokio::test]
async fn slow_http_response_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(server.uri())
        .build()
        .unwrap();
    let options = RequestOptions::default().timeout(Duration::from_millis(100));

    let err = expect_timeout(execute(&config, Some(&options)).await);

    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn timeouts_are_retried_as_connection_errors_when_enabled() {
    let (url, accepted) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .timeout(Duration::from_millis(50))
        .retry_config(RetryConfig::Backoff {
            backoff: BackoffStrategy {
                initial_interval: Duration::from_millis(1),
                max_interval: Duration::from_millis(2),
                exponent: 1.0,
                max_elapsed_time: Duration::from_millis(200),
            },
            retry_connection_errors: true,
        })
        .build()
        .unwrap();

    let err = expect_timeout(execute(&config, None).await);

    assert!(err.attempts() > 1, "{}", err.attempts());
    assert_eq!(accepted.load(Ordering::SeqCst), err.attempts());
}

#[tokio::test]
async fn timeouts_are_not_retried_without_connection_error_retries() {
    let (url, accepted) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .timeout(Duration::from_millis(50))
        .retry_config(RetryConfig::Backoff {
            backoff: BackoffStrategy::default(),
            retry_connection_errors: false,
        })
        .build()
        .unwrap();

    let err = expect_timeout(execute(&config, None).await);

    assert_eq!(err.attempts(), 1);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}
