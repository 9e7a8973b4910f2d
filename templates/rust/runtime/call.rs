//! A single API call as described by generated code, and the loop that
//! sends it: headers, hooks, timeout, retries and tracing.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::{Pin, pin};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use futures_util::future::{Either, select};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue,
    PROXY_AUTHORIZATION, USER_AGENT,
};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use tracing::Instrument;
use url::Url;

use super::config::{Config, parse_server_url, redact_url_text};
use super::error::{RequestValidationError, SendError, TimeoutError, TimeoutKind, TransportError};
use super::hooks::{AttemptFailure, HookContext};
use super::options::RequestOptions;
use super::params::{QueryStyle, cookie_fragments, header_text, query_fragments};
use super::redirect::keeping;
use super::response::RawResponse;
use super::retry::{Backoff, RetryConfig, StatusCodePattern, server_retry_delay};

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
    /// Encoded `name=value` pieces, joined by `&`.
    query: Vec<String>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// Encoded `name=value` pieces, joined by `; ` into one `Cookie` header.
    cookies: Vec<String>,
    /// Redirect statuses the operation documents: answered as they are, not followed.
    kept_redirects: &'static [StatusCodePattern],
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
            cookies: Vec::new(),
            kept_redirects: &[],
            body: None,
            invalid: None,
        }
    }

    /// Adds a query parameter written in `style` (see [`query_fragments`]);
    /// `None` or `null` adds nothing.
    pub fn query_param<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
        explode: bool,
    ) -> Self {
        match query_fragments(name, value, style, explode) {
            Ok(fragments) => self.query.extend(fragments),
            Err(err) => self.keep_error(err),
        }
        self
    }

    /// Adds a header parameter in the `simple` style (see [`header_text`]);
    /// `None` or `null` adds nothing.
    pub fn header_param<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Self {
        match header_text(name, value, explode) {
            Ok(Some(text)) => self.header(name, text),
            Ok(None) => self,
            Err(err) => {
                let mut call = self;
                call.keep_error(err);
                call
            }
        }
    }

    /// Adds a cookie parameter in the `form` style (see
    /// [`cookie_fragments`]); every cookie of the call goes into one
    /// `Cookie` header. `None` or `null` adds nothing.
    pub fn cookie_param<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Self {
        match cookie_fragments(name, value, explode) {
            Ok(fragments) => self.cookies.extend(fragments),
            Err(err) => self.keep_error(err),
        }
        self
    }

    /// Answers these redirect statuses (which the operation documents) as
    /// they are, instead of following them. Only the SDK's own HTTP client
    /// (or one built with [`redirect_policy`](super::redirect_policy)) can tell.
    pub fn keep_redirects(mut self, statuses: &'static [StatusCodePattern]) -> Self {
        self.kept_redirects = statuses;
        self
    }

    /// Keeps the first problem found while building, for `execute` to report.
    fn keep_error(&mut self, err: RequestValidationError) {
        self.invalid.get_or_insert(err);
    }

    /// Adds a header. Headers of the same name accumulate; they replace the
    /// SDK's default of that name (e.g. `Accept`).
    pub fn header(mut self, name: &'static str, value: impl AsRef<str>) -> Self {
        match parse_header(name, value.as_ref()) {
            Ok(header) => self.headers.push(header),
            Err(err) => self.keep_error(err),
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
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, RequestValidationError> {
        let bytes = serde_json::to_vec(body).map_err(|err| {
            RequestValidationError::new("body", format!("cannot be serialized as JSON: {err}"))
        })?;
        Ok(self.bytes(bytes, "application/json"))
    }

    /// Sends `body` as it is, with this `Content-Type` (text, XML, bytes).
    pub fn bytes(mut self, body: impl Into<Bytes>, content_type: &str) -> Self {
        self.headers.retain(|(name, _)| name != CONTENT_TYPE);
        match parse_header(CONTENT_TYPE.as_str(), content_type) {
            Ok(header) => self.headers.push(header),
            Err(err) => {
                self.invalid.get_or_insert(err);
            }
        }
        self.body = Some(body.into());
        self
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
            .field("cookies", &self.cookies.len())
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
    for (name, value) in headers.iter_mut() {
        if is_sensitive(name) {
            value.set_sensitive(true);
        }
    }
}

/// `base` + `path` by string concatenation (so a base path like `/api/v1`
/// is kept), plus the query parameters.
fn request_url(base: &Url, path: &str, query: &[String]) -> Result<Url, RequestValidationError> {
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
        url.set_query(Some(&query.join("&")));
    }
    Ok(url)
}

/// Whether `error`, raised before a response arrived, means that no
/// response was received: connection refused or reset, the exchange broke
/// off, or the attempt timed out.
fn is_connection_error(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout() || error.is_request() || error.is_body()
}

/// Removes credentials embedded in the URL that reqwest keeps in its errors.
pub(crate) fn redact_url(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        // Only fails for URLs that cannot have credentials anyway.
        let _ = url.set_password(None);
        let _ = url.set_username("");
    }
    error
}

