//! Error types shared by the runtime and the generated operations.
//!
//! None of these types ever carries an API key: credentials live only inside
//! [`Config`](super::Config) and in the `Authorization` header of an
//! in-flight request, which is marked sensitive.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::hooks::HookError;
use super::response::RawResponse;

/// Maximum number of body characters quoted in an error's `Display`, so
/// that a huge HTML error page does not flood logs.
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
/// TLS failure, a body cut off before its end, ...) on its last attempt.
///
/// `Display` ends with the innermost cause (e.g. "Connection refused"),
/// which `reqwest`'s own message leaves out.
#[derive(Debug, thiserror::Error)]
#[error(
    "request failed after {attempts} {}: {}{source}{}",
    attempt_word(*.attempts),
    if *.incomplete_body { "the connection broke off while the response body was being received: " } else { "" },
    root_cause_suffix(.source)
)]
pub struct TransportError {
    attempts: u32,
    incomplete_body: bool,
    source: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(attempts: u32, source: reqwest::Error) -> Self {
        Self {
            attempts,
            incomplete_body: false,
            source,
        }
    }

    /// The failure happened after the status and headers arrived, while the
    /// body was being received (e.g. the connection closed before the
    /// declared `Content-Length` was reached).
    pub(crate) fn incomplete_body(attempts: u32, source: reqwest::Error) -> Self {
        Self {
            attempts,
            incomplete_body: true,
            source,
        }
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

    /// Whether the last attempt received a status and headers but the body
    /// broke off before its end.
    pub fn is_incomplete_body(&self) -> bool {
        self.incomplete_body
    }

    /// The underlying `reqwest` error.
    pub fn reqwest_error(&self) -> &reqwest::Error {
        &self.source
    }
}

/// Which time limit a [`TimeoutError`] ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// No connection could be opened within the connect timeout
    /// ([`ConfigBuilder::connect_timeout`](super::ConfigBuilder::connect_timeout)).
    Connect,
    /// The attempt took longer than its total time limit
    /// ([`ConfigBuilder::timeout`](super::ConfigBuilder::timeout) or
    /// [`RequestOptions::timeout`](super::RequestOptions::timeout), or a
    /// timeout of a custom `reqwest::Client`).
    Attempt,
    /// No byte arrived for the read idle timeout, while waiting for the
    /// response headers or between parts of the body
    /// ([`ConfigBuilder::read_idle_timeout`](super::ConfigBuilder::read_idle_timeout)).
    ReadIdle,
    /// The retry budget
    /// ([`BackoffStrategy::max_elapsed_time`](super::BackoffStrategy::max_elapsed_time))
    /// ran out during the first attempt; it bounds the whole call. (When it
    /// runs out during a retry, the previous attempt's outcome is reported
    /// instead.)
    RetryBudget,
}

/// The call ran into a time limit: connecting, the attempt's total limit,
/// the read idle timeout, or the retry budget of the whole call (see
/// [`TimeoutKind`]). Distinct from [`TransportError`] so that callers can
/// tell a slow server from an unreachable one.
#[derive(Debug, thiserror::Error)]
#[error(
    "request timed out after {attempts} {}: {}",
    attempt_word(*.attempts),
    timeout_reason(*.kind, *.limit)
)]
pub struct TimeoutError {
    attempts: u32,
    kind: TimeoutKind,
    limit: Option<Duration>,
    source: Option<reqwest::Error>,
}

impl TimeoutError {
    /// A time limit enforced by `reqwest` (connect or total per attempt).
    pub(crate) fn from_reqwest(
        attempts: u32,
        kind: TimeoutKind,
        limit: Option<Duration>,
        source: reqwest::Error,
    ) -> Self {
        Self {
            attempts,
            kind,
            limit,
            source: Some(source),
        }
    }

    /// A time limit enforced by the SDK itself (read idle, retry budget).
    pub(crate) fn new(attempts: u32, kind: TimeoutKind, limit: Duration) -> Self {
        Self {
            attempts,
            kind,
            limit: Some(limit),
            source: None,
        }
    }

    /// How many attempts were made, including the timed-out last one.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Which limit was exceeded.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The limit that was exceeded, if the runtime set it (a limit
    /// configured on a custom `reqwest::Client` is not known here).
    pub fn timeout(&self) -> Option<Duration> {
        self.limit
    }

    /// The underlying `reqwest` error, when `reqwest` enforced the limit.
    pub fn reqwest_error(&self) -> Option<&reqwest::Error> {
        self.source.as_ref()
    }
}

fn timeout_reason(kind: TimeoutKind, limit: Option<Duration>) -> String {
    let limit = |what: &str| {
        limit.map_or_else(
            || format!("the HTTP client's {what}"),
            |limit| format!("{what} of {limit:?}"),
        )
    };
    match kind {
        TimeoutKind::Connect => format!(
            "no connection could be opened within the {}",
            limit("connect timeout")
        ),
        TimeoutKind::Attempt => format!("the attempt exceeded the {}", limit("time limit")),
        TimeoutKind::ReadIdle => format!(
            "nothing was received from the server for the {}",
            limit("read idle timeout")
        ),
        TimeoutKind::RetryBudget => format!(
            "the call used up its {} (max_elapsed_time) during the last attempt",
            limit("retry budget")
        ),
    }
}

