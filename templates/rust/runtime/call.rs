//! A single API call as described by generated code, and the loop that
//! sends it: headers, hooks, timeout, retries and tracing.

use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, Entry, HeaderMap, HeaderName, HeaderValue,
    PROXY_AUTHORIZATION, USER_AGENT,
};
use serde::Serialize;
use tracing::Instrument;
use url::Url;

use super::config::{Config, parse_server_url, redact_url_text};
use super::error::{RequestValidationError, SendError, TimeoutError, TransportError};
use super::hooks::{AttemptFailure, HookContext};
use super::options::RequestOptions;
use super::response::RawResponse;
use super::retry::{Backoff, RetryConfig, server_retry_delay};

/// One API call, built by generated code and sent with
/// [`Config::execute`].
///
/// Problems found while building it (an invalid header value, say) are
/// kept and reported by `execute` as
/// [`SendError::InvalidRequest`], so building never panics.
#[must_use = "a Call does nothing until it is passed to Config::execute"]
pub struct Call {
    operation_id: &'static str,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Bytes>,
    invalid: Option<RequestValidationError>,
}

impl Call {
    /// Starts a call of `operation_id` to `path`, which is appended to the
    /// server URL. Path parameters must already be substituted and
    /// percent-encoded.
    pub fn new(operation_id: &'static str, method: Method, path: impl Into<String>) -> Self {
        Self {
            operation_id,
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            invalid: None,
        }
    }

    /// Adds a query parameter (form-urlencoded when sent). Repeat it for
    /// multi-valued parameters.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header. Headers of the same name accumulate; they replace the
    /// SDK's default of that name (e.g. `Accept`).
    pub fn header(mut self, name: &'static str, value: impl AsRef<str>) -> Self {
        match parse_header(name, value.as_ref()) {
            Ok(header) => self.headers.push(header),
            Err(err) => {
                self.invalid.get_or_insert(err);
            }
        }
        self
    }

    /// Serializes `body` as the JSON request body and sets
    /// `Content-Type: application/json`. The bytes are kept, so retries
    /// resend the same body.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] (field `body`) if `body` cannot be
    /// serialized, e.g. a map with non-string keys.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, RequestValidationError> {
        let bytes = serde_json::to_vec(body).map_err(|err| {
            RequestValidationError::new("body", format!("cannot be serialized as JSON: {err}"))
        })?;
        self.headers.retain(|(name, _)| name != CONTENT_TYPE);
        self.headers
            .push((CONTENT_TYPE, HeaderValue::from_static("application/json")));
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }
}

impl fmt::Debug for Call {
    /// Shows the request line and header names; the body only by size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("invalid", &self.invalid)
            .finish()
    }
}

/// Parses a header, marking credentials-like headers sensitive so that
/// `Debug` output never shows them. Errors never include the value.
pub(crate) fn parse_header(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), RequestValidationError> {
    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
        RequestValidationError::new(format!("header {name:?}"), "not a valid HTTP header name")
    })?;
    let mut header_value = HeaderValue::from_str(value).map_err(|_| {
        RequestValidationError::new(
            format!("header {header_name}"),
            "the value contains characters not allowed in an HTTP header",
        )
    })?;
    if is_sensitive(&header_name) {
        header_value.set_sensitive(true);
    }
    Ok((header_name, header_value))
}

fn is_sensitive(name: &HeaderName) -> bool {
    let name = name.as_str();
    name == AUTHORIZATION
        || name == PROXY_AUTHORIZATION
        || name == "cookie"
        || ["key", "token", "secret", "password"]
            .iter()
            .any(|word| name.contains(word))
}

/// Replaces every header named in `layer` by the values in `layer`.
fn override_headers(target: &mut HeaderMap, layer: &[(HeaderName, HeaderValue)]) {
    for (name, _) in layer {
        target.remove(name);
    }
    for (name, value) in layer {
        target.append(name.clone(), value.clone());
    }
}

/// Marks every value of every sensitive header (including ones added by
/// hooks) so that `Debug` of the request never shows it.
fn mark_sensitive(headers: &mut HeaderMap) {
    let names: Vec<HeaderName> = headers
        .keys()
        .filter(|name| is_sensitive(name))
        .cloned()
        .collect();
    for name in names {
        if let Entry::Occupied(mut entry) = headers.entry(name) {
            for value in entry.iter_mut() {
                value.set_sensitive(true);
            }
        }
    }
}

