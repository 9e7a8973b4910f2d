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
// sdkgen-part: streams
//! - [`Config::execute_events`] / [`Config::execute_bytes`]: the same, but a
//!   success is opened as an [`EventStream`] of server-sent events or a
//!   [`ByteStream`] of chunks, read as they arrive (retries and the
//!   per-attempt limit apply until the first event or chunk; the read idle
//!   timeout between chunks; mid-stream failures are [`StreamError`] items).
//! - Parameters are written as the spec's `style` and `explode` say
//!   ([`QueryStyle`], [`PathStyle`], [`path_param`]); cookie parameters
//!   share one `Cookie` header. Redirects are followed unless the
//!   operation documents their status ([`redirect_policy`]).
//! - Request bodies: JSON, text and bytes, set on the [`Call`].
// sdkgen-part: form
//! - Form bodies ([`Call::form`]): each field as its [`FormField`] says,
//!   nested in brackets for the `deepObject` style.
// sdkgen-part: multipart
//! - Multipart bodies ([`Call::multipart`]): one part per property, files
//!   included, encoded once, so retries resend the same bytes.
// sdkgen-part: file
//! - [`File`]s: bytes with an optional name and media type, to upload.
// sdkgen-part: checks
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

// sdkgen-part: operations
mod builder;
mod call;
// sdkgen-part: checks
mod check;
mod config;
// sdkgen-part: enums
mod enums;
mod error;
// sdkgen-part: file
mod file;
// sdkgen-part: form
mod form;
mod hooks;
// sdkgen-part: multipart
mod multipart;
mod nullable;
// sdkgen-part: operations
mod operation_error;
mod options;
mod params;
mod redirect;
mod response;
mod retry;
// sdkgen-part: streams
mod stream;

// sdkgen-part: operations
pub(crate) use builder::call_options;
pub use call::Call;
// sdkgen-part: checks
pub use check::{Checked, Number, check, check_secret};
pub use config::{
    Config, ConfigBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_IDLE_TIMEOUT, Defaults, env_var,
};
// sdkgen-part: enums
pub(crate) use enums::{deserialize_value, string_enum};
pub use error::{
    BuildError, InvalidStatusCodePattern, RequestValidationError, ResponseValidationError,
    SendError, TimeoutError, TimeoutKind, TransportError, UnexpectedContentTypeError, ValueSource,
    body_snippet, truncate_body,
};
// sdkgen-part: file
pub use file::File;
// sdkgen-part: form
pub use form::{FormField, FormStyle};
pub use hooks::{AttemptFailure, Hook, HookContext, HookError};
// sdkgen-part: multipart
pub use multipart::Multipart;
pub use nullable::{Nullable, deserialize_present};
// sdkgen-part: operations
pub(crate) use operation_error::operation_error;
pub use options::RequestOptions;
pub use params::{
    PathStyle, QueryStyle, cookie_fragments, header_text, path_param, query_fragments,
};
pub use redirect::redirect_policy;
pub use response::{ApiResponse, DEFAULT_MAX_ERROR_BODY_BYTES, RawResponse};
pub use retry::{BackoffStrategy, RetryConfig, StatusCodePattern};
// sdkgen-part: streams
pub use stream::{
    ByteStream, EventFormat, EventStream, InvalidEventError, ServerErrorEvent, ServerSentEvent,
    StreamError, Streamed,
};
