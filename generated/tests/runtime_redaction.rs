//! The API key never appears in `Debug`/`Display` output, errors or tracing
//! data of `openrouter::runtime`.

mod support;

use support::{refused_url, runtime_defaults};

use std::error::Error;
use std::fmt::{Debug, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use openrouter::runtime::{
    BuildError, Call, Config, ConfigBuilder, HookError, QueryStyle, RequestOptions,
    RequestValidationError, RetryConfig, SendError,
};
use reqwest::Method;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-or-v1-supersecret0123456789";

/// An env prefix no test sets, so the environment cannot leak in.
const PREFIX: &str = "RTTEST_REDACTION_UNSET";

fn builder(server_url: &str) -> ConfigBuilder {
    ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(server_url)
        .api_key(KEY)
}

/// Asserts the key is absent from `Debug`, `Display` and every source's
/// `Display`/`Debug`.
fn assert_error_is_clean(err: &(dyn Error + 'static)) {
    let mut current = Some(err);
    while let Some(err) = current {
        let text = format!("{err} | {err:?}");
        assert!(!text.contains(KEY), "key leaked: {text}");
        assert!(!text.contains("supersecret"), "key leaked: {text}");
        current = err.source();
    }
}

fn assert_debug_is_clean(value: &impl Debug) {
    let text = format!("{value:?} | {value:#?}");
    assert!(!text.contains("supersecret"), "key leaked: {text}");
}

#[test]
fn builder_and_config_debug_hide_the_key() {
    let builder = builder("http://127.0.0.1:9");
    let text = format!("{builder:?}");
    assert!(text.contains("[REDACTED]"), "{text}");
    assert_debug_is_clean(&builder);

    let config = builder.build().unwrap();
    let text = format!("{config:?}");
    assert!(text.contains("[REDACTED]"), "{text}");
    assert_debug_is_clean(&config);

    let source_builder = ConfigBuilder::new(runtime_defaults(PREFIX))
        .api_key_source(|| async { Ok(KEY.to_owned()) });
    assert_debug_is_clean(&source_builder);
    assert_debug_is_clean(&source_builder.build().unwrap());
}

#[test]
fn request_options_debug_hides_credential_headers() {
    let options = RequestOptions::default()
        .header("Authorization", format!("Bearer {KEY}"))
        .header("X-Api-Key", KEY);
    assert_debug_is_clean(&options);
}

#[test]
fn build_errors_never_show_the_key() {
    let err = ConfigBuilder::new(runtime_defaults(PREFIX))
        .api_key(format!("{KEY}\n"))
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::InvalidApiKey(_)), "{err:?}");
    assert_error_is_clean(&err);

    let err = builder("not a url").build().unwrap_err();
    assert_error_is_clean(&err);

    // Credentials in the URL are refused, and not quoted back.
    let err = builder("http://user:supersecret@127.0.0.1:9")
        .build()
        .unwrap_err();
    assert!(
        matches!(err, BuildError::InvalidServerUrl { .. }),
        "{err:?}"
    );
    assert_error_is_clean(&err);
}

#[tokio::test]
async fn per_call_server_url_errors_never_show_credentials() {
    let config = builder("http://127.0.0.1:9").build().unwrap();
    let options = RequestOptions::default().server_url("http://user:supersecret@127.0.0.1:9");
    let err = config
        .execute(Call::new("op", Method::GET, "/x"), Some(&options))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::InvalidRequest(_)), "{err:?}");
    assert_error_is_clean(&err);
}

#[tokio::test]
async fn transport_errors_never_show_the_key() {
    let config = builder(&refused_url()).build().unwrap();
    let err = config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Transport(_)), "{err:?}");
    assert_error_is_clean(&err);
}

#[tokio::test]
async fn timeout_errors_never_show_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let config = builder(&server.uri())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Timeout(_)), "{err:?}");
    assert_error_is_clean(&err);
}

#[tokio::test]
async fn invalid_key_from_a_source_is_reported_without_the_key() {
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(refused_url())
        .api_key_source(|| async { Ok(format!("{KEY}\r\n")) })
        .build()
        .unwrap();
    let err = config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::InvalidRequest(_)), "{err:?}");
    assert_error_is_clean(&err);
}

#[tokio::test]
async fn response_hook_and_validation_errors_never_show_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    let config = builder(&server.uri()).build().unwrap();
    let response = config
        .execute(Call::new("op", Method::GET, "/x"), None)
        .await
        .unwrap();
    assert_debug_is_clean(&response);
    let err = response.json::<serde_json::Value>().unwrap_err();
    assert_error_is_clean(&err);

    let err = SendError::Hook(HookError::from("hook failed"));
    assert_error_is_clean(&err);
    let err = SendError::from(RequestValidationError::new("body", "bad"));
    assert_error_is_clean(&err);
}

/// A minimal `tracing` subscriber that writes every span field and event
/// into a string.
#[derive(Clone, Default)]
struct Capture {
    text: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = self.text.lock().unwrap();
        let _ = write!(text, "\nspan {}:", span.metadata().name());
        span.record(&mut Fields(&mut text));
        tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = self.text.lock().unwrap();
        text.push_str("\nrecord:");
        values.record(&mut Fields(&mut text));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.text.lock().unwrap();
        text.push_str("\nevent:");
        event.record(&mut Fields(&mut text));
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// The capturing subscriber, installed as the global default.
///
/// A thread-local default (`set_default`) is not reliable while other tests
/// run in parallel: `tracing` may cache "never interested" for a callsite
/// first hit on another thread. A global one sees every test of this file,
/// which also checks their traces for the key.
fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        tracing::subscriber::set_global_default(capture.clone())
            .expect("no other global subscriber in this test binary");
        capture
    })
}

#[tokio::test]
async fn tracing_records_the_attempt_but_not_secrets() {
    let capture = capture();

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("body-text"))
        .mount(&server)
        .await;
    let config: Config = builder(&server.uri())
        .retry_config(RetryConfig::Backoff {
            backoff: openrouter::runtime::BackoffStrategy {
                initial_interval: Duration::from_millis(1),
                max_interval: Duration::from_millis(1),
                exponent: 1.0,
                max_elapsed_time: Duration::from_secs(10),
            },
            retry_connection_errors: false,
        })
        .build()
        .unwrap();
    let call = Call::new("listThings", Method::GET, "/things").query_param(
        "token",
        "query-value",
        QueryStyle::Form,
        true,
    );
    let options = RequestOptions::default().header("X-Api-Key", KEY);
    config.execute(call, Some(&options)).await.unwrap();

    let text = capture.text.lock().unwrap().clone();
    assert!(text.contains("span http_attempt:"), "{text}");
    assert!(text.contains("operation_id=\"listThings\""), "{text}");
    assert!(text.contains("method=GET"), "{text}");
    assert!(text.contains("path=/things"), "{text}");
    assert!(text.contains("attempt=1"), "{text}");
    assert!(text.contains("attempt=2"), "{text}");
    assert!(text.contains("status=503"), "{text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(!text.contains("supersecret"), "key leaked: {text}");
    assert!(!text.contains("query-value"), "query leaked: {text}");
    assert!(!text.contains("body-text"), "body leaked: {text}");
}