fn is_error_status(status: StatusCode) -> bool {
    status.is_client_error() || status.is_server_error()
}

/// Why an attempt produced no complete response.
#[derive(Debug)]
pub(crate) enum Failure {
    /// `reqwest` failed before the status and headers arrived (or enforced
    /// one of its own time limits).
    Request(reqwest::Error),
    /// The status and headers arrived, then reading the body failed: an
    /// incomplete body, like any connection failure.
    Body(reqwest::Error),
    /// Nothing arrived for this long (the read idle timeout).
    Idle(Duration),
    /// The per-attempt time limit, which the SDK enforces itself for a
    /// [`Receive`] that ends it early, ran out.
    Attempt(Duration),
    /// The call's retry budget ran out during the attempt.
    Budget(Duration),
}

impl Failure {
    /// Whether the retry policy's `retry_connection_errors` covers it.
    fn is_connection_error(&self) -> bool {
        match self {
            Self::Request(error) => is_connection_error(error),
            Self::Body(_) | Self::Idle(_) | Self::Attempt(_) => true,
            // Nothing is left to retry in.
            Self::Budget(_) => false,
        }
    }
}

/// How a call receives the response of an attempt once its status and
/// headers have arrived: [`Whole`] reads every body whole; a streaming call
/// opens a success as a stream instead.
pub(crate) trait Receive: Copy {
    /// What an attempt yields.
    type Received: Received;

    /// Whether the per-attempt time limit ends before the body is read (a
    /// stream's ends when it opens), so that the SDK enforces it instead of
    /// `reqwest`, whose limit would cover the whole body.
    const ENDS_ATTEMPT_EARLY: bool;

    /// Receives `response`, the answer to attempt number `attempts`; `idle`
    /// has timed the wait for its headers.
    async fn receive(
        self,
        response: reqwest::Response,
        limits: &Limits,
        idle: &mut IdleTimer<'_>,
        attempts: u32,
    ) -> Result<Self::Received, Failure>;
}

/// A response as an attempt yields it.
pub(crate) trait Received {
    fn status(&self) -> StatusCode;

    fn headers(&self) -> &HeaderMap;

    /// The response as hooks see it: a stream's status and headers with an
    /// empty body (the body is the caller's to read).
    fn seen_by_hooks(&self, limits: &Limits) -> Cow<'_, RawResponse>;
}

/// Reads every response whole, as [`Config::execute`] does.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Whole;

impl Receive for Whole {
    type Received = RawResponse;

    const ENDS_ATTEMPT_EARLY: bool = false;

    async fn receive(
        self,
        mut response: reqwest::Response,
        limits: &Limits,
        idle: &mut IdleTimer<'_>,
        attempts: u32,
    ) -> Result<RawResponse, Failure> {
        let (body, truncated) = read_body(&mut response, limits, idle).await?;
        Ok(RawResponse::received(
            response.status(),
            std::mem::take(response.headers_mut()),
            body,
            attempts,
            truncated,
            limits.max_error_body_bytes,
        ))
    }
}

impl Received for RawResponse {
    fn status(&self) -> StatusCode {
        RawResponse::status(self)
    }

    fn headers(&self) -> &HeaderMap {
        RawResponse::headers(self)
    }

    fn seen_by_hooks(&self, _: &Limits) -> Cow<'_, RawResponse> {
        Cow::Borrowed(self)
    }
}

/// The time limits of one call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Per attempt (connecting, waiting and reading), enforced by `reqwest`
    /// unless the [`Receive`] ends it early.
    attempt: Option<Duration>,
    /// Longest silence while waiting for the headers or the body.
    pub(crate) read_idle: Option<Duration>,
    /// The connect timeout of the SDK-made client, for error messages.
    connect: Option<Duration>,
    /// How much of a 4XX/5XX body is read.
    pub(crate) max_error_body_bytes: usize,
}
/// How hooks see a failure to get a response.
fn attempt_failure(error: &SendError) -> Option<AttemptFailure<'_>> {
    match error {
        SendError::Transport(error) => Some(AttemptFailure::Transport(error.reqwest_error())),
        SendError::Timeout(timeout) => Some(match timeout.reqwest_error() {
            Some(error) => AttemptFailure::Transport(error),
            None => AttemptFailure::Timeout(timeout),
        }),
        _ => None,
    }
}

