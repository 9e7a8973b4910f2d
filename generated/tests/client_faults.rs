//! The generated client under server faults, in both calling styles: a silent server, a body cut
//! midway, a success without or with another content type, documented error statuses whose body
//! does not match, and error bodies larger than the cap.

mod support;

use support::{Step, full_response, head, scripted_server, stalled_server};

use std::time::{Duration, Instant};

use openrouter::errors::{CreateAuthKeysCodeError, TimeoutKind};
use openrouter::funcs::o_auth_create_auth_code;
use openrouter::operations::{
    CreateAuthKeysCodeRequest, CreateAuthKeysCodeRequestBody, CreateAuthKeysCodeResponse,
};
use openrouter::runtime::{ApiResponse, BackoffStrategy};
use openrouter::{OpenRouter, OpenRouterBuilder, OpenRouterCore, RetryConfig};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Guards against a hang: far above any expected duration.
const HANG_GUARD: Duration = Duration::from_secs(30);

const SUCCESS: &str =
    r#"{"data":{"id":"auth_code_xyz789","app_id":12345,"created_at":"2025-08-24T10:30:00Z"}}"#;

#[derive(Clone, Copy, Debug)]
enum Style {
    Builder,
    Standalone,
}

const STYLES: [Style; 2] = [Style::Builder, Style::Standalone];

/// Client settings of a test.
struct Settings {
    retry: RetryConfig,
    max_error_body_bytes: Option<usize>,
}

impl Settings {
    fn no_retries() -> Self {
        Self {
            retry: RetryConfig::None,
            max_error_body_bytes: None,
        }
    }

    /// Connection errors retried quickly, for at most `budget`.
    fn retries_within(budget: Duration) -> Self {
        Self {
            retry: RetryConfig::Backoff {
                backoff: BackoffStrategy {
                    initial_interval: Duration::from_millis(10),
                    max_interval: Duration::from_millis(20),
                    exponent: 1.0,
                    max_elapsed_time: budget,
                },
                retry_connection_errors: true,
            },
            max_error_body_bytes: None,
        }
    }
}

fn configure<T: From<OpenRouterCore>>(
    builder: OpenRouterBuilder<T>,
    url: &str,
    settings: &Settings,
) -> OpenRouterBuilder<T> {
    let builder = builder
        .server_url(url)
        .api_key("test-key")
        .retry_config(settings.retry.clone());
    match settings.max_error_body_bytes {
        Some(bytes) => builder.max_error_body_bytes(bytes),
        None => builder,
    }
}

fn request_body() -> CreateAuthKeysCodeRequestBody {
    CreateAuthKeysCodeRequestBody::new(
        openrouter::url::Url::parse("https://myapp.example/callback").expect("valid URL"),
    )
}

/// `createAuthCode` against `url` in `style`.
async fn create_auth_code(
    url: &str,
    style: Style,
    settings: &Settings,
) -> Result<ApiResponse<CreateAuthKeysCodeResponse>, CreateAuthKeysCodeError> {
    let call = async {
        match style {
            Style::Builder => {
                let client = configure(OpenRouter::builder(), url, settings)
                    .build()
                    .expect("valid settings");
                client
                    .o_auth()
                    .create_auth_code()
                    .request_body(request_body())
                    .send_with_metadata()
                    .await
            }
            Style::Standalone => {
                let core = configure(OpenRouterCore::builder(), url, settings)
                    .build()
                    .expect("valid settings");
                let request = CreateAuthKeysCodeRequest::new(request_body());
                o_auth_create_auth_code(&core, request, None).await
            }
        }
    };
    tokio::time::timeout(HANG_GUARD, call)
        .await
        .expect("the SDK's time limits did not fire")
}

