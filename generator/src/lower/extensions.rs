//! The vendor extensions that shape the SDK beyond plain OpenAPI.

use openapiv3::ReferenceOr;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::Result;
use crate::ir::RetryPolicy;
use crate::load::Document;

/// `x-speakeasy-name-override`: the name to use instead of the operationId or parameter name.
pub fn name_override(extensions: &indexmap::IndexMap<String, Value>) -> Option<&str> {
    extensions
        .get("x-speakeasy-name-override")
        .and_then(Value::as_str)
}

/// `x-speakeasy-server-id`: the name a server is selected by.
pub fn server_id(extensions: &indexmap::IndexMap<String, Value>) -> Option<&str> {
    extensions
        .get("x-speakeasy-server-id")
        .and_then(Value::as_str)
}

/// `x-speakeasy-unknown-values: allow`: an enum that accepts values it does not list.
pub fn allows_unknown_values(extensions: &indexmap::IndexMap<String, Value>) -> bool {
    extensions
        .get("x-speakeasy-unknown-values")
        .and_then(Value::as_str)
        == Some("allow")
}

/// A discriminator's `mapping` read as extensions: an `x-` key is not a tag value, and
/// `x-speakeasy-unknown-values: allow` there (where the `openapiv3` crate keeps extensions as
/// mapping entries) opens the union as it would on the union's schema.
pub fn is_mapping_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// `x-speakeasy-unknown-values: allow` among a discriminator's mapping entries.
pub fn mapping_allows_unknown_values(mapping: &indexmap::IndexMap<String, String>) -> bool {
    mapping
        .get("x-speakeasy-unknown-values")
        .is_some_and(|value| value == "allow")
}

/// `x-speakeasy-globals`: the parameters set once on the client, with the pointer of their list;
/// `None` when the document has none.
pub fn globals(
    document: &Document,
) -> Result<Option<(Vec<ReferenceOr<openapiv3::Parameter>>, String)>> {
    let Some(value) = document.api.extensions.get("x-speakeasy-globals") else {
        return Ok(None);
    };
    let pointer = "/x-speakeasy-globals/parameters";
    let items = serde_json::from_value(value.get("parameters").cloned().unwrap_or_default())
        .map_err(|err| document.error(pointer, format!("invalid global parameters: {err}")))?;
    Ok(Some((items, pointer.to_owned())))
}

/// `x-speakeasy-sensitive: true`: the value is a secret that the SDK keeps out of logs.
pub fn is_sensitive(extensions: &indexmap::IndexMap<String, Value>) -> bool {
    extensions.get("x-speakeasy-sensitive") == Some(&Value::Bool(true))
}

/// `x-speakeasy-sse-sentinel` (on a `text/event-stream` media type): the `data` that ends the
/// stream, e.g. `[DONE]`.
pub fn sse_sentinel(extensions: &indexmap::IndexMap<String, Value>) -> Option<&str> {
    extensions
        .get("x-speakeasy-sse-sentinel")
        .and_then(Value::as_str)
}

/// `x-speakeasy-stream-request-field` (on an operation): the request body property that asks for
/// the event stream, e.g. `stream`.
pub fn stream_request_field(extensions: &indexmap::IndexMap<String, Value>) -> Option<&str> {
    extensions
        .get("x-speakeasy-stream-request-field")
        .and_then(Value::as_str)
}

/// `x-speakeasy-pagination` as written: resolved against the operation in `lower::pagination`.
#[derive(Deserialize)]
pub struct RawPagination {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub inputs: Vec<RawPaginationInput>,
    #[serde(default)]
    pub outputs: RawPaginationOutputs,
}

/// One of `x-speakeasy-pagination`'s `inputs`: `{name, in, type}`.
#[derive(Deserialize)]
pub struct RawPaginationInput {
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// `x-speakeasy-pagination`'s `outputs`: JSONPath-like locations in the response body.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawPaginationOutputs {
    pub results: Option<String>,
    pub next_cursor: Option<String>,
}

