//! Responses: the raw bytes received, and the typed value handed to users.

use std::ops::Deref;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use super::error::ResponseValidationError;

/// The default cap on the body text an error keeps (1 MiB); see
/// [`ConfigBuilder::max_error_body_bytes`](super::ConfigBuilder::max_error_body_bytes).
pub const DEFAULT_MAX_ERROR_BODY_BYTES: usize = 1024 * 1024;

/// An HTTP response with its body read, as returned by
/// [`Config::execute`](super::Config::execute).
///
/// The body of a success is read whole. The body of a 4XX/5XX response is
/// read up to the configured cap
/// ([`ConfigBuilder::max_error_body_bytes`](super::ConfigBuilder::max_error_body_bytes));
/// [`body_truncated`](Self::body_truncated) says whether the rest was left
/// unread. Generated operations decode it into their typed result or error.
///
/// Cloning is cheap: the body is shared, not copied.
#[derive(Clone, Debug)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
    body_truncated: bool,
    max_error_body_bytes: usize,
}

impl RawResponse {
    /// Builds a response received on the first attempt (useful in tests),
    /// with the default error body cap.
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self::received(
            status,
            headers,
            body.into(),
            1,
            false,
            DEFAULT_MAX_ERROR_BODY_BYTES,
        )
    }

    pub(crate) fn received(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        attempts: u32,
        body_truncated: bool,
        max_error_body_bytes: usize,
    ) -> Self {
        Self {
            status,
            headers,
            body,
            attempts,
            body_truncated,
            max_error_body_bytes,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body: complete for a success; for a 4XX/5XX response at most the
    /// error body cap (see [`body_truncated`](Self::body_truncated)).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Whether the body was longer than the error body cap, so only its
    /// start was read (4XX/5XX responses only; the connection is then
    /// closed rather than reused).
    pub fn body_truncated(&self) -> bool {
        self.body_truncated
    }

    /// How many attempts the call took; this response came from the last.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The `Content-Type` header, if present and valid text.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// Whether the content type matches `expected`: compared without
    /// parameters (`; charset=...`) and ignoring case. `expected` may be a
    /// pattern like `text/*`, or `*/*`, which also accepts a response
    /// without a content type.
    pub fn has_content_type(&self, expected: &str) -> bool {
        content_type_matches(self.content_type(), expected)
    }

    /// Whether the response can be read as `expected`: its content type
    /// matches (see [`has_content_type`](Self::has_content_type)), or it has
    /// none (no `Content-Type` header, an empty one, or one that is not
    /// text), in which case the documented type is assumed.
    pub fn accepts_content_type(&self, expected: &str) -> bool {
        accepts_content_type(&self.headers, expected)
    }

    /// Deserializes the body as JSON. On failure the error keeps the status,
    /// headers and raw body (up to the error body cap) for inspection.
    ///
    /// # Errors
    ///
    /// [`ResponseValidationError`] if the body is not JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ResponseValidationError> {
        serde_json::from_slice(&self.body).map_err(|source| {
            let (raw_body, truncated) = self.error_text();
            ResponseValidationError::new(
                self.status,
                self.content_type().map(str::to_owned),
                raw_body,
                source,
            )
            .with_response_details(self.headers.clone(), truncated)
        })
    }

    /// Deserializes the body as JSON into an [`ApiResponse`] that keeps the
    /// status and headers.
    ///
    /// # Errors
    ///
    /// [`ResponseValidationError`] if the body is not JSON of type `T`.
    pub fn into_api_response<T: DeserializeOwned>(
        self,
    ) -> Result<ApiResponse<T>, ResponseValidationError> {
        let value = self.json()?;
        Ok(self.into_response_with(value))
    }

    /// The body as text (invalid UTF-8 replaced by `U+FFFD`) in an
    /// [`ApiResponse`]; valid UTF-8 is not copied when the body is not shared.
    pub fn into_text_response(self) -> ApiResponse<String> {
        let (status, headers, body) = self.into_parts();
        let text = match String::from_utf8(Vec::from(body)) {
            Ok(text) => text,
            Err(invalid) => String::from_utf8_lossy(invalid.as_bytes()).into_owned(),
        };
        ApiResponse::new(status, headers, text)
    }

    /// The body as bytes in an [`ApiResponse`], shared, not copied.
    pub fn into_binary_response(self) -> ApiResponse<Bytes> {
        let (status, headers, body) = self.into_parts();
        ApiResponse::new(status, headers, body)
    }

    /// `value` in an [`ApiResponse`] with this response's status and headers
    /// (for responses without a body to decode).
    pub fn into_response_with<T>(self, value: T) -> ApiResponse<T> {
        ApiResponse::new(self.status, self.headers, value)
    }

    /// Status, headers and body, taken apart without copying.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Bytes) {
        (self.status, self.headers, self.body)
    }

    /// The whole body as text, with invalid UTF-8 replaced by `U+FFFD`.
    pub fn text_lossy(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as text for an error to keep: at most the error body cap
    /// (cut on a character boundary), invalid UTF-8 replaced by `U+FFFD`;
    /// and whether it is only the start of the body (cut here, or left
    /// unread by the runtime).
    pub fn error_text(&self) -> (String, bool) {
        let cut = self.body.len() > self.max_error_body_bytes;
        let kept = &self.body[..self.body.len().min(self.max_error_body_bytes)];
        let truncated = cut || self.body_truncated;
        (lossy_prefix(kept, truncated), truncated)
    }
}

/// `bytes` as text with invalid UTF-8 replaced; when `bytes` is the start
/// of a longer text, a character cut in two at the end is dropped.
fn lossy_prefix(bytes: &[u8], cut: bool) -> String {
    let bytes = match std::str::from_utf8(bytes) {
        Err(error) if cut && error.error_len().is_none() => &bytes[..error.valid_up_to()],
        _ => bytes,
    };
    String::from_utf8_lossy(bytes).into_owned()
}

/// A successful, decoded response: the value plus the status and headers it
/// came with. Dereferences to the value.
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> ApiResponse<T> {
    /// Pairs a decoded value with the status and headers of its response.
    pub fn new(status: StatusCode, headers: HeaderMap, value: T) -> Self {
        Self {
            status,
            headers,
            value,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (rate limits, request ids, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded value, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The same response with its value converted by `f`, e.g. into the
    /// variant of an operation's outcome that the status stands for.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse::new(self.status, self.headers, f(self.value))
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Whether a response with these headers can be read as `expected`: see
/// [`RawResponse::accepts_content_type`].
pub(crate) fn accepts_content_type(headers: &HeaderMap, expected: &str) -> bool {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    match content_type.map(str::trim) {
        None | Some("") => true,
        Some(content_type) => content_type_matches(Some(content_type), expected),
    }
}

/// The media type without parameters, trimmed (case is left as is).
fn essence(content_type: &str) -> &str {
    content_type
        .split_once(';')
        .map_or(content_type, |(essence, _)| essence)
        .trim()
}

fn content_type_matches(actual: Option<&str>, expected: &str) -> bool {
    let expected = essence(expected);
    if expected == "*/*" {
        return true;
    }
    let Some(actual) = actual.map(essence) else {
        return false;
    };
    match expected.strip_suffix("/*") {
        Some(expected_type) => actual
            .split_once('/')
            .is_some_and(|(actual_type, _)| actual_type.eq_ignore_ascii_case(expected_type)),
        None => actual.eq_ignore_ascii_case(expected),
    }
}
