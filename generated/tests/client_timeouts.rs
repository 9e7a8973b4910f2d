//! Timeouts through the generated client, in both calling styles, against a server that
//! accepts connections and never answers.

mod support;

use support::stalled_server;

use std::error::Error;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use openrouter::errors::{CreateAuthKeysCodeError, ExchangeAuthCodeForAPIKeyError, TimeoutError};
use openrouter::funcs::{o_auth_create_auth_code, o_auth_exchange_auth_code_for_api_key};
use openrouter::operations::{
    CreateAuthKeysCodeRequest, CreateAuthKeysCodeRequestBody, ExchangeAuthCodeForAPIKeyRequest,
    ExchangeAuthCodeForAPIKeyRequestBody,
};
use openrouter::{OpenRouter, OpenRouterCore, RequestOptions, RetryConfig};

type TestResult = Result<(), Box<dyn Error>>;

/// Guards against a hang: far above any expected duration.
const HANG_GUARD: Duration = Duration::from_secs(30);

/// A client timeout that must never be the one that fires.
const LONG_TIMEOUT: Duration = Duration::from_secs(20);

fn body() -> CreateAuthKeysCodeRequestBody {
    CreateAuthKeysCodeRequestBody::new(
        openrouter::url::Url::parse("https://app.example/callback").expect("valid URL"),
    )
}

fn expect_timeout<T: std::fmt::Debug>(result: Result<T, CreateAuthKeysCodeError>) -> TimeoutError {
    match result {
        Err(CreateAuthKeysCodeError::Timeout(error)) => error,
        other => panic!("expected the Timeout variant, got {other:?}"),
    }
}

async fn guarded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(HANG_GUARD, future)
        .await
        .expect("the SDK's timeout did not fire")
}

#[tokio::test]
async fn stalled_server_yields_timeout_within_the_client_timeout() -> TestResult {
    let limit = Duration::from_millis(200);

    // Builder style.
    let (url, accepted) = stalled_server();
    let client = OpenRouter::builder()
        .server_url(&url)
        .timeout(limit)
        .retry_config(RetryConfig::None)
        .build()?;
    let started = Instant::now();
    let result = guarded(
        client
            .o_auth()
            .create_auth_code()
            .request_body(body())
            .send(),
    )
    .await;
    let elapsed = started.elapsed();
    let error = expect_timeout(result);
    assert!(elapsed >= limit, "{elapsed:?}");
    assert_eq!(error.timeout(), Some(limit));
    assert_eq!(error.attempts(), 1);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    assert!(
        error.to_string().starts_with("request timed out"),
        "{error}"
    );

    // Standalone style.
    let (url, accepted) = stalled_server();
    let core = OpenRouterCore::builder()
        .server_url(&url)
        .timeout(limit)
        .retry_config(RetryConfig::None)
        .build()?;
    let started = Instant::now();
    let result = guarded(o_auth_create_auth_code(
        &core,
        CreateAuthKeysCodeRequest::new(body()),
        None,
    ))
    .await;
    let elapsed = started.elapsed();
    let error = expect_timeout(result);
    assert!(elapsed >= limit, "{elapsed:?}");
    assert_eq!(error.timeout(), Some(limit));
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    Ok(())
}

#[tokio::test]
async fn per_call_timeout_overrides_a_longer_client_timeout() -> TestResult {
    let per_call = Duration::from_millis(150);

    // Builder style: `.timeout(..)` on the operation builder.
    let (url, _) = stalled_server();
    let client = OpenRouter::builder()
        .server_url(&url)
        .timeout(LONG_TIMEOUT)
        .retry_config(RetryConfig::None)
        .build()?;
    let started = Instant::now();
    let result = guarded(
        client
            .o_auth()
            .create_auth_code()
            .request_body(body())
            .timeout(per_call)
            .send(),
    )
    .await;
    let elapsed = started.elapsed();
    let error = expect_timeout(result);
    assert!(elapsed >= per_call, "{elapsed:?}");
    assert!(elapsed < LONG_TIMEOUT, "{elapsed:?}");
    assert_eq!(error.timeout(), Some(per_call));

    // Standalone style: `RequestOptions::timeout`.
    let (url, _) = stalled_server();
    let core = OpenRouterCore::builder()
        .server_url(&url)
        .timeout(LONG_TIMEOUT)
        .retry_config(RetryConfig::None)
        .build()?;
    let started = Instant::now();
    let result = guarded(o_auth_create_auth_code(
        &core,
        CreateAuthKeysCodeRequest::new(body()),
        Some(RequestOptions::default().timeout(per_call)),
    ))
    .await;
    let elapsed = started.elapsed();
    let error = expect_timeout(result);
    assert!(elapsed >= per_call, "{elapsed:?}");
    assert!(elapsed < LONG_TIMEOUT, "{elapsed:?}");
    assert_eq!(error.timeout(), Some(per_call));
    Ok(())
}

/// A per-call timeout applies even when the client has none.
#[tokio::test]
async fn per_call_timeout_without_client_timeout_on_the_other_operation() -> TestResult {
    let per_call = Duration::from_millis(100);
    let (url, accepted) = stalled_server();
    let core = OpenRouterCore::builder()
        .server_url(&url)
        .retry_config(RetryConfig::None)
        .build()?;
    let request = ExchangeAuthCodeForAPIKeyRequest::new(ExchangeAuthCodeForAPIKeyRequestBody::new(
        "auth_code",
    ));

    let started = Instant::now();
    let result = guarded(o_auth_exchange_auth_code_for_api_key(
        &core,
        request,
        Some(RequestOptions::default().timeout(per_call)),
    ))
    .await;

    assert!(started.elapsed() >= per_call);
    match result {
        Err(ExchangeAuthCodeForAPIKeyError::Timeout(error)) => {
            assert_eq!(error.timeout(), Some(per_call));
            assert_eq!(error.attempts(), 1);
        }
        other => panic!("expected the Timeout variant, got {other:?}"),
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    Ok(())
}

/// With `retry_connection_errors` (as in the spec's policy) timeouts are retried: a stalled
/// server is tried again until the budget runs out, and the final error is still a `Timeout`.
#[tokio::test]
async fn timeouts_are_retried_as_connection_errors() -> TestResult {
    let (url, accepted) = stalled_server();
    let client = OpenRouter::builder()
        .server_url(&url)
        .timeout(Duration::from_millis(50))
        .retry_config(RetryConfig::Backoff {
            backoff: openrouter::runtime::BackoffStrategy {
                initial_interval: Duration::from_millis(1),
                max_interval: Duration::from_millis(2),
                exponent: 1.0,
                max_elapsed_time: Duration::from_millis(200),
            },
            retry_connection_errors: true,
        })
        .build()?;

    let result = guarded(
        client
            .o_auth()
            .create_auth_code()
            .request_body(body())
            .send(),
    )
    .await;

    let error = expect_timeout(result);
    assert!(error.attempts() > 1, "{}", error.attempts());
    // The last attempt may be abandoned by the budget before it connects.
    let connections = accepted.load(Ordering::SeqCst);
    assert!(
        connections == error.attempts() || connections + 1 == error.attempts(),
        "{connections} connections for {} attempts",
        error.attempts()
    );
    Ok(())
}
