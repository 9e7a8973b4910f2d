//! Retries through the generated client, in both calling styles, against real local HTTP
//! servers: status retries, connection-error retries, the spec's default policy
//! (`x-speakeasy-retries`) and per-call overrides.

mod support;

use support::{refused_url, requests};

use std::error::Error;
use std::time::{Duration, Instant};

use openrouter::errors::CreateAuthKeysCodeError;
use openrouter::funcs::o_auth_create_auth_code;
use openrouter::operations::{
    CreateAuthKeysCodeRequest, CreateAuthKeysCodeRequestBody, CreateAuthKeysCodeResponse,
};
use openrouter::runtime::{BackoffStrategy, StatusCodePattern};
use openrouter::{
    ApiResponse, OpenRouter, OpenRouterBuilder, OpenRouterCore, RequestOptions, RetryConfig,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn Error>>;
type CreateResult = Result<ApiResponse<CreateAuthKeysCodeResponse>, CreateAuthKeysCodeError>;

const OP_PATH: &str = "/auth/keys/code";

/// The two ways of calling an operation.
#[derive(Clone, Copy, Debug)]
enum Style {
    Builder,
    Standalone,
}

const STYLES: [Style; 2] = [Style::Builder, Style::Standalone];

/// Client-level settings; `None` leaves the SDK default.
#[derive(Clone, Default)]
struct Settings {
    retry: Option<RetryConfig>,
    retry_codes: Option<Vec<StatusCodePattern>>,
}

/// Per-call overrides, applied with the builder's methods or through `RequestOptions`.
#[derive(Clone, Default)]
struct PerCall {
    retries: Option<RetryConfig>,
    retry_codes: Option<Vec<StatusCodePattern>>,
}

fn configure<T: From<OpenRouterCore>>(
    builder: OpenRouterBuilder<T>,
    server_url: &str,
    settings: &Settings,
) -> OpenRouterBuilder<T> {
    let mut builder = builder
        .server_url(server_url)
        .api_key("test-key")
        .http_referer("https://app.example")
        .app_title("retry tests")
        .app_categories("tests");
    if let Some(retry) = settings.retry.clone() {
        builder = builder.retry_config(retry);
    }
    if let Some(codes) = settings.retry_codes.clone() {
        builder = builder.retry_codes(codes);
    }
    builder
}

/// Either a full client (builder style) or a core (standalone functions).
enum Sdk {
    Client(OpenRouter),
    Core(OpenRouterCore),
}

impl Sdk {
    fn new(style: Style, server_url: &str, settings: &Settings) -> Result<Self, Box<dyn Error>> {
        Ok(match style {
            Style::Builder => {
                Self::Client(configure(OpenRouter::builder(), server_url, settings).build()?)
            }
            Style::Standalone => {
                Self::Core(configure(OpenRouterCore::builder(), server_url, settings).build()?)
            }
        })
    }

    async fn create(&self, per_call: PerCall) -> CreateResult {
        match self {
            Self::Client(client) => {
                let mut call = client.o_auth().create_auth_code().request_body(body());
                if let Some(retries) = per_call.retries {
                    call = call.retries(retries);
                }
                if let Some(codes) = per_call.retry_codes {
                    call = call.retry_codes(codes);
                }
                call.send_with_metadata().await
            }
            Self::Core(core) => {
                let mut options = RequestOptions::default();
                if let Some(retries) = per_call.retries {
                    options = options.retries(retries);
                }
                if let Some(codes) = per_call.retry_codes {
                    options = options.retry_codes(codes);
                }
                o_auth_create_auth_code(core, CreateAuthKeysCodeRequest::new(body()), Some(options))
                    .await
            }
        }
    }
}

fn body() -> CreateAuthKeysCodeRequestBody {
    CreateAuthKeysCodeRequestBody::new(
        openrouter::url::Url::parse("https://app.example/callback").expect("valid URL"),
    )
    .key_label("retry-test")
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "data": {"id": "auth_code_retry", "app_id": 7, "created_at": "2025-08-24T10:30:00Z"}
    }))
}

/// Exponential backoff with delays of a few milliseconds and a short overall budget.
fn fast_backoff(retry_connection_errors: bool) -> RetryConfig {
    RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_millis(4),
            exponent: 1.5,
            max_elapsed_time: Duration::from_millis(150),
        },
        retry_connection_errors,
    }
}

