//! Per-call overrides of the client configuration.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use super::call::parse_header;
use super::config::redact_url_text;
use super::error::RequestValidationError;
use super::retry::{RetryConfig, StatusCodePattern};

/// Settings for a single call that override the [`Config`](super::Config).
///
/// ```ignore
/// let options = RequestOptions::default()
///     .timeout(Duration::from_secs(5))
///     .header("X-Request-Id", "abc");
/// ```
///
/// Headers set here override headers of the same name set by the SDK or
/// the operation (hooks still run afterwards). An invalid header name or
/// value does not panic: the call fails with
/// [`SendError::InvalidRequest`](super::SendError::InvalidRequest).
#[derive(Clone, Default)]
#[must_use = "RequestOptions do nothing until passed to a call"]
pub struct RequestOptions {
    retries: Option<RetryConfig>,
    retry_codes: Option<Vec<StatusCodePattern>>,
    timeout: Option<Duration>,
    read_idle_timeout: Option<Option<Duration>>,
    server_url: Option<String>,
    headers: Vec<(HeaderName, HeaderValue)>,
    invalid_header: Option<RequestValidationError>,
}

impl RequestOptions {
    /// Retry policy for this call instead of the configured one.
    pub fn retries(mut self, retries: RetryConfig) -> Self {
        self.retries = Some(retries);
        self
    }

    /// Status codes retried for this call instead of the configured ones.
    pub fn retry_codes(mut self, codes: impl IntoIterator<Item = StatusCodePattern>) -> Self {
        self.retry_codes = Some(codes.into_iter().collect());
        self
    }

    /// Time limit for each attempt of this call as a whole, instead of the
    /// configured one.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Longest silence tolerated while receiving the response of this call
    /// (waiting for the headers, then between parts of the body), instead
    /// of the configured one; `None` for no limit. See
    /// [`ConfigBuilder::read_idle_timeout`](super::ConfigBuilder::read_idle_timeout).
    pub fn read_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.read_idle_timeout = Some(timeout.into());
        self
    }

    /// Server URL for this call, e.g. a regional endpoint. Validated when
    /// the call is made.
    pub fn server_url(mut self, server_url: impl Into<String>) -> Self {
        self.server_url = Some(server_url.into());
        self
    }

    /// Adds a header to this call. Calling it several times with the same
    /// name sends every value.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match parse_header(name.as_ref(), value.as_ref()) {
            Ok(header) => self.headers.push(header),
            Err(err) => {
                self.invalid_header.get_or_insert(err);
            }
        }
        self
    }

    pub(crate) fn get_retries(&self) -> Option<&RetryConfig> {
        self.retries.as_ref()
    }

    pub(crate) fn get_retry_codes(&self) -> Option<&[StatusCodePattern]> {
        self.retry_codes.as_deref()
    }

    pub(crate) fn get_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The read idle timeout set for this call: `Some(None)` for "no limit".
    pub(crate) fn get_read_idle_timeout(&self) -> Option<Option<Duration>> {
        self.read_idle_timeout
    }

    pub(crate) fn get_server_url(&self) -> Option<&str> {
        self.server_url.as_deref()
    }

    pub(crate) fn get_headers(&self) -> &[(HeaderName, HeaderValue)] {
        &self.headers
    }

    /// The first invalid header passed to [`RequestOptions::header`], if any.
    pub(crate) fn get_invalid_header(&self) -> Option<&RequestValidationError> {
        self.invalid_header.as_ref()
    }
}

/// Shows everything but secrets: a password in the server URL is masked, and header values
/// marked sensitive (credential-like names) print as `Sensitive`.
impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestOptions")
            .field("retries", &self.retries)
            .field("retry_codes", &self.retry_codes)
            .field("timeout", &self.timeout)
            .field("read_idle_timeout", &self.read_idle_timeout)
            .field(
                "server_url",
                &self.server_url.as_deref().map(redact_url_text),
            )
            .field("headers", &self.headers)
            .field("invalid_header", &self.invalid_header)
            .finish()
    }
}