/// `base` + `path` by string concatenation (so a base path like `/api/v1`
/// is kept), plus the query parameters.
fn request_url(
    base: &Url,
    path: &str,
    query: &[(String, String)],
) -> Result<Url, RequestValidationError> {
    let base = base.as_str();
    let base = base.strip_suffix('/').unwrap_or(base);
    let separator = if path.is_empty() || path.starts_with('/') {
        ""
    } else {
        "/"
    };
    let mut url = Url::parse(&format!("{base}{separator}{path}")).map_err(|err| {
        RequestValidationError::new("path", format!("{path:?} does not form a valid URL: {err}"))
    })?;
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    Ok(url)
}

/// Whether no (complete) response was received: connection refused or
/// reset, the exchange broke off, or the attempt timed out.
fn is_connection_error(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout() || error.is_request() || error.is_body()
}

/// Removes credentials embedded in the URL that reqwest keeps in its errors.
fn redact_url(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        // Only fails for URLs that cannot have credentials anyway.
        let _ = url.set_password(None);
        let _ = url.set_username("");
    }
    error
}

fn is_error_status(response: &RawResponse) -> bool {
    response.status().is_client_error() || response.status().is_server_error()
}

/// The outcome of one attempt: a response, or why none arrived.
type Attempt = Result<RawResponse, reqwest::Error>;

