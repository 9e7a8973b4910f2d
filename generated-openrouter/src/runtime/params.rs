//! Parameter values on the wire, as OpenAPI's `style` and `explode` say: path segments, query
//! strings, header values and cookies.
//!
//! A value is first turned into its JSON form (so enums, dates and renamed properties are written
//! as the API spells them), then spread by the style. Delimiters stay literal and the values
//! between them are percent-encoded, so a `,` inside a value never reads as a delimiter. An empty
//! array or object is left out, as RFC 6570 leaves out undefined values.

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;
use url::form_urlencoded::byte_serialize;

use super::error::RequestValidationError;

/// Everything but RFC 3986's unreserved characters is escaped inside a path parameter, so that
/// the style's delimiters (`,` `.` `;` `=`) and `/` keep their meaning.
const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters RFC 6265 does not allow in a cookie value (and `%`, which starts an escape).
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'%')
    .add(b',')
    .add(b';')
    .add(b'\\');

/// How a query parameter is written (OpenAPI's `style` for `in: query`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStyle {
    /// `name=a&name=b` exploded, `name=a,b` not; an exploded object is one pair per property.
    Form,
    /// `name=a%20b`; exploded, the same as `Form`.
    SpaceDelimited,
    /// `name=a|b`; exploded, the same as `Form`.
    PipeDelimited,
    /// `name[key]=value` per property, nested objects as `name[a][b]=value`, array items
    /// repeating their key.
    DeepObject,
}

/// How a path parameter is written (OpenAPI's `style` for `in: path`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathStyle {
    /// `a,b`; an object `k,v,k2,v2`, exploded `k=v,k2=v2`.
    Simple,
    /// `.a,b`, exploded `.a.b`; an object `.k,v`, exploded `.k=v`.
    Label,
    /// `;name=a,b`, exploded `;name=a;name=b`; an object `;name=k,v`, exploded `;k=v`.
    Matrix,
}

/// A value reduced to what the non-nested styles can write.
enum Flat {
    /// `null` (or `None`): the parameter is not sent.
    Absent,
    Scalar(String),
    List(Vec<String>),
    /// An object's properties and their texts, in order; `null` properties are left out.
    Pairs(Vec<(String, String)>),
}

impl Flat {
    /// Whether the value is an empty array or object, which RFC 6570 treats as undefined.
    fn is_empty(&self) -> bool {
        match self {
            Self::Absent => true,
            Self::Scalar(_) => false,
            Self::List(items) => items.is_empty(),
            Self::Pairs(pairs) => pairs.is_empty(),
        }
    }

    /// Every text of a list, or the keys and values of an object in turn, each encoded.
    fn texts(&self, encode: impl Fn(&str) -> String) -> Vec<String> {
        match self {
            Self::Absent => Vec::new(),
            Self::Scalar(text) => vec![encode(text)],
            Self::List(items) => items.iter().map(|item| encode(item)).collect(),
            Self::Pairs(pairs) => pairs
                .iter()
                .flat_map(|(key, value)| [encode(key), encode(value)])
                .collect(),
        }
    }

    /// An object's properties as `key=value`, each side encoded.
    fn assignments(pairs: &[(String, String)], encode: impl Fn(&str) -> String) -> Vec<String> {
        pairs
            .iter()
            .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
            .collect()
    }
}

/// The JSON form of a parameter's value.
fn json<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Value, RequestValidationError> {
    serde_json::to_value(value).map_err(|err| RequestValidationError::new(name, err.to_string()))
}

/// The text of a scalar: strings as they are, numbers and booleans as JSON writes them.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::String(text) => Some(text.clone()),
        Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

fn flatten<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Flat, RequestValidationError> {
    let nested = || {
        RequestValidationError::new(
            name,
            "nested arrays and objects cannot be sent in this parameter's style",
        )
    };
    Ok(match json(name, value)? {
        Value::Null => Flat::Absent,
        Value::Array(items) => Flat::List(
            items
                .iter()
                .map(|item| scalar_text(item).ok_or_else(nested))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(properties) => Flat::Pairs(
            properties
                .iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| Ok((key.clone(), scalar_text(value).ok_or_else(nested)?)))
                .collect::<Result<_, _>>()?,
        ),
        scalar => Flat::Scalar(scalar_text(&scalar).unwrap_or_default()),
    })
}

fn query_encode(text: &str) -> String {
    byte_serialize(text.as_bytes()).collect()
}

fn path_encode(text: &str) -> String {
    utf8_percent_encode(text, PATH_VALUE).to_string()
}

fn cookie_encode(text: &str) -> String {
    utf8_percent_encode(text, COOKIE_VALUE).to_string()
}

