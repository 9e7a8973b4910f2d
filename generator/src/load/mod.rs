//! Loading: read a YAML or JSON document, normalise OpenAPI 3.1 to 3.0 and deserialize it.
//!
//! The loaded [`Document`] keeps its text so that any later stage can turn a JSON pointer into a
//! file and line for its diagnostics.

mod links;
mod normalise;
mod source_map;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use indexmap::IndexMap;
use openapiv3::ReferenceOr;
use serde_json::Value;

pub use normalise::{Note, normalise_document, normalise_schema};
pub use source_map::SourceMap;

use crate::diagnostics::{Diagnostic, Error, Location, Result, escape_token};

/// A parsed OpenAPI document and what is needed to point into its source.
#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    /// The version the document declares (`3.1.0`, `3.0.3`, ...), before normalisation.
    pub openapi_version: String,
    pub api: openapiv3::OpenAPI,
    /// The document's `webhooks` (OpenAPI 3.1): requests the API sends, which `openapiv3` does not
    /// read.
    pub webhooks: IndexMap<String, ReferenceOr<openapiv3::PathItem>>,
    /// What loading left out (a 3.1 construct 3.0 cannot express), located.
    pub warnings: Vec<Diagnostic>,
    text: String,
    source_map: OnceLock<SourceMap>,
}

impl Document {
    /// Where `pointer` is in the source: the file, the pointer and its line.
    pub fn locate(&self, pointer: &str) -> Location {
        Location {
            file: self.path.clone(),
            pointer: pointer.to_owned(),
            line: self.source_map().line(pointer),
        }
    }

    /// Whether the document has a node at exactly `pointer`.
    pub fn contains(&self, pointer: &str) -> bool {
        self.source_map().contains(pointer)
    }

    /// The pointer of the first child, in document order, of the node at `pointer`.
    pub fn first_child(&self, pointer: &str) -> Option<String> {
        self.source_map().first_child(pointer)
    }

    fn source_map(&self) -> &SourceMap {
        self.source_map.get_or_init(|| SourceMap::build(&self.text))
    }

    /// A located diagnostic about the node at `pointer`.
    pub fn diagnostic(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: self.locate(pointer),
            message: message.into(),
        }
    }

    /// A located error about the node at `pointer`.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Spec(self.diagnostic(pointer, message))
    }
}

/// Reads and parses the document at `path`.
pub fn load(path: &Path) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::io(path, source))?;
    parse(path, text)
}

/// Parses document text; `path` names it in diagnostics and its extension picks JSON or YAML.
pub fn parse(path: &Path, text: String) -> Result<Document> {
    let mut value = parse_text(path, &text)?;
    let openapi_version = value
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if value.is_null() || value.as_object().is_some_and(serde_json::Map::is_empty) {
        return Err(located(
            path,
            &text,
            "",
            "the document is empty; expected an OpenAPI 3.0 or 3.1 document",
        ));
    }
    if !openapi_version.starts_with("3.") {
        let shown = if openapi_version.is_empty() {
            "none"
        } else {
            &openapi_version
        };
        return Err(located(
            path,
            &text,
            "/openapi",
            &format!(
                "only OpenAPI 3.0 and 3.1 documents are supported, this one declares version {shown}"
            ),
        ));
    }
    if let Some(pointer) = too_deep(&value) {
        return Err(located(
            path,
            &text,
            &pointer,
            &format!(
                "the document nests more than {MAX_DEPTH} levels deep here; real APIs nest far less, and deeper documents are not supported"
            ),
        ));
    }
    let notes = normalise_document(&mut value);
    links::absolutise_description_links(&mut value);
    let invalid = |pointer: String, message: String| {
        let (pointer, message) = refine(&value, pointer, message);
        located(
            path,
            &text,
            &pointer,
            &format!("not a valid OpenAPI document: {message}"),
        )
    };
    let api = serde_path_to_error::deserialize(&value)
        .map_err(|err| invalid(pointer_of(err.path()), err.inner().to_string()))?;
    let webhooks = match value.get("webhooks") {
        Some(webhooks) => serde_path_to_error::deserialize(webhooks).map_err(|err| {
            invalid(
                format!("/webhooks{}", pointer_of(err.path())),
                err.inner().to_string(),
            )
        })?,
        None => IndexMap::new(),
    };
    let mut document = Document {
        path: path.to_owned(),
        openapi_version,
        api,
        webhooks,
        warnings: Vec::new(),
        text,
        source_map: OnceLock::new(),
    };
    document.warnings = notes
        .into_iter()
        .map(|note| document.diagnostic(&note.pointer, note.message))
        .collect();
    Ok(document)
}

/// How deeply a document may nest objects and arrays: real specs nest a few dozen levels at
/// most, while the recursive stages after loading (deserializing, lowering) need stack in
/// proportion to the depth.
const MAX_DEPTH: usize = 64;

/// The pointer of the first node nested deeper than [`MAX_DEPTH`], if any (walked without
/// recursion).
fn too_deep(value: &Value) -> Option<String> {
    let mut pending = vec![(value, String::new(), 0)];
    while let Some((value, pointer, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            return Some(pointer);
        }
        match value {
            Value::Object(map) => pending.extend(map.iter().map(|(key, child)| {
                (child, format!("{pointer}/{}", escape_token(key)), depth + 1)
            })),
            Value::Array(items) => pending.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, child)| (child, format!("{pointer}/{index}"), depth + 1)),
            ),
            _ => {}
        }
    }
    None
}

fn parse_text(path: &Path, text: &str) -> Result<Value> {
    let is_json = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    let (message, line) = if is_json {
        match serde_json::from_str(text) {
            Ok(value) => return Ok(value),
            Err(err) => (format!("invalid JSON: {err}"), Some(err.line())),
        }
    } else {
        match yaml_to_json(text) {
            Ok(value) => return Ok(value),
            Err(err) => (
                format!("invalid YAML: {err}"),
                err.location().map(|l| l.line()),
            ),
        }
    };
    Err(Error::Spec(Diagnostic {
        location: Location {
            file: path.to_owned(),
            pointer: String::new(),
            line,
        },
        message,
    }))
}

/// YAML with its merge keys (`<<: *base`) applied, as JSON.
fn yaml_to_json(text: &str) -> Result<Value, serde_yaml_ng::Error> {
    let mut yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(text)?;
    yaml.apply_merge()?;
    serde_yaml_ng::from_value(yaml)
}

fn located(path: &Path, text: &str, pointer: &str, message: &str) -> Error {
    Error::Spec(Diagnostic {
        location: Location {
            file: path.to_owned(),
            pointer: pointer.to_owned(),
            line: SourceMap::build(text).line(pointer),
        },
        message: message.to_owned(),
    })
}

/// `paths` is a flattened map, so serde loses the position of an error inside it: find the first
/// path item that does not deserialize on its own, and point into it.
fn refine(document: &Value, pointer: String, message: String) -> (String, String) {
    if pointer != "/paths" {
        return (pointer, message);
    }
    let items = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (path, item) in items {
        if let Err(err) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) {
            let inner = pointer_of(err.path());
            return (
                format!("/paths/{}{inner}", escape_token(path)),
                err.inner().to_string(),
            );
        }
    }
    (pointer, message)
}

/// The JSON pointer of a serde path (`paths./a.get` becomes `/paths/~1a/get`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(escape_token(key)),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .fold(String::new(), |pointer, token| format!("{pointer}/{token}"))
}
