//! Responses: the raw bytes received, and the typed value handed to users.

use std::ops::Deref;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use super::error::ResponseValidationError;

/// A complete HTTP response, body fully read, as returned by
/// [`Config::execute`](super::Config::execute).
///
/// Generated operations decode it into their typed result or error.
#[derive(Clone, Debug)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
}

impl RawResponse {
    /// Builds a response received on the first attempt (useful in tests).
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self::with_attempts(status, headers, body.into(), 1)
    }

    pub(crate) fn with_attempts(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        attempts: u32,
    ) -> Self {
        Self {
            status,
            headers,
            body,
            attempts,
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

    /// The complete body.
    pub fn body(&self) -> &Bytes {
        &self.body
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

    /// Deserializes the body as JSON. On failure the error keeps the raw
    /// body, status and content type for inspection.
    ///
    /// # Errors
    ///
    /// [`ResponseValidationError`] if the body is not JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ResponseValidationError> {
        serde_json::from_slice(&self.body).map_err(|source| {
            ResponseValidationError::new(
                self.status,
                self.content_type().map(str::to_owned),
                self.text_lossy(),
                source,
            )
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
        Ok(ApiResponse::new(self.status, self.headers, value))
    }

    /// The body as text, with invalid UTF-8 replaced by `U+FFFD`.
    pub fn text_lossy(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
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
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
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

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn content_type_matching() {
        let json = Some("application/json");
        assert!(content_type_matches(json, "application/json"));
        assert!(content_type_matches(
            Some("Application/JSON; charset=utf-8"),
            "application/json"
        ));
        assert!(content_type_matches(
            json,
            "application/json; charset=utf-8"
        ));
        assert!(content_type_matches(json, "application/*"));
        assert!(content_type_matches(json, "*/*"));
        assert!(content_type_matches(None, "*/*"));
        assert!(content_type_matches(Some("text/event-stream"), "TEXT/*"));
        assert!(!content_type_matches(json, "text/*"));
        assert!(!content_type_matches(json, "application/xml"));
        assert!(!content_type_matches(
            Some("application/jsonx"),
            "application/json"
        ));
        assert!(!content_type_matches(None, "application/json"));
        assert!(!content_type_matches(Some("garbage"), "application/*"));
    }

    #[test]
    fn raw_response_accessors_and_decoding() {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        let raw = RawResponse::new(StatusCode::OK, headers, &b"{\"a\":1}"[..]);
        assert_eq!(raw.status(), StatusCode::OK);
        assert_eq!(raw.attempts(), 1);
        assert_eq!(raw.content_type(), Some("application/json; charset=utf-8"));
        assert!(raw.has_content_type("application/json"));
        let value: serde_json::Value = raw.json().unwrap();
        assert_eq!(value["a"], 1);
        let err = raw.json::<Vec<u8>>().unwrap_err();
        assert_eq!(err.raw_body(), "{\"a\":1}");
        assert_eq!(err.content_type(), Some("application/json; charset=utf-8"));
        let typed = raw.into_api_response::<serde_json::Value>().unwrap();
        assert_eq!(typed["a"], 1);
        assert_eq!(typed.status(), StatusCode::OK);
        assert_eq!(typed.into_inner()["a"], 1);
    }

    #[test]
    fn text_lossy_replaces_invalid_utf8() {
        let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), &b"ok\xff"[..]);
        assert_eq!(raw.text_lossy(), "ok\u{fffd}");
    }
}
