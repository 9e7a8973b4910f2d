//! Hooks: user code that observes or adjusts every request the SDK sends.

use std::error::Error;
use std::fmt;

use url::Url;

use super::error::TimeoutError;
use super::response::RawResponse;

/// Code run around each HTTP exchange, registered with
/// [`ConfigBuilder::hook`](super::ConfigBuilder::hook).
///
/// Every method has a no-op default, so implement only what you need.
/// Several hooks run in registration order. Hooks are synchronous; keep
/// them cheap, as they run on the request's task.
pub trait Hook: Send + Sync + 'static {
    /// Runs before every attempt (retries included), after the SDK has set
    /// its own headers, so it can add, replace or remove headers, or change
    /// the URL. Returning an error aborts the call with
    /// [`SendError::Hook`](super::SendError::Hook) without sending anything.
    ///
    /// # Errors
    ///
    /// Whatever the hook reports; the call is aborted.
    fn before_request(
        &self,
        ctx: &HookContext,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        let _ = (ctx, request);
        Ok(())
    }

    /// Runs once per call, for the final response when its status is not
    /// 4XX or 5XX. For a response opened as a stream (a streaming call's
    /// success), it runs when the stream opens and sees the status and
    /// headers with an empty body: the body is the caller's to read.
    fn after_success(&self, ctx: &HookContext, response: &RawResponse) {
        let _ = (ctx, response);
    }

    /// Runs once per call, when the final outcome is a 4XX/5XX response, a
    /// network failure or a timeout (after retries are exhausted).
    fn after_error(&self, ctx: &HookContext, failure: &AttemptFailure<'_>) {
        let _ = (ctx, failure);
    }
}

/// What a hook is told about the call it runs for.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct HookContext {
    /// The `OpenAPI` `operationId` of the operation being called.
    pub operation_id: &'static str,
    /// The attempt number, starting at 1.
    pub attempt: u32,
    /// The server URL this call is sent to (after any per-call override).
    pub base_url: Url,
}

/// The failed final outcome of a call, as seen by [`Hook::after_error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum AttemptFailure<'a> {
    /// The server answered with a 4XX or 5XX status.
    Response(&'a RawResponse),
    /// No complete response was received: a connection failure, a body that
    /// broke off, or a time limit enforced by `reqwest` (connect timeout,
    /// per-attempt timeout).
    Transport(&'a reqwest::Error),
    /// A time limit enforced by the SDK itself ran out: the read idle
    /// timeout or the call's retry budget.
    Timeout(&'a TimeoutError),
}

/// An error raised by user code: a [`Hook`] or an API key source.
///
/// Build it from any error with [`HookError::new`] or from a message with
/// `HookError::from("...")`.
pub struct HookError(Box<dyn Error + Send + Sync>);

impl HookError {
    /// Wraps any error (or message) raised by user code.
    pub fn new(error: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self(error.into())
    }

    /// The wrapped error.
    pub fn inner(&self) -> &(dyn Error + Send + Sync + 'static) {
        &*self.0
    }

    /// Unwraps the boxed error, e.g. to downcast it.
    pub fn into_inner(self) -> Box<dyn Error + Send + Sync> {
        self.0
    }
}

impl fmt::Debug for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("HookError").field(&self.0).finish()
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Error for HookError {
    /// The wrapped error's own cause: `Display` already shows the wrapped
    /// error, so it is not repeated in the chain.
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0.source()
    }
}

impl From<&str> for HookError {
    fn from(message: &str) -> Self {
        Self::new(message)
    }
}

impl From<String> for HookError {
    fn from(message: String) -> Self {
        Self::new(message)
    }
}

impl From<Box<dyn Error + Send + Sync>> for HookError {
    fn from(error: Box<dyn Error + Send + Sync>) -> Self {
        Self(error)
    }
}

impl From<std::io::Error> for HookError {
    fn from(error: std::io::Error) -> Self {
        Self::new(error)
    }
}