impl Config {
    /// Sends `call`, retrying as configured, and returns the final response
    /// whatever its status (4XX/5XX included; turning those into errors is
    /// the generated code's job).
    ///
    /// `options` override this configuration for this call only.
    ///
    /// # Errors
    ///
    /// - [`SendError::InvalidRequest`] if the call or options are invalid;
    /// - [`SendError::Transport`] / [`SendError::Timeout`] if the last
    ///   attempt got no response;
    /// - [`SendError::Hook`] / [`SendError::ApiKeySource`] if user code failed.
    pub async fn execute(
        &self,
        call: Call,
        options: Option<&RequestOptions>,
    ) -> Result<RawResponse, SendError> {
        let no_options = RequestOptions::default();
        let options = options.unwrap_or(&no_options);
        if let Some(err) = call.invalid.as_ref().or(options.get_invalid_header()) {
            return Err(err.clone().into());
        }
        let base_url = match options.get_server_url() {
            Some(value) => parse_server_url(value).map_err(|reason| {
                let shown = redact_url_text(value);
                RequestValidationError::new("server_url", format!("{shown:?}: {reason}"))
            })?,
            None => self.server_url().clone(),
        };
        let url = request_url(&base_url, &call.path, &call.query)?;
        let retry = options.get_retries().unwrap_or(self.retry());
        let retry_codes = options.get_retry_codes().unwrap_or(self.retry_codes());
        let timeout = options.get_timeout().or(self.timeout());
        let (mut backoff, retry_connection_errors) = match retry {
            RetryConfig::None => (None, false),
            RetryConfig::Backoff {
                backoff,
                retry_connection_errors,
            } => (Some(Backoff::new(backoff)), *retry_connection_errors),
        };

        let started = Instant::now();
        let mut ctx = HookContext {
            operation_id: call.operation_id,
            attempt: 0,
            base_url,
        };
        loop {
            ctx.attempt = ctx.attempt.saturating_add(1);
            let span = tracing::debug_span!(
                "http_attempt",
                operation_id = call.operation_id,
                method = %call.method,
                path = %call.path,
                attempt = ctx.attempt,
                status = tracing::field::Empty,
            );
            let outcome = self
                .attempt(&call, &url, options, timeout, &ctx, &span)
                .instrument(span.clone())
                .await?;
            let retryable = match &outcome {
                Ok(response) => retry_codes
                    .iter()
                    .any(|pattern| pattern.matches(response.status())),
                Err(error) => retry_connection_errors && is_connection_error(error),
            };
            if retryable && let Some(backoff) = backoff.as_mut() {
                let server_delay = outcome
                    .as_ref()
                    .ok()
                    .and_then(|response| server_retry_delay(response.headers(), SystemTime::now()));
                if let Some(delay) = backoff.next_delay(started.elapsed(), server_delay) {
                    tracing::debug!(
                        parent: &span,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            return self.finish(outcome, &ctx, timeout);
        }
    }

    /// Builds and sends one attempt. The outer `Err` aborts the whole call
    /// (user code failed, nothing sent); the inner one is a network failure
    /// that may be retried.
    async fn attempt(
        &self,
        call: &Call,
        url: &Url,
        options: &RequestOptions,
        timeout: Option<Duration>,
        ctx: &HookContext,
        span: &tracing::Span,
    ) -> Result<Attempt, SendError> {
        let mut request = reqwest::Request::new(call.method.clone(), url.clone());
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent().clone());
        if let Some(authorization) = self.authorization().await? {
            headers.insert(AUTHORIZATION, authorization);
        }
        override_headers(headers, &call.headers);
        override_headers(headers, options.get_headers());
        if let Some(body) = &call.body {
            *request.body_mut() = Some(body.clone().into());
        }
        *request.timeout_mut() = timeout;
        for hook in self.hooks() {
            hook.before_request(ctx, &mut request)
                .map_err(SendError::Hook)?;
        }
        mark_sensitive(request.headers_mut());

        let response = match self.http_client().execute(request).await {
            Ok(response) => response,
            Err(error) => return Ok(Err(redact_url(error))),
        };
        let status = response.status();
        span.record("status", status.as_u16());
        let headers = response.headers().clone();
        match response.bytes().await {
            Ok(body) => Ok(Ok(RawResponse::with_attempts(
                status,
                headers,
                body,
                ctx.attempt,
            ))),
            Err(error) => Ok(Err(redact_url(error))),
        }
    }

    /// Runs the after-hooks on the final outcome and converts it.
    fn finish(
        &self,
        outcome: Attempt,
        ctx: &HookContext,
        timeout: Option<Duration>,
    ) -> Result<RawResponse, SendError> {
        match outcome {
            Ok(response) => {
                for hook in self.hooks() {
                    if is_error_status(&response) {
                        hook.after_error(ctx, &AttemptFailure::Response(&response));
                    } else {
                        hook.after_success(ctx, &response);
                    }
                }
                Ok(response)
            }
            Err(error) => {
                for hook in self.hooks() {
                    hook.after_error(ctx, &AttemptFailure::Transport(&error));
                }
                Err(if error.is_timeout() {
                    TimeoutError::new(ctx.attempt, timeout, error).into()
                } else {
                    TransportError::new(ctx.attempt, error).into()
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn joins_base_path_and_query() {
        let base = url("https://h.example/api/v1");
        assert_eq!(
            request_url(&base, "/auth/keys", &[]).unwrap().as_str(),
            "https://h.example/api/v1/auth/keys"
        );
        let base = url("https://h.example/api/v1/");
        let query = [
            ("a".to_owned(), "x y".to_owned()),
            ("a".to_owned(), "&".to_owned()),
        ];
        assert_eq!(
            request_url(&base, "/keys/ab%2Fc", &query).unwrap().as_str(),
            "https://h.example/api/v1/keys/ab%2Fc?a=x+y&a=%26"
        );
        let base = url("http://127.0.0.1:8080");
        assert_eq!(
            request_url(&base, "models", &[]).unwrap().as_str(),
            "http://127.0.0.1:8080/models"
        );
    }

    #[test]
    fn call_collects_header_errors_without_panicking() {
        let call = Call::new("op", Method::GET, "/x")
            .header("X-Upper-Case", "fine")
            .header("x-bad", "line\nbreak");
        assert_eq!(call.headers.len(), 1);
        assert_eq!(call.headers[0].0, "x-upper-case");
        let err = call.invalid.unwrap();
        assert_eq!(err.field(), "header x-bad");
        assert!(!err.to_string().contains("line"));
    }

    #[test]
    fn json_body_sets_a_single_content_type() {
        let call = Call::new("op", Method::POST, "/x")
            .header("content-type", "text/plain")
            .json(&serde_json::json!({"a": 1}))
            .unwrap();
        assert_eq!(call.headers.len(), 1);
        assert_eq!(call.headers[0].1, "application/json");
        assert_eq!(call.body.as_deref(), Some(&b"{\"a\":1}"[..]));
    }

    #[test]
    fn overrides_and_marks_sensitive_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.append("x-multi", HeaderValue::from_static("0"));
        let layer = [
            parse_header("accept", "text/event-stream").unwrap(),
            parse_header("x-multi", "1").unwrap(),
            parse_header("x-multi", "2").unwrap(),
        ];
        override_headers(&mut headers, &layer);
        assert_eq!(headers[ACCEPT], "text/event-stream");
        let multi: Vec<_> = headers.get_all("x-multi").iter().collect();
        assert_eq!(multi, ["1", "2"]);

        headers.append(AUTHORIZATION, HeaderValue::from_static("Bearer a"));
        headers.append(AUTHORIZATION, HeaderValue::from_static("Bearer b"));
        headers.insert("x-api-key", HeaderValue::from_static("k"));
        mark_sensitive(&mut headers);
        assert!(
            headers
                .get_all(AUTHORIZATION)
                .iter()
                .all(HeaderValue::is_sensitive)
        );
        assert!(headers["x-api-key"].is_sensitive());
        assert!(!headers[ACCEPT].is_sensitive());
    }
}