/// `x-speakeasy-pagination` (on an operation), if present: the value, or why it has the wrong
/// shape.
pub fn pagination(
    extensions: &indexmap::IndexMap<String, Value>,
) -> Option<std::result::Result<RawPagination, String>> {
    let value = extensions.get("x-speakeasy-pagination")?;
    Some(serde_json::from_value(value.clone()).map_err(|err| err.to_string()))
}

/// A simple JSONPath of `outputs` (`$`, `$.data`, `$.meta.next`) as its property names; `None`
/// for anything else (filters, indexes, wildcards, recursive descent).
pub fn property_path(path: &str) -> Option<Vec<String>> {
    let rest = path.trim().strip_prefix('$')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    rest.strip_prefix('.')?
        .split('.')
        .map(|name| {
            let simple = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '$');
            simple.then(|| name.to_owned())
        })
        .collect()
}

/// `x-speakeasy-ignore: true`: leave this out of the SDK.
pub fn is_ignored(extensions: &indexmap::IndexMap<String, Value>) -> bool {
    extensions.get("x-speakeasy-ignore") == Some(&Value::Bool(true))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRetries {
    strategy: String,
    #[serde(default)]
    backoff: RawBackoff,
    #[serde(default)]
    status_codes: Vec<StatusCode>,
    #[serde(default)]
    retry_connection_errors: bool,
}

/// Defaults as documented for `x-speakeasy-retries`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct RawBackoff {
    initial_interval: u64,
    max_interval: u64,
    exponent: f64,
    max_elapsed_time: u64,
}

impl Default for RawBackoff {
    fn default() -> Self {
        Self {
            initial_interval: 500,
            max_interval: 60_000,
            exponent: 1.5,
            max_elapsed_time: 3_600_000,
        }
    }
}

/// Status codes are written as strings (`5XX`) or numbers (`503`).
#[derive(Deserialize)]
#[serde(untagged)]
enum StatusCode {
    Text(String),
    Number(u16),
}

/// `x-speakeasy-retries` at `pointer`, if present. Strategy `none` means no retries.
pub fn retries(
    document: &Document,
    extensions: &indexmap::IndexMap<String, Value>,
    pointer: &str,
) -> Result<Option<RetryPolicy>> {
    let Some(value) = extensions.get("x-speakeasy-retries") else {
        return Ok(None);
    };
    let pointer = format!("{pointer}/x-speakeasy-retries");
    let raw: RawRetries = serde_json::from_value(value.clone())
        .map_err(|err| document.error(&pointer, format!("invalid retry policy: {err}")))?;
    match raw.strategy.as_str() {
        "none" => Ok(None),
        "backoff" => {
            let status_codes = raw
                .status_codes
                .into_iter()
                .map(|code| match code {
                    StatusCode::Text(text) => text,
                    StatusCode::Number(number) => number.to_string(),
                })
                .collect::<Vec<_>>();
            if let Some(bad) = status_codes.iter().find(|code| !is_status_pattern(code)) {
                return Err(document.error(
                    &pointer,
                    format!("invalid retry status code `{bad}`: expected e.g. `503` or `5XX`"),
                ));
            }
            Ok(Some(RetryPolicy {
                initial_interval_ms: raw.backoff.initial_interval,
                max_interval_ms: raw.backoff.max_interval,
                exponent: raw.backoff.exponent,
                max_elapsed_time_ms: raw.backoff.max_elapsed_time,
                status_codes,
                retry_connection_errors: raw.retry_connection_errors,
            }))
        }
        other => Err(document.error(
            &pointer,
            format!("unknown retry strategy `{other}`: expected `backoff` or `none`"),
        )),
    }
}

/// `503` or `5XX`.
fn is_status_pattern(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 3
        && (1..=5).contains(&(bytes[0].wrapping_sub(b'0')))
        && (bytes[1..].iter().all(u8::is_ascii_digit) || bytes[1..].eq_ignore_ascii_case(b"xx"))
}
