//! Parameter values on the wire: path segments, query values and header values.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;

use super::error::RequestValidationError;

/// Characters escaped in a path segment (RFC 3986 `pchar` allows the rest).
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// The text of a parameter value: strings as they are, everything else (numbers, booleans,
/// enums, dates) as its JSON form without quotes.
///
/// Only arrays and objects, which have no single-text form, are rejected.
pub fn parameter_text<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<String, RequestValidationError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        Ok(serde_json::Value::Array(_) | serde_json::Value::Object(_)) => {
            Err(RequestValidationError::new(
                name,
                "arrays and objects cannot be sent as a single parameter value",
            ))
        }
        Ok(other) => Ok(other.to_string()),
        Err(err) => Err(RequestValidationError::new(name, err.to_string())),
    }
}

/// Percent-encodes `text` for use as one path segment.
pub fn encode_path_segment(text: &str) -> String {
    utf8_percent_encode(text, PATH_SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::{encode_path_segment, parameter_text};

    #[test]
    fn parameter_text_uses_plain_text_for_scalars() {
        assert_eq!(parameter_text("a", "x y").ok().as_deref(), Some("x y"));
        assert_eq!(parameter_text("a", &42).ok().as_deref(), Some("42"));
        assert_eq!(parameter_text("a", &true).ok().as_deref(), Some("true"));
        assert!(parameter_text("a", &vec![1]).is_err());
    }

    #[test]
    fn path_segments_escape_separators() {
        assert_eq!(encode_path_segment("a/b c?d"), "a%2Fb%20c%3Fd");
        assert_eq!(encode_path_segment("plain-id_1.2~"), "plain-id_1.2~");
    }
}