/// A server answering `createAuthCode` once with `response`.
async fn mock(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/keys/code"))
        .respond_with(response.insert_header("x-request-id", "req-1"))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// Issue 7, fault 1: against a server that accepts the connection and never answers, a call with
/// a 2 s retry budget returns a timeout within about 2 s, saying how many attempts were made.
#[tokio::test]
async fn a_silent_server_times_out_within_the_retry_budget() {
    let budget = Duration::from_secs(2);
    let run = |style| async move {
        let (url, _) = stalled_server();
        let started = Instant::now();
        let result = create_auth_code(&url, style, &Settings::retries_within(budget)).await;
        (style, started.elapsed(), result)
    };
    // Both styles at once, so the test takes the budget once.
    let (first, second) = tokio::join!(run(Style::Builder), run(Style::Standalone));
    for (style, elapsed, result) in [first, second] {
        assert!(elapsed >= budget, "{style:?}: {elapsed:?}");
        assert!(
            elapsed < Duration::from_millis(2_500),
            "{style:?}: {elapsed:?}"
        );
        match result {
            Err(CreateAuthKeysCodeError::Timeout(error)) => {
                assert_eq!(error.kind(), TimeoutKind::RetryBudget, "{style:?}");
                assert_eq!(error.attempts(), 1, "{style:?}");
                assert!(
                    error
                        .to_string()
                        .starts_with("request timed out after 1 attempt"),
                    "{style:?}: {error}"
                );
            }
            other => panic!("{style:?}: expected the Timeout variant, got {other:?}"),
        }
    }
}

/// Issue 7, fault 2: a connection cut in the middle of the body is retried like any connection
/// failure.
#[tokio::test]
async fn a_body_cut_midway_is_retried() {
    for style in STYLES {
        let mut cut = head(
            200,
            &[
                ("content-type", "application/json"),
                ("content-length", &(SUCCESS.len() * 2).to_string()),
            ],
        );
        cut.extend_from_slice(SUCCESS.as_bytes());
        let complete = full_response(200, Some("application/json"), SUCCESS.as_bytes());
        let (url, accepted) =
            scripted_server(vec![vec![Step::Send(cut)], vec![Step::Send(complete)]]);

        let response = create_auth_code(&url, style, &Settings::retries_within(HANG_GUARD))
            .await
            .unwrap_or_else(|error| panic!("{style:?}: {error}"));

        assert_eq!(response.data.id, "auth_code_xyz789", "{style:?}");
        assert_eq!(
            accepted.load(std::sync::atomic::Ordering::SeqCst),
            2,
            "{style:?}"
        );
    }
}

/// Issue 7, fault 2: when every attempt is cut, the error is a transport error that says so and
/// counts the attempts.
#[tokio::test]
async fn a_body_cut_on_every_attempt_is_a_transport_error_counting_attempts() {
    for style in STYLES {
        let mut cut = head(200, &[("content-length", "1000")]);
        cut.extend_from_slice(b"{\"data\":");
        let (url, _) = scripted_server(vec![vec![Step::Send(cut)]]);

        let result = create_auth_code(
            &url,
            style,
            &Settings::retries_within(Duration::from_millis(200)),
        )
        .await;

        match result {
            Err(CreateAuthKeysCodeError::Transport(error)) => {
                assert!(error.is_incomplete_body(), "{style:?}");
                assert!(error.attempts() > 1, "{style:?}: {}", error.attempts());
                assert!(
                    error.to_string().starts_with(&format!(
                        "request failed after {} attempts: the connection broke off",
                        error.attempts()
                    )),
                    "{style:?}: {error}"
                );
            }
            other => panic!("{style:?}: expected the Transport variant, got {other:?}"),
        }
    }
}

/// Issue 7, fault 3: a success without a `Content-Type` is decoded as the documented type.
#[tokio::test]
async fn a_success_without_content_type_is_decoded() {
    for style in STYLES {
        let (url, _) = scripted_server(vec![vec![Step::Send(full_response(
            200,
            None,
            SUCCESS.as_bytes(),
        ))]]);

        let response = create_auth_code(&url, style, &Settings::no_retries())
            .await
            .unwrap_or_else(|error| panic!("{style:?}: {error}"));

        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.data.id, "auth_code_xyz789", "{style:?}");
        assert_eq!(response.data.app_id, 12345, "{style:?}");
    }
}

/// Issue 7, fault 3: a success with another content type is not an API error but its own
/// variant, which keeps status, headers and body.
#[tokio::test]
async fn a_success_with_another_content_type_is_unexpected_content_type() {
    for style in STYLES {
        let server = mock(ResponseTemplate::new(200).set_body_raw(SUCCESS, "text/html")).await;

        let error = create_auth_code(&server.uri(), style, &Settings::no_retries())
            .await
            .expect_err("another content type");

        assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{style:?}");
        assert_eq!(error.headers().unwrap()["x-request-id"], "req-1");
        assert_eq!(error.raw_body(), Some(SUCCESS));
        match &error {
            CreateAuthKeysCodeError::UnexpectedContentType(unexpected) => {
                assert_eq!(unexpected.status().as_u16(), 200);
                assert_eq!(unexpected.content_type(), Some("text/html"));
                assert_eq!(unexpected.expected_content_type(), "application/json");
                assert_eq!(unexpected.body().as_ref(), SUCCESS.as_bytes());
                assert!(!unexpected.raw_body_truncated());
                let message = unexpected.to_string();
                assert!(
                    message.contains("expected application/json, got text/html"),
                    "{message}"
                );
            }
            other => panic!("{style:?}: expected UnexpectedContentType, got {other:?}"),
        }
    }
}