/// The read idle timeout of one attempt: one timer, pushed back before each
/// wait (for the headers, then for each chunk of the body). Pushing a
/// registered timer's deadline later is one atomic update, where a fresh
/// `tokio::time::timeout` per wait would register with the runtime's timer
/// wheel and leave it again every time.
pub(crate) struct IdleTimer<'a> {
    limit: Option<Duration>,
    /// Set when `limit` is: without a limit the attempt needs no timer (nor
    /// a runtime with timers enabled).
    sleep: Pin<&'a mut Option<tokio::time::Sleep>>,
}

impl IdleTimer<'_> {
    /// Awaits `future`, giving up with [`Failure::Idle`] when it stays
    /// pending for longer than the limit (if any).
    async fn wait<T>(&mut self, future: impl Future<Output = T>) -> Result<T, Failure> {
        let (Some(limit), Some(mut sleep)) = (self.limit, self.sleep.as_mut().as_pin_mut()) else {
            return Ok(future.await);
        };
        sleep.as_mut().reset(tokio::time::Instant::now() + limit);
        match select(pin!(future), sleep).await {
            Either::Left((output, _)) => Ok(output),
            Either::Right(((), _)) => Err(Failure::Idle(limit)),
        }
    }
}

/// Reads the body of `response`: whole for a success, up to `limits`'
/// error body cap for a 4XX/5XX status. Each chunk must arrive within the
/// read idle timeout, so a slow but steady body is fine and a stalled one
/// is not. Returns the body and whether it was cut at the cap.
///
/// The body is collected into one buffer sized from `Content-Length` when
/// there is one, so it is copied once (not collected in pieces and then
/// joined); a body that arrives in a single chunk is not copied at all.
async fn read_body(
    response: &mut reqwest::Response,
    limits: &Limits,
    idle: &mut IdleTimer<'_>,
) -> Result<(Bytes, bool), Failure> {
    /// Never reserve more than this up front on the word of `Content-Length`.
    const MAX_RESERVE: usize = 256 * 1024 * 1024;
    let cap = is_error_status(response.status()).then_some(limits.max_error_body_bytes);
    let declared = response
        .content_length()
        .and_then(|length| usize::try_from(length).ok());
    let reserve = declared
        .unwrap_or(0)
        .min(cap.unwrap_or(usize::MAX))
        .min(MAX_RESERVE);
    let mut first: Option<Bytes> = None;
    let mut buffer: Vec<u8> = Vec::new();
    let mut length = 0_usize;
    while let Some(chunk) = idle
        .wait(response.chunk())
        .await?
        .map_err(|error| Failure::Body(redact_url(error)))?
    {
        let room = cap.map_or(usize::MAX, |cap| cap - length);
        let truncated = chunk.len() > room;
        let chunk = if truncated {
            chunk.slice(..room)
        } else {
            chunk
        };
        length += chunk.len();
        if length == chunk.len() && !truncated {
            first = Some(chunk);
        } else {
            if let Some(first) = first.take() {
                buffer.reserve_exact(reserve.max(length));
                buffer.extend_from_slice(&first);
            }
            buffer.extend_from_slice(&chunk);
        }
        if truncated {
            return Ok((Bytes::from(buffer), true));
        }
    }
    Ok((first.unwrap_or_else(|| Bytes::from(buffer)), false))
}

impl Config {
    /// Sends `call`, retrying as configured, and returns the final response
    /// whatever its status (4XX/5XX included; turning those into errors is
    /// the generated code's job).
    ///
    /// `options` override this configuration for this call only.
    ///
    /// The retry budget ([`BackoffStrategy::max_elapsed_time`]) bounds the
    /// whole call, the attempt in progress included. When it runs out during
    /// the first attempt, the call ends with a [`TimeoutError`] of kind
    /// [`TimeoutKind::RetryBudget`]; during a retry, the retry is abandoned
    /// and the previous attempt's outcome is returned (its response, or its
    /// error counting every attempt made), as it tells more about the
    /// failure.
    ///
    /// [`BackoffStrategy::max_elapsed_time`]: super::BackoffStrategy::max_elapsed_time
    ///
    /// # Errors
    ///
    /// - [`SendError::InvalidRequest`] if the call or options are invalid;
    /// - [`SendError::Transport`] / [`SendError::Timeout`] if the last
    ///   attempt got no complete response;
    /// - [`SendError::Hook`] / [`SendError::ApiKeySource`] if user code failed.
    pub async fn execute(
        &self,
        call: Call,
        options: Option<&RequestOptions>,
    ) -> Result<RawResponse, SendError> {
        self.send(call, options, Whole).await
    }

