//! HTTP runtime shared by every operation of this SDK.
//!
//! This module is generic: the SDK-specific values (server URL, environment
//! variable prefix, user agent, retry defaults) are passed in through
//! [`Defaults`] by the generated code.
//!
//! - [`ConfigBuilder`] / [`Config`]: server URL, credentials, HTTP client,
//!   timeouts, retries, the error body cap and [`Hook`]s, with
//!   `{PREFIX}_BASE_URL` and `{PREFIX}_API_KEY` environment fallbacks.
//! - [`Call`]: one request as described by an operation, sent with
//!   [`Config::execute`], which applies headers, hooks, the time limits
//!   (connect 10 s and read idle 120 s by default, an optional limit per
//!   attempt, and the retry budget for the whole call) and the
//!   [`RetryConfig`], and returns a [`RawResponse`].
//! - Parameters are written as the spec's `style` and `explode` say
//!   ([`QueryStyle`], [`PathStyle`], [`path_param`]); cookie parameters
//!   share one `Cookie` header. Redirects are followed unless the
//!   operation documents their status ([`redirect_policy`]).
//! - Request bodies: JSON, text and bytes, set on the [`Call`].
//! - [`check`]: the constraints the generated `validate()` methods check.
//! - [`RequestOptions`]: per-call overrides.
//! - Errors: [`SendError`] when no response was obtained,
//!   [`ResponseValidationError`] when a body does not match its schema,
//!   [`UnexpectedContentTypeError`] when a success has another content
//!   type than documented, [`RequestValidationError`] when a request is invalid, [`BuildError`]
//!   when the configuration is.
//!
//! Credentials never appear in `Debug`/`Display` output, errors or tracing.
//! Each attempt runs in a `debug`-level tracing span named `http_attempt`
//! with the fields `operation_id`, `method`, `path`, `attempt` and `status`.

mod builder;
mod call;
mod check;
mod config;
mod enums;
mod error;
mod hooks;
mod nullable;
mod operation_error;
mod options;
mod params;
mod redirect;
mod response;
mod retry;

pub(crate) use builder::call_options;
pub use call::Call;
pub use check::{Checked, Number, check, check_secret};
pub use config::{
    Config, ConfigBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_IDLE_TIMEOUT, Defaults, env_var,
};
pub(crate) use enums::{deserialize_value, string_enum};
pub use error::{
    BuildError, InvalidStatusCodePattern, RequestValidationError, ResponseValidationError,
    SendError, TimeoutError, TimeoutKind, TransportError, UnexpectedContentTypeError, ValueSource,
    body_snippet, truncate_body,
};
pub use hooks::{AttemptFailure, Hook, HookContext, HookError};
pub use nullable::{Nullable, deserialize_present};
pub(crate) use operation_error::operation_error;
pub use options::RequestOptions;
pub use params::{
    PathStyle, QueryStyle, cookie_fragments, header_text, path_param, query_fragments,
};
pub use redirect::redirect_policy;
pub use response::{ApiResponse, DEFAULT_MAX_ERROR_BODY_BYTES, RawResponse};
pub use retry::{BackoffStrategy, RetryConfig, StatusCodePattern};