/// A response body did not deserialize into the type its schema describes.
///
/// Keeps the status, headers and raw body so callers can inspect what the
/// server actually sent. The raw body is cut at the configured cap
/// ([`ConfigBuilder::max_error_body_bytes`](super::ConfigBuilder::max_error_body_bytes),
/// 1 MiB by default); [`raw_body_truncated`](Self::raw_body_truncated) says
/// whether it was.
#[derive(Debug, thiserror::Error)]
#[error(
    "response (status {}, {}) did not match its schema: {source}; body: {}",
    .status.as_u16(),
    .content_type.as_deref().map_or_else(|| "no content type".to_owned(), |ct| format!("content type {ct}")),
    body_snippet(.raw_body, *.raw_body_truncated)
)]
pub struct ResponseValidationError {
    status: StatusCode,
    content_type: Option<String>,
    // Boxed to keep `Result<_, ResponseValidationError>` small.
    headers: Box<HeaderMap>,
    raw_body: String,
    raw_body_truncated: bool,
    source: serde_json::Error,
}

impl ResponseValidationError {
    /// Builds the error from the response parts and the decoding failure
    /// (no headers, body not truncated).
    pub fn new(
        status: StatusCode,
        content_type: Option<String>,
        raw_body: String,
        source: serde_json::Error,
    ) -> Self {
        Self {
            status,
            content_type,
            headers: Box::default(),
            raw_body,
            raw_body_truncated: false,
            source,
        }
    }

    /// The same error with the response headers and whether the raw body
    /// was cut at the cap.
    pub(crate) fn with_response_details(mut self, headers: HeaderMap, truncated: bool) -> Self {
        *self.headers = headers;
        self.raw_body_truncated = truncated;
        self
    }

    /// HTTP status of the response that failed to decode.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// `Content-Type` of the response, if it had one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as text (invalid UTF-8 replaced), at most the configured
    /// cap (1 MiB by default).
    pub fn raw_body(&self) -> &str {
        &self.raw_body
    }

    /// Whether [`raw_body`](Self::raw_body) holds only the start of the body
    /// because the body was longer than the cap.
    pub fn raw_body_truncated(&self) -> bool {
        self.raw_body_truncated
    }
}

/// A success status arrived with a `Content-Type` other than the one the API
/// documents for it (a response *without* a `Content-Type` is read as the
/// documented type instead).
///
/// The server answered with success, so this is not an API error; the
/// response is kept whole: status, headers, the complete body as bytes
/// (shared, not copied), and the body as text up to the configured cap.
#[derive(Clone, Debug, thiserror::Error)]
#[error(
    "unexpected content type in a success response (status {}): expected {}, got {}; body: {}",
    .status.as_u16(),
    .expected,
    .content_type.as_deref().unwrap_or("none"),
    body_snippet(.raw_body, *.raw_body_truncated)
)]
pub struct UnexpectedContentTypeError {
    status: StatusCode,
    headers: HeaderMap,
    content_type: Option<String>,
    expected: &'static str,
    body: Bytes,
    raw_body: String,
    raw_body_truncated: bool,
}

impl UnexpectedContentTypeError {
    /// Builds the error from a response whose content type is not `expected`.
    pub fn from_response(response: RawResponse, expected: &'static str) -> Self {
        let (raw_body, raw_body_truncated) = response.error_text();
        let content_type = response.content_type().map(str::to_owned);
        let (status, headers, body) = response.into_parts();
        Self {
            status,
            headers,
            content_type,
            expected,
            body,
            raw_body,
            raw_body_truncated,
        }
    }

    /// The HTTP status (a success).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Type` that arrived.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The `Content-Type` the API documents for this status.
    pub fn expected_content_type(&self) -> &'static str {
        self.expected
    }

    /// The complete body as received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced), at most the configured cap
    /// (1 MiB by default).
    pub fn raw_body(&self) -> &str {
        &self.raw_body
    }

    /// Whether [`raw_body`](Self::raw_body) holds only the start of the body.
    pub fn raw_body_truncated(&self) -> bool {
        self.raw_body_truncated
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

/// The start of an error's raw body for its `Display`: at most
/// 500 characters, followed by a note when the raw body
/// kept by the error was itself cut at the configured cap.
pub fn body_snippet(raw_body: &str, truncated: bool) -> String {
    let mut snippet = truncate_body(raw_body, BODY_SNIPPET_CHARS);
    if truncated {
        snippet.push_str(&format!(
            " [body truncated: only its first {} bytes were kept]",
            raw_body.len()
        ));
    }
    snippet
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