    /// The retry loop shared by every way of receiving a response.
    pub(crate) async fn send<R: Receive>(
        &self,
        mut call: Call,
        options: Option<&RequestOptions>,
        receive: R,
    ) -> Result<R::Received, SendError> {
        let no_options = RequestOptions::default();
        let options = options.unwrap_or(&no_options);
        if let Some(err) = call.invalid.as_ref().or(options.get_invalid_header()) {
            return Err(err.clone().into());
        }
        if !call.cookies.is_empty() {
            let cookie = parse_header(COOKIE.as_str(), &call.cookies.join("; "))?;
            call.headers.push(cookie);
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
        let limits = Limits {
            attempt: options.get_timeout().or(self.timeout()),
            read_idle: options
                .get_read_idle_timeout()
                .unwrap_or(self.read_idle_timeout()),
            connect: self.connect_timeout(),
            max_error_body_bytes: self.max_error_body_bytes(),
        };
        let (mut backoff, retry_connection_errors, budget) = match retry {
            RetryConfig::None => (None, false, None),
            RetryConfig::Backoff {
                backoff,
                retry_connection_errors,
            } => (
                Some(Backoff::new(backoff)),
                *retry_connection_errors,
                Some(backoff.max_elapsed_time),
            ),
        };

        let started = Instant::now();
        // `None` when the budget is too large to matter.
        let deadline = budget.and_then(|budget| {
            tokio::time::Instant::now()
                .checked_add(budget)
                .map(|deadline| (deadline, budget))
        });
        let mut ctx = HookContext {
            operation_id: call.operation_id,
            attempt: 0,
            base_url,
        };
        // The outcome of the attempt before the current one, reported if the budget runs out
        // during a retry: it says more about the failure than the budget does.
        let mut previous: Option<Result<R::Received, Failure>> = None;
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
            let attempt = self
                .attempt(&call, &url, options, &limits, &ctx, &span, receive)
                .instrument(span.clone());
            let attempt = async {
                match (R::ENDS_ATTEMPT_EARLY, limits.attempt) {
                    (true, Some(limit)) => match tokio::time::timeout(limit, attempt).await {
                        Ok(outcome) => outcome,
                        Err(_) => Ok(Err(Failure::Attempt(limit))),
                    },
                    _ => attempt.await,
                }
            };
            let outcome = match deadline {
                Some((deadline, budget)) => {
                    match tokio::time::timeout_at(deadline, attempt).await {
                        Ok(outcome) => outcome?,
                        Err(_) => {
                            tracing::debug!(
                                parent: &span,
                                "the retry budget ran out during the attempt"
                            );
                            previous.take().unwrap_or(Err(Failure::Budget(budget)))
                        }
                    }
                }
                None => attempt.await?,
            };
            let retryable = match &outcome {
                Ok(response) => retry_codes
                    .iter()
                    .any(|pattern| pattern.matches(response.status())),
                Err(failure) => retry_connection_errors && failure.is_connection_error(),
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
                        error = outcome.as_ref().err().map(tracing::field::debug),
                        "retrying"
                    );
                    previous = Some(outcome);
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            return self.finish(outcome, &ctx, &limits);
        }
    }

    /// Builds and sends one attempt and receives its response. The outer
    /// `Err` aborts the whole call (user code failed, nothing sent); the
    /// inner one is a network failure that may be retried.
    #[allow(clippy::too_many_arguments)]
    async fn attempt<R: Receive>(
        &self,
        call: &Call,
        url: &Url,
        options: &RequestOptions,
        limits: &Limits,
        ctx: &HookContext,
        span: &tracing::Span,
        receive: R,
    ) -> Result<Result<R::Received, Failure>, SendError> {
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
        if !R::ENDS_ATTEMPT_EARLY {
            *request.timeout_mut() = limits.attempt;
        }
        for hook in self.hooks() {
            hook.before_request(ctx, &mut request)
                .map_err(SendError::Hook)?;
        }
        mark_sensitive(request.headers_mut());

        // Connecting and sending count as waiting for the headers: the
        // connect timeout (on the SDK's client) is the tighter limit there.
        let exchange = keeping(call.kept_redirects, self.http_client().execute(request));
        let mut idle = IdleTimer {
            limit: limits.read_idle,
            sleep: pin!(limits.read_idle.map(tokio::time::sleep)),
        };
        let sent = idle.wait(exchange).await;
        let response = match sent {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => return Ok(Err(Failure::Request(redact_url(error)))),
            Err(idle) => return Ok(Err(idle)),
        };
        span.record("status", response.status().as_u16());
        Ok(receive
            .receive(response, limits, &mut idle, ctx.attempt)
            .await)
    }