/// The `name=value` pieces of a query parameter, encoded, to be joined by `&`.
///
/// # Errors
///
/// [`RequestValidationError`] naming the parameter if the value cannot be serialized, or nests
/// arrays or objects in a style other than [`QueryStyle::DeepObject`].
pub fn query_fragments<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: QueryStyle,
    explode: bool,
) -> Result<Vec<String>, RequestValidationError> {
    if style == QueryStyle::DeepObject {
        let mut fragments = Vec::new();
        deep_object(&query_encode(name), &json(name, value)?, &mut fragments);
        return Ok(fragments);
    }
    let delimiter = match style {
        QueryStyle::SpaceDelimited => "%20",
        QueryStyle::PipeDelimited => "|",
        QueryStyle::Form | QueryStyle::DeepObject => ",",
    };
    let flat = flatten(name, value)?;
    Ok(form_fragments(
        name,
        &flat,
        explode,
        delimiter,
        query_encode,
    ))
}

/// The `name=value` pieces of a value in the `form` style and its delimited relatives: exploded,
/// one piece per item (an object's keys become the names); else one piece with the texts joined
/// by `delimiter`. Empty when the value is absent or empty.
fn form_fragments(
    name: &str,
    flat: &Flat,
    explode: bool,
    delimiter: &str,
    encode: fn(&str) -> String,
) -> Vec<String> {
    if flat.is_empty() {
        return Vec::new();
    }
    let name = encode(name);
    match (flat, explode) {
        (Flat::Pairs(pairs), true) => Flat::assignments(pairs, encode),
        (_, true) => flat
            .texts(encode)
            .into_iter()
            .map(|text| format!("{name}={text}"))
            .collect(),
        (_, false) => vec![format!("{name}={}", flat.texts(encode).join(delimiter))],
    }
}

/// `prefix[key]=value` for every scalar inside `value`; array items repeat their key.
fn deep_object(prefix: &str, value: &Value, fragments: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Object(properties) => {
            for (key, value) in properties {
                deep_object(
                    &format!("{prefix}[{}]", query_encode(key)),
                    value,
                    fragments,
                );
            }
        }
        Value::Array(items) => {
            for item in items {
                deep_object(prefix, item, fragments);
            }
        }
        scalar => fragments.push(format!(
            "{prefix}={}",
            query_encode(&scalar_text(scalar).unwrap_or_default())
        )),
    }
}

/// A path parameter's text, encoded, to replace `{name}` in the path.
///
/// # Errors
///
/// [`RequestValidationError`] naming the parameter if it has no value (`None` or `null`), cannot
/// be serialized, or nests arrays or objects.
pub fn path_param<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> Result<String, RequestValidationError> {
    let flat = flatten(name, value)?;
    if matches!(flat, Flat::Absent) {
        return Err(RequestValidationError::new(
            name,
            "is part of the path and must have a value",
        ));
    }
    if flat.is_empty() {
        return Ok(String::new());
    }
    let encoded_name = path_encode(name);
    let text = match (style, &flat, explode) {
        (PathStyle::Matrix, Flat::Scalar(text), _) if text.is_empty() => {
            return Ok(format!(";{encoded_name}"));
        }
        (PathStyle::Matrix, Flat::Pairs(pairs), true) => {
            return Ok(format!(
                ";{}",
                Flat::assignments(pairs, path_encode).join(";")
            ));
        }
        (PathStyle::Matrix, Flat::List(_), true) => {
            return Ok(flat
                .texts(path_encode)
                .iter()
                .map(|item| format!(";{encoded_name}={item}"))
                .collect());
        }
        (_, Flat::Pairs(pairs), true) => {
            let separator = if style == PathStyle::Label { "." } else { "," };
            Flat::assignments(pairs, path_encode).join(separator)
        }
        (PathStyle::Label, Flat::List(_), true) => flat.texts(path_encode).join("."),
        _ => flat.texts(path_encode).join(","),
    };
    Ok(match style {
        PathStyle::Simple => text,
        PathStyle::Label => format!(".{text}"),
        PathStyle::Matrix => format!(";{encoded_name}={text}"),
    })
}

/// A header parameter's value in the `simple` style (header values are not percent-encoded);
/// `None` when it is not sent.
///
/// # Errors
///
/// [`RequestValidationError`] naming the parameter if the value cannot be serialized or nests
/// arrays or objects.
pub fn header_text<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    explode: bool,
) -> Result<Option<String>, RequestValidationError> {
    let flat = flatten(name, value)?;
    if flat.is_empty() {
        return Ok(None);
    }
    Ok(Some(match (&flat, explode) {
        (Flat::Pairs(pairs), true) => Flat::assignments(pairs, str::to_owned).join(","),
        _ => flat.texts(str::to_owned).join(","),
    }))
}

/// The `name=value` pieces of a cookie parameter in the `form` style, encoded, to be joined by
/// `; ` into the `Cookie` header.
///
/// # Errors
///
/// [`RequestValidationError`] naming the parameter if the value cannot be serialized or nests
/// arrays or objects.
pub fn cookie_fragments<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    explode: bool,
) -> Result<Vec<String>, RequestValidationError> {
    let flat = flatten(name, value)?;
    Ok(form_fragments(name, &flat, explode, ",", cookie_encode))
}
