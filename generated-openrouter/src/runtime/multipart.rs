//! `multipart/form-data` bodies: files and values as named parts, encoded
//! once per call so that every attempt sends the same bytes.

use bytes::Bytes;
use futures_util::TryStreamExt;
use serde::Serialize;
use serde_json::Value;

use super::call::Call;
use super::error::RequestValidationError;
use super::file::File;

/// The media type of a file part whose file has none.
const OCTET_STREAM: &str = "application/octet-stream";

/// The parts of a multipart body, in order. Generated code adds one per
/// property (several for an array); [`Call::multipart`](super::Call::multipart)
/// sends them.
#[derive(Clone, Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// One part: a field name, its bytes and its headers.
#[derive(Clone, Debug)]
struct Part {
    name: String,
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Multipart {
    /// A body without parts.
    pub fn new() -> Self {
        Self::default()
    }

    /// The parts of any serializable object: each property is added with
    /// [`value`](Self::value). For bodies whose type is not a struct (a map,
    /// any JSON value).
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] when `body` is not an object or cannot be
    /// serialized.
    pub fn from_object<T: Serialize + ?Sized>(body: &T) -> Result<Self, RequestValidationError> {
        let mut parts = Self::new();
        match serde_json::to_value(body) {
            Ok(Value::Object(properties)) => {
                for (name, value) in &properties {
                    parts.value(name, value, None)?;
                }
                Ok(parts)
            }
            Ok(_) => Err(RequestValidationError::new(
                "body",
                "a multipart body must be an object",
            )),
            Err(err) => Err(RequestValidationError::new(
                "body",
                format!("cannot be serialized: {err}"),
            )),
        }
    }

    /// Adds `file` as a file part named `name`, with the file's name and media
    /// type, else `content_type` (the spec's), else
    /// `application/octet-stream`.
    pub fn file(&mut self, name: &str, file: &File, content_type: Option<&str>) {
        self.parts.push(Part {
            name: name.to_owned(),
            bytes: file.bytes().clone(),
            file_name: file.get_file_name().map(str::to_owned),
            content_type: Some(
                file.get_content_type()
                    .or(content_type)
                    .unwrap_or(OCTET_STREAM)
                    .to_owned(),
            ),
        });
    }

    /// Adds `value` as a part named `name`: a string as its text, a number
    /// or boolean as its JSON text, an object as JSON (`application/json`),
    /// an array as one part per item (by the same rules). With a JSON
    /// `content_type`, the whole value is one JSON part; another
    /// `content_type` is sent as the part's. `null` adds nothing.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] (field `name`) when `value` cannot be
    /// serialized.
    pub fn value<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), RequestValidationError> {
        let value = serde_json::to_value(value).map_err(|err| {
            RequestValidationError::new(name, format!("cannot be serialized: {err}"))
        })?;
        let json = content_type.is_some_and(is_json);
        match value {
            Value::Array(items) if !json => {
                for item in items {
                    self.scalar_or_json(name, item, content_type);
                }
            }
            value => self.scalar_or_json(name, value, content_type),
        }
        Ok(())
    }

    fn scalar_or_json(&mut self, name: &str, value: Value, content_type: Option<&str>) {
        let json = content_type.is_some_and(is_json);
        let (text, content_type) = match value {
            Value::Null => return,
            Value::String(text) if !json => (text, content_type),
            value @ (Value::Bool(_) | Value::Number(_)) if !json => {
                (value.to_string(), content_type)
            }
            value => (
                value.to_string(),
                Some(content_type.unwrap_or("application/json")),
            ),
        };
        self.parts.push(Part {
            name: name.to_owned(),
            bytes: Bytes::from(text),
            file_name: None,
            content_type: content_type.map(str::to_owned),
        });
    }

    /// The body's `Content-Type` (with its boundary) and bytes.
    pub(crate) async fn encode(&self) -> Result<(String, Bytes), RequestValidationError> {
        // Names are sent as written (as browsers do), so they must fit in a quoted header value.
        let mut form = reqwest::multipart::Form::new().percent_encode_noop();
        for part in &self.parts {
            if part.name.contains(['"', '\r', '\n']) {
                return Err(RequestValidationError::new(
                    format!("part {:?}", part.name),
                    "a part name cannot contain quotes or line breaks",
                ));
            }
            let length = part.bytes.len() as u64;
            let mut field =
                reqwest::multipart::Part::stream_with_length(part.bytes.clone(), length);
            if let Some(file_name) = &part.file_name {
                field = field.file_name(file_name.clone());
            }
            if let Some(content_type) = &part.content_type {
                field = field.mime_str(content_type).map_err(|_| {
                    RequestValidationError::new(
                        format!("part {:?}", part.name),
                        format!("{content_type:?} is not a media type"),
                    )
                })?;
            }
            form = form.part(part.name.clone(), field);
        }
        let content_type = format!("multipart/form-data; boundary={}", form.boundary());
        let bytes: Vec<u8> = form
            .into_stream()
            .map_ok(|chunk| chunk.to_vec())
            .try_concat()
            .await
            .map_err(|err| {
                RequestValidationError::new("body", format!("cannot be encoded: {err}"))
            })?;
        Ok((content_type, Bytes::from(bytes)))
    }
}

impl Call {
    /// Sends `parts` as a `multipart/form-data` body, encoded here, once, so
    /// that retries resend the same bytes.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] if a part's name or media type cannot be
    /// written in its headers.
    pub async fn multipart(self, parts: Multipart) -> Result<Self, RequestValidationError> {
        let (content_type, bytes) = parts.encode().await?;
        Ok(self.bytes(bytes, &content_type))
    }
}

/// `application/json` or a `+json` type.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
}