    /// Runs the after-hooks on the final response.
    fn after_response(&self, ctx: &HookContext, response: &RawResponse) {
        for hook in self.hooks() {
            if is_error_status(response.status()) {
                hook.after_error(ctx, &AttemptFailure::Response(response));
            } else {
                hook.after_success(ctx, response);
            }
        }
    }

    /// Runs the after-hooks on the final outcome and converts it.
    fn finish<T: Received>(
        &self,
        outcome: Result<T, Failure>,
        ctx: &HookContext,
        limits: &Limits,
    ) -> Result<T, SendError> {
        let failure = match outcome {
            Ok(received) => {
                self.after_response(ctx, &received.seen_by_hooks(limits));
                return Ok(received);
            }
            Err(failure) => failure,
        };
        let attempts = ctx.attempt;
        let error: SendError = match failure {
            Failure::Request(error) | Failure::Body(error) if error.is_timeout() => {
                let (kind, limit) = if error.is_connect() {
                    (TimeoutKind::Connect, limits.connect)
                } else {
                    (TimeoutKind::Attempt, limits.attempt)
                };
                TimeoutError::from_reqwest(attempts, kind, limit, error).into()
            }
            Failure::Request(error) => TransportError::new(attempts, error).into(),
            Failure::Body(error) => TransportError::incomplete_body(attempts, error).into(),
            Failure::Idle(limit) => {
                TimeoutError::new(attempts, TimeoutKind::ReadIdle, limit).into()
            }
            Failure::Attempt(limit) => {
                TimeoutError::new(attempts, TimeoutKind::Attempt, limit).into()
            }
            Failure::Budget(limit) => {
                TimeoutError::new(attempts, TimeoutKind::RetryBudget, limit).into()
            }
        };
        if let Some(seen) = attempt_failure(&error) {
            for hook in self.hooks() {
                hook.after_error(ctx, &seen);
            }
        }
        Err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{File, Multipart};
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
        let call = Call::new("op", Method::GET, "/keys/ab%2Fc")
            .query_param("a", &["x y", "&"], QueryStyle::Form, true)
            .query_param("b", &[1, 2], QueryStyle::PipeDelimited, false)
            .query_param(
                "f",
                &serde_json::json!({"k": "v"}),
                QueryStyle::DeepObject,
                true,
            );
        assert_eq!(
            request_url(&base, &call.path, &call.query)
                .unwrap()
                .as_str(),
            "https://h.example/api/v1/keys/ab%2Fc?a=x+y&a=%26&b=1|2&f[k]=v"
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
    fn parameters_that_cannot_be_written_are_reported_by_execute() {
        let call = Call::new("op", Method::GET, "/x")
            .header_param("x-list", &[[1]], false)
            .cookie_param("c", &[1, 2], false);
        assert_eq!(call.cookies, ["c=1,2"]);
        assert_eq!(call.invalid.unwrap().field(), "x-list");
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
    fn bodies_replace_each_other_and_their_content_type() {
        let call = Call::new("op", Method::POST, "/x")
            .form(&serde_json::json!({"a": [1, 2]}), &[])
            .unwrap()
            .bytes("raw", "text/plain; charset=utf-8");
        assert_eq!(call.headers.len(), 1);
        assert_eq!(call.headers[0].1, "text/plain; charset=utf-8");
        assert_eq!(call.body.as_deref(), Some(&b"raw"[..]));
        let call =
            Call::new("op", Method::POST, "/x").file(&File::new("png").content_type("bad\n"));
        assert_eq!(call.invalid.unwrap().field(), "header content-type");
        let call = Call::new("op", Method::POST, "/x").file(&File::new("x"));
        assert_eq!(call.headers[0].1, "application/octet-stream");
    }

    #[tokio::test]
    async fn multipart_parts_are_encoded_once_with_their_boundary() {
        let mut parts = Multipart::new();
        parts.value("a", "1", None).unwrap();
        let call = Call::new("op", Method::POST, "/x")
            .multipart(parts)
            .await
            .unwrap();
        let content_type = call.headers[0].1.to_str().unwrap().to_owned();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let body = String::from_utf8(call.body.unwrap().to_vec()).unwrap();
        assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
        assert!(body.ends_with(&format!("--{boundary}--\r\n")), "{body}");
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