/// Issue 7, fault 4: documented error statuses can be matched on whatever arrives: a body that
/// does not match the schema, an HTML page, or a body without a content type.
#[tokio::test]
async fn documented_error_statuses_can_be_matched_whatever_the_body() {
    for style in STYLES {
        // A 400 with JSON of another shape: `InvalidResponse`, status kept.
        let server = mock(
            ResponseTemplate::new(400).set_body_raw(r#"{"unexpected":true}"#, "application/json"),
        )
        .await;
        let error = create_auth_code(&server.uri(), style, &Settings::no_retries())
            .await
            .expect_err("400");
        assert!(
            matches!(error, CreateAuthKeysCodeError::InvalidResponse(_)),
            "{style:?}: {error:?}"
        );
        assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{style:?}");
        assert_eq!(error.headers().unwrap()["x-request-id"], "req-1");
        assert_eq!(error.raw_body(), Some(r#"{"unexpected":true}"#));

        // A 500 HTML page from a proxy: `Default`, status kept.
        let page = "<html><body>Internal Server Error</body></html>";
        let server = mock(ResponseTemplate::new(500).set_body_raw(page, "text/html")).await;
        let error = create_auth_code(&server.uri(), style, &Settings::no_retries())
            .await
            .expect_err("500");
        assert!(
            matches!(error, CreateAuthKeysCodeError::Default(_)),
            "{style:?}: {error:?}"
        );
        assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{style:?}");
        assert_eq!(error.headers().unwrap()["x-request-id"], "req-1");
        assert_eq!(error.raw_body(), Some(page));

        // A documented 400 body without a content type decodes as documented.
        let body = r#"{"error":{"code":400,"message":"bad redirect"}}"#;
        let (url, _) = scripted_server(vec![vec![Step::Send(full_response(
            400,
            None,
            body.as_bytes(),
        ))]]);
        let error = create_auth_code(&url, style, &Settings::no_retries())
            .await
            .expect_err("400");
        match &error {
            CreateAuthKeysCodeError::BadRequest(bad) => {
                assert_eq!(bad.body.error.message, "bad redirect");
            }
            other => panic!("{style:?}: expected BadRequest, got {other:?}"),
        }
        assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{style:?}");

        // Errors that are not responses have no status.
        let (url, _) = stalled_server();
        let settings = Settings::retries_within(Duration::from_millis(100));
        let error = create_auth_code(&url, style, &settings)
            .await
            .expect_err("timeout");
        assert_eq!(error.status(), None, "{style:?}");
        assert!(error.headers().is_none() && error.raw_body().is_none());
    }
}

/// Issue 7, fault 5: an error body longer than the cap is kept only up to it, and the error says
/// so; a success body of the same size is not cut.
#[tokio::test]
async fn error_bodies_are_capped_and_the_truncation_is_stated() {
    for style in STYLES {
        let settings = Settings {
            max_error_body_bytes: Some(1024),
            ..Settings::no_retries()
        };

        // An undocumented status: the default error keeps the first 1024 bytes.
        let page = format!("<html>{}</html>", "x".repeat(10_000));
        let server = mock(ResponseTemplate::new(502).set_body_raw(page.clone(), "text/html")).await;
        let error = create_auth_code(&server.uri(), style, &settings)
            .await
            .expect_err("502");
        match &error {
            CreateAuthKeysCodeError::Default(default) => {
                assert_eq!(default.raw_body, page[..1024], "{style:?}");
                assert!(default.raw_body_truncated, "{style:?}");
                let message = default.to_string();
                assert!(
                    message.contains("[body truncated: only its first 1024 bytes were kept]"),
                    "{message}"
                );
                assert!(message.len() < 1_000, "{}", message.len());
            }
            other => panic!("{style:?}: expected Default, got {other:?}"),
        }
        assert!(error.raw_body_truncated());

        // A documented error whose body is cut cannot be decoded: `InvalidResponse`, status kept.
        let body = format!(
            r#"{{"error":{{"code":500,"message":"{}"}}}}"#,
            "m".repeat(5_000)
        );
        let server = mock(ResponseTemplate::new(500).set_body_raw(body, "application/json")).await;
        let error = create_auth_code(&server.uri(), style, &settings)
            .await
            .expect_err("500");
        match &error {
            CreateAuthKeysCodeError::InvalidResponse(invalid) => {
                assert_eq!(invalid.status().as_u16(), 500);
                assert_eq!(invalid.raw_body().len(), 1024);
                assert!(invalid.raw_body_truncated());
            }
            other => panic!("{style:?}: expected InvalidResponse, got {other:?}"),
        }

        // Success bodies are never cut.
        let long_id = "i".repeat(5_000);
        let success = SUCCESS.replace("auth_code_xyz789", &long_id);
        let server =
            mock(ResponseTemplate::new(200).set_body_raw(success, "application/json")).await;
        let response = create_auth_code(&server.uri(), style, &settings)
            .await
            .unwrap_or_else(|error| panic!("{style:?}: {error}"));
        assert_eq!(response.data.id, long_id);
    }
}

/// The default cap is 1 MiB.
#[tokio::test]
async fn error_bodies_are_capped_at_1_mib_by_default() {
    let page = "y".repeat(1024 * 1024 + 4096);
    let server = mock(ResponseTemplate::new(503).set_body_raw(page, "text/plain")).await;
    let error = create_auth_code(&server.uri(), Style::Builder, &Settings::no_retries())
        .await
        .expect_err("503");
    assert_eq!(error.raw_body().map(str::len), Some(1024 * 1024));
    assert!(error.raw_body_truncated());
}