fn fast(retry_connection_errors: bool) -> Settings {
    Settings {
        retry: Some(fast_backoff(retry_connection_errors)),
        retry_codes: None,
    }
}

/// Mounts `status` for the first `times` requests, then a 200.
async fn fail_then_succeed(server: &MockServer, status: u16, times: u64) {
    Mock::given(method("POST"))
        .and(path(OP_PATH))
        .respond_with(ResponseTemplate::new(status))
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(OP_PATH))
        .respond_with(created())
        .mount(server)
        .await;
}

fn expect_status(result: CreateResult, status: u16) -> CreateAuthKeysCodeError {
    match result {
        Err(error) if error.status().map(|s| s.as_u16()) == Some(status) => error,
        other => panic!("expected an error with status {status}, got {other:?}"),
    }
}

#[tokio::test]
async fn two_503s_then_200_succeeds_on_the_third_attempt() -> TestResult {
    for style in STYLES {
        let server = MockServer::start().await;
        fail_then_succeed(&server, 503, 2).await;

        let response = Sdk::new(style, &server.uri(), &fast(false))?
            .create(PerCall::default())
            .await
            .map_err(|err| format!("{style:?}: {err}"))?;

        assert_eq!(response.status(), 200, "{style:?}");
        assert_eq!(response.data.id, "auth_code_retry", "{style:?}");
        let received = requests(&server).await;
        assert_eq!(received.len(), 3, "{style:?}");
        // Every attempt resent the same body.
        for request in &received {
            assert_eq!(request.body, received[0].body, "{style:?}");
            let sent: serde_json::Value = serde_json::from_slice(&request.body)?;
            assert_eq!(sent["key_label"], "retry-test", "{style:?}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_400_is_never_retried() -> TestResult {
    for style in STYLES {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(OP_PATH))
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({
                "error": {"code": 400, "message": "Invalid request parameters"}
            })))
            .mount(&server)
            .await;

        let result = Sdk::new(style, &server.uri(), &fast(true))?
            .create(PerCall::default())
            .await;

        match result {
            Err(CreateAuthKeysCodeError::BadRequest(error)) => {
                assert_eq!(error.status, 400, "{style:?}");
                assert_eq!(error.body.error.code, 400, "{style:?}");
                assert_eq!(error.body.error.message, "Invalid request parameters");
            }
            other => panic!("{style:?}: expected BadRequest, got {other:?}"),
        }
        assert_eq!(requests(&server).await.len(), 1, "{style:?}");
    }
    Ok(())
}

#[tokio::test]
async fn connection_refused_is_retried_only_with_retry_connection_errors() -> TestResult {
    for style in STYLES {
        for retry_connection_errors in [true, false] {
            let url = refused_url();
            let result = Sdk::new(style, &url, &fast(retry_connection_errors))?
                .create(PerCall::default())
                .await;

            let error = match result {
                Err(CreateAuthKeysCodeError::Transport(error)) => error,
                other => panic!(
                    "{style:?} retry_connection_errors={retry_connection_errors}: \
                     expected Transport, got {other:?}"
                ),
            };
            assert!(error.is_connect(), "{style:?}: {error}");
            if retry_connection_errors {
                assert!(error.attempts() > 1, "{style:?}: {}", error.attempts());
            } else {
                assert_eq!(error.attempts(), 1, "{style:?}");
            }
        }
    }
    Ok(())
}

/// The builder only shortens the backoff; the retried statuses are still the spec's `5XX`.
#[tokio::test]
async fn default_retry_codes_come_from_the_spec() -> TestResult {
    for style in STYLES {
        for status in [500, 502, 503, 599] {
            let server = MockServer::start().await;
            fail_then_succeed(&server, status, 1).await;

            let response = Sdk::new(style, &server.uri(), &fast(false))?
                .create(PerCall::default())
                .await
                .map_err(|err| format!("{style:?} {status}: {err}"))?;

            assert_eq!(response.status(), 200, "{style:?} {status}");
            assert_eq!(requests(&server).await.len(), 2, "{style:?} {status}");
        }
        // A 4XX is outside the default codes.
        let server = MockServer::start().await;
        fail_then_succeed(&server, 429, 1).await;
        let result = Sdk::new(style, &server.uri(), &fast(false))?
            .create(PerCall::default())
            .await;
        expect_status(result, 429);
        assert_eq!(requests(&server).await.len(), 1, "{style:?}");
    }
    Ok(())
}

