//! Error types shared by the runtime and the generated operations.
//!
//! None of these types ever carries an API key: credentials live only inside
//! [`Config`](super::Config) and in the `Authorization` header of an
//! in-flight request, which is marked sensitive.

use std::time::Duration;

use reqwest::StatusCode;

use super::hooks::HookError;

/// Maximum number of body characters quoted in a [`ResponseValidationError`]'s
/// `Display`, so that a huge HTML error page does not flood logs.
const BODY_SNIPPET_CHARS: usize = 500;

/// Why a request could not produce an HTTP response.
///
/// Returned by [`Config::execute`](super::Config::execute). An HTTP error
/// status (4XX/5XX) is *not* a `SendError`: it is a response, and the
/// generated code turns it into its own operation error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// The server could not be reached or the exchange broke off.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The last attempt did not complete within its time limit.
    #[error(transparent)]
    Timeout(#[from] TimeoutError),
    /// The request could not be built (bad header, URL or body); nothing was sent.
    #[error(transparent)]
    InvalidRequest(#[from] RequestValidationError),
    /// A [`Hook::before_request`](super::Hook::before_request) refused the
    /// request; nothing was sent for that attempt.
    #[error("a request hook failed: {0}")]
    Hook(#[source] HookError),
    /// The API key source configured with
    /// [`ConfigBuilder::api_key_source`](super::ConfigBuilder::api_key_source)
    /// failed; nothing was sent for that attempt.
    #[error("the API key source failed: {0}")]
    ApiKeySource(#[source] HookError),
}

impl SendError {
    /// Number of attempts made before giving up, when any request was sent.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Self::Transport(err) => Some(err.attempts()),
            Self::Timeout(err) => Some(err.attempts()),
            Self::InvalidRequest(_) | Self::Hook(_) | Self::ApiKeySource(_) => None,
        }
    }
}

/// The request failed at the network level (connection refused, reset,
/// TLS failure, ...) on its last attempt.
///
/// `Display` ends with the innermost cause (e.g. "Connection refused"),
/// which `reqwest`'s own message leaves out.
#[derive(Debug, thiserror::Error)]
#[error(
    "request failed after {attempts} {}: {source}{}",
    attempt_word(*.attempts),
    root_cause_suffix(.source)
)]
pub struct TransportError {
    attempts: u32,
    source: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(attempts: u32, source: reqwest::Error) -> Self {
        Self { attempts, source }
    }

    /// How many attempts were made, including the failed last one.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the last attempt could not even open a connection, so the
    /// server never saw the request.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

/// The last attempt exceeded its time limit (connecting, waiting for the
/// response or reading its body). Distinct from [`TransportError`] so that
/// callers can tell a slow server from an unreachable one.
#[derive(Debug, thiserror::Error)]
#[error(
    "request timed out{} after {attempts} {}",
    .timeout.map(|t| format!(" (limit {t:?} per attempt)")).unwrap_or_default(),
    attempt_word(*.attempts)
)]
pub struct TimeoutError {
    attempts: u32,
    timeout: Option<Duration>,
    source: reqwest::Error,
}

impl TimeoutError {
    pub(crate) fn new(attempts: u32, timeout: Option<Duration>, source: reqwest::Error) -> Self {
        Self {
            attempts,
            timeout,
            source,
        }
    }

    /// How many attempts were made, including the timed-out last one.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The per-attempt limit that applied, if the runtime set one (a limit
    /// configured on a custom `reqwest::Client` is not known here).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }
}

/// A response body did not deserialize into the type its schema describes.
///
/// Keeps the raw body so callers can inspect what the server actually sent.
#[derive(Debug, thiserror::Error)]
#[error(
    "response (status {}, {}) did not match its schema: {source}; body: {}",
    .status.as_u16(),
    .content_type.as_deref().map_or_else(|| "no content type".to_owned(), |ct| format!("content type {ct}")),
    truncate_body(.raw_body, BODY_SNIPPET_CHARS)
)]
pub struct ResponseValidationError {
    status: StatusCode,
    content_type: Option<String>,
    raw_body: String,
    source: serde_json::Error,
}

impl ResponseValidationError {
    /// Builds the error from the response parts and the decoding failure.
    pub fn new(
        status: StatusCode,
        content_type: Option<String>,
        raw_body: String,
        source: serde_json::Error,
    ) -> Self {
        Self {
            status,
            content_type,
            raw_body,
            source,
        }
    }

    /// HTTP status of the response that failed to decode.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// `Content-Type` of the response, if it had one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The complete body as text (invalid UTF-8 replaced), untruncated.
    pub fn raw_body(&self) -> &str {
        &self.raw_body
    }
}

/// A request was rejected before sending because part of it is invalid.
///
/// Used by the runtime for bad headers, URLs and bodies, and by generated
/// code for client-side validation of parameters.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid request: {field}: {message}")]
pub struct RequestValidationError {
    field: String,
    message: String,
}

impl RequestValidationError {
    /// Names the offending part of the request (`field`) and what is wrong
    /// with it. Never put secret values in either.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The part of the request that is invalid (parameter, header, "body", ...).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error for a value nested in `parent`: field `limit` within
    /// `request_body` becomes `request_body.limit`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = format!("{parent}.{}", self.field);
        self
    }
}

/// Where a configuration value came from, so errors can point at the right
/// place to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueSource {
    /// Set explicitly on the [`ConfigBuilder`](super::ConfigBuilder).
    Builder,
    /// Read from the named environment variable.
    EnvVar(String),
    /// The SDK's built-in default.
    Default,
}

impl std::fmt::Display for ValueSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Builder => f.write_str("set on the config builder"),
            Self::EnvVar(name) => write!(f, "from environment variable {name}"),
            Self::Default => f.write_str("the SDK default"),
        }
    }
}

/// [`ConfigBuilder::build`](super::ConfigBuilder::build) rejected the
/// configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The server URL is not an absolute `http`/`https` URL usable as a base.
    #[error("invalid server URL {value:?} ({source_of_value}): {reason}")]
    InvalidServerUrl {
        /// The rejected URL.
        value: String,
        /// Where the value came from.
        source_of_value: ValueSource,
        /// Why it was rejected.
        reason: String,
    },
    /// A retry status code pattern in the defaults is not like `503` or `5XX`.
    #[error("invalid retry status code pattern in the SDK defaults: {0}")]
    InvalidRetryCode(#[source] InvalidStatusCodePattern),
    /// The user agent cannot be sent as an HTTP header value.
    #[error("invalid User-Agent {0:?}: not a valid HTTP header value")]
    InvalidUserAgent(String),
    /// The API key contains characters that cannot appear in an HTTP header
    /// (the key itself is not shown).
    #[error("invalid API key ({0}): it contains characters not allowed in an HTTP header")]
    InvalidApiKey(ValueSource),
    /// The default HTTP client could not be created (e.g. TLS initialisation failed).
    #[error("could not create the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// A status code pattern was neither a code like `503` nor a class like `5XX`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid status code pattern {0:?}: expected a code from 100 to 599 (\"503\") or a class (\"5XX\")"
)]
pub struct InvalidStatusCodePattern(pub(crate) String);

/// Shortens `body` to at most `max_chars` characters (never splitting a
/// character), appending `…` when something was cut.
///
/// Used to quote response bodies in error messages without flooding logs.
pub fn truncate_body(body: &str, max_chars: usize) -> String {
    match body.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_owned(),
    }
}

/// `": <innermost cause>"` when `error` has a cause, else nothing.
fn root_cause_suffix(error: &reqwest::Error) -> String {
    let mut root = std::error::Error::source(error);
    while let Some(next) = root.and_then(std::error::Error::source) {
        root = Some(next);
    }
    root.map(|cause| format!(": {cause}")).unwrap_or_default()
}

fn attempt_word(attempts: u32) -> &'static str {
    if attempts == 1 { "attempt" } else { "attempts" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_keeps_short_bodies() {
        assert_eq!(truncate_body("hello", 5), "hello");
        assert_eq!(truncate_body("", 0), "");
    }

    #[test]
    fn truncate_cuts_on_char_boundaries() {
        assert_eq!(truncate_body("hello world", 5), "hello…");
        assert_eq!(truncate_body("héllo", 2), "hé…");
        assert_eq!(truncate_body("日本語テキスト", 3), "日本語…");
        assert_eq!(truncate_body("abc", 0), "…");
    }

    #[test]
    fn response_validation_display() {
        let source = serde_json::from_str::<u32>("\"x\"").unwrap_err();
        let body = "y".repeat(2000);
        let err = ResponseValidationError::new(
            StatusCode::OK,
            Some("application/json".into()),
            body.clone(),
            source,
        );
        let text = err.to_string();
        assert!(text.starts_with(
            "response (status 200, content type application/json) did not match its schema: "
        ));
        assert!(text.contains("; body: yyy"));
        assert!(text.len() < 700, "body must be truncated: {}", text.len());
        assert_eq!(err.raw_body(), body);
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn request_validation_display() {
        let err = RequestValidationError::new("header x-a", "invalid value");
        assert_eq!(
            err.to_string(),
            "invalid request: header x-a: invalid value"
        );
        assert_eq!(err.field(), "header x-a");
        assert_eq!(err.message(), "invalid value");
    }

    #[test]
    fn build_error_names_value_and_source() {
        let err = BuildError::InvalidServerUrl {
            value: "ftp://x".into(),
            source_of_value: ValueSource::EnvVar("P_BASE_URL".into()),
            reason: "scheme must be http or https".into(),
        };
        let text = err.to_string();
        assert!(text.contains("\"ftp://x\""));
        assert!(text.contains("P_BASE_URL"));
    }
}