/// Without any retry setting the client uses the spec's backoff: the first retry waits at
/// least the 500 ms `initialInterval`.
#[tokio::test]
async fn spec_default_policy_retries_5xx_after_its_initial_interval() -> TestResult {
    async fn run(style: Style) -> TestResult {
        let server = MockServer::start().await;
        fail_then_succeed(&server, 503, 1).await;
        let sdk = Sdk::new(style, &server.uri(), &Settings::default())?;

        let started = Instant::now();
        let response = sdk
            .create(PerCall::default())
            .await
            .map_err(|err| format!("{style:?}: {err}"))?;

        assert!(started.elapsed() >= Duration::from_millis(500), "{style:?}");
        assert_eq!(response.status(), 200, "{style:?}");
        assert_eq!(requests(&server).await.len(), 2, "{style:?}");
        Ok(())
    }
    let (builder, standalone) = tokio::join!(run(Style::Builder), run(Style::Standalone));
    builder?;
    standalone?;
    Ok(())
}

#[tokio::test]
async fn per_call_retry_none_disables_retrying() -> TestResult {
    for style in STYLES {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(OP_PATH))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let sdk = Sdk::new(style, &server.uri(), &fast(true))?;

        // The client's policy retries the 503 until its budget runs out...
        let error = expect_status(sdk.create(PerCall::default()).await, 503);
        assert!(
            matches!(error, CreateAuthKeysCodeError::Default(_)),
            "{error:?}"
        );
        let with_client_policy = requests(&server).await.len();
        assert!(with_client_policy > 1, "{style:?}: {with_client_policy}");

        // ...while a per-call `RetryConfig::None` sends exactly once. A fresh server counts it:
        // the first call's last attempt, cut by its budget, may still reach the first server.
        let fresh = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(OP_PATH))
            .respond_with(ResponseTemplate::new(503))
            .mount(&fresh)
            .await;
        let sdk = Sdk::new(style, &fresh.uri(), &fast(true))?;
        let per_call = PerCall {
            retries: Some(RetryConfig::None),
            ..PerCall::default()
        };
        let error = expect_status(sdk.create(per_call).await, 503);
        assert!(
            matches!(error, CreateAuthKeysCodeError::Default(_)),
            "{error:?}"
        );
        assert_eq!(requests(&fresh).await.len(), 1, "{style:?}");
    }
    Ok(())
}

#[tokio::test]
async fn per_call_retry_codes_make_429_retried() -> TestResult {
    for style in STYLES {
        let server = MockServer::start().await;
        fail_then_succeed(&server, 429, 1).await;
        let sdk = Sdk::new(style, &server.uri(), &fast(false))?;

        let per_call = PerCall {
            retry_codes: Some(vec!["429".parse()?]),
            ..PerCall::default()
        };
        let response = sdk
            .create(per_call.clone())
            .await
            .map_err(|err| format!("{style:?}: {err}"))?;
        assert_eq!(response.status(), 200, "{style:?}");
        assert_eq!(requests(&server).await.len(), 2, "{style:?}");

        // The per-call codes replace the client's: a 503 is no longer retried.
        let server = MockServer::start().await;
        fail_then_succeed(&server, 503, 1).await;
        let sdk = Sdk::new(style, &server.uri(), &fast(false))?;
        expect_status(sdk.create(per_call).await, 503);
        assert_eq!(requests(&server).await.len(), 1, "{style:?}");
    }
    Ok(())
}

/// Client-level `retry_codes` replace the spec's `5XX` too.
#[tokio::test]
async fn client_retry_codes_replace_the_spec_default() -> TestResult {
    for style in STYLES {
        let settings = Settings {
            retry: Some(fast_backoff(false)),
            retry_codes: Some(vec!["429".parse()?]),
        };
        let server = MockServer::start().await;
        fail_then_succeed(&server, 429, 2).await;
        let response = Sdk::new(style, &server.uri(), &settings)?
            .create(PerCall::default())
            .await
            .map_err(|err| format!("{style:?}: {err}"))?;
        assert_eq!(response.status(), 200, "{style:?}");
        assert_eq!(requests(&server).await.len(), 3, "{style:?}");

        let server = MockServer::start().await;
        fail_then_succeed(&server, 503, 1).await;
        let result = Sdk::new(style, &server.uri(), &settings)?
            .create(PerCall::default())
            .await;
        expect_status(result, 503);
        assert_eq!(requests(&server).await.len(), 1, "{style:?}");
    }
    Ok(())
}
