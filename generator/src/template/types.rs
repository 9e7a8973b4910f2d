//! The type mapping file of a language (`types.toml`): how an IR `TypeRef` is spelled.
//!
//! ```toml
//! string = "string"
//! array = "Array<{items}>"
//! map = "Record<string, {values}>"
//! named = "{name}"
//! [integer]
//! 32 = "number"
//! default = "number"
//! ```
//!
//! Each key is a `TypeRef` kind; `{field}` is replaced by that field of the `TypeRef` (rendered
//! through the mapping again when it is itself a `TypeRef`); any other brace is literal text
//! (`map = "{ [key: string]: {values} }"`).
//! A table maps the `bits` of a sized kind (`integer`, `number`) with a `default` fallback.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::Value;
use minijinja::value::ValueKind;

use crate::diagnostics::{Error, Result};

/// A parsed `types.toml`.
#[derive(Debug)]
pub struct TypeMap {
    file: PathBuf,
    kinds: BTreeMap<String, Mapping>,
}

#[derive(Debug)]
enum Mapping {
    Pattern(Pattern),
    /// Keyed by `bits` (`"32"`) or `default`.
    ByBits(BTreeMap<String, Pattern>),
}

#[derive(Debug)]
struct Pattern {
    source: String,
    pieces: Vec<Piece>,
}

#[derive(Debug)]
enum Piece {
    Text(String),
    Field(String),
}

/// How deeply `TypeRef`s may nest before rendering gives up (far beyond any real schema).
const MAX_DEPTH: usize = 64;

impl TypeMap {
    /// Checks the text of the mapping at `path` (which names it in errors).
    pub fn parse_file(text: &str, path: &Path) -> Result<Self> {
        Self::parse(text, path).map_err(|(line, message)| Error::Template {
            file: path.to_path_buf(),
            line,
            message: format!("invalid type mapping: {message}"),
        })
    }

    fn parse(text: &str, path: &Path) -> Result<Self, (Option<usize>, String)> {
        let table: toml::Table = toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map(|span| super::manifest::line_of(text, span.start));
            (line, err.message().trim_end().to_owned())
        })?;
        let mut kinds = BTreeMap::new();
        for (kind, value) in table {
            let mapping = match value {
                toml::Value::String(source) => Mapping::Pattern(Pattern::parse(source)),
                toml::Value::Table(by_bits) => {
                    let mut patterns = BTreeMap::new();
                    for (key, value) in by_bits {
                        if key != "default" && key.parse::<u16>().is_err() {
                            return Err((
                                None,
                                format!(
                                    "[{kind}] keys are bit sizes such as `32` or `default`, not `{key}`"
                                ),
                            ));
                        }
                        let toml::Value::String(source) = value else {
                            return Err((
                                None,
                                format!(
                                    "[{kind}] `{key}` must be a string, not {}",
                                    value.type_str()
                                ),
                            ));
                        };
                        patterns.insert(key, Pattern::parse(source));
                    }
                    Mapping::ByBits(patterns)
                }
                other => {
                    return Err((
                        None,
                        format!(
                            "`{kind}` must be a string or a table keyed by bits, not {}",
                            other.type_str()
                        ),
                    ));
                }
            };
            kinds.insert(kind, mapping);
        }
        Ok(Self {
            file: path.to_path_buf(),
            kinds,
        })
    }

    /// `ty` (an IR `TypeRef` as a template value) spelled through the mapping.
    pub fn render(&self, ty: &Value) -> Result<String, String> {
        let mut out = String::new();
        self.render_into(ty, 0, &mut out)?;
        Ok(out)
    }

    fn render_into(&self, ty: &Value, depth: usize, out: &mut String) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "type_ref: TypeRef nested deeper than {MAX_DEPTH} levels"
            ));
        }
        let kind = field(ty, "kind")
            .and_then(|kind| kind.as_str().map(str::to_owned))
            .ok_or_else(|| {
                format!("type_ref expects an IR TypeRef (an object with a `kind`), got `{ty}`")
            })?;
        let file = self.file.display();
        let mapping = self.kinds.get(&kind).ok_or_else(|| {
            format!(
                "{file} has no mapping for the TypeRef kind `{kind}`; add e.g. `{kind} = \"...\"`"
            )
        })?;
        let pattern = match mapping {
            Mapping::Pattern(pattern) => pattern,
            Mapping::ByBits(by_bits) => {
                let bits = field(ty, "bits").map(|bits| bits.to_string());
                bits.as_ref()
                    .and_then(|bits| by_bits.get(bits))
                    .or_else(|| by_bits.get("default"))
                    .ok_or_else(|| {
                        format!(
                            "{file}: [{kind}] has no entry for {} bits and no `default`",
                            bits.as_deref().unwrap_or("unknown")
                        )
                    })?
            }
        };
        for piece in &pattern.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Field(name) => {
                    let value = field(ty, name).ok_or_else(|| {
                        format!(
                            "{file}: `{kind}` = {:?} uses {{{name}}}, but a `{kind}` TypeRef has no field `{name}`",
                            pattern.source
                        )
                    })?;
                    if field(&value, "kind").is_some() {
                        self.render_into(&value, depth + 1, out)?;
                    } else if let Some(text) = value.as_str() {
                        out.push_str(text);
                    } else if matches!(value.kind(), ValueKind::Number | ValueKind::Bool) {
                        out.push_str(&value.to_string());
                    } else {
                        return Err(format!(
                            "{file}: `{kind}` = {:?} uses {{{name}}}, which is `{value}`: not a TypeRef, a string or a number",
                            pattern.source
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The attribute `name` of a map value, when it is there and not none.
fn field(value: &Value, name: &str) -> Option<Value> {
    value
        .get_attr(name)
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_none())
}

impl Pattern {
    /// `{name}` (an identifier in braces) is a placeholder; every other character, braces
    /// included (`{ [key: string]: {values} }`, `{}`), is literal text.
    fn parse(source: String) -> Self {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = source.as_str();
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..name_len];
            let is_placeholder = after[name_len..].starts_with('}')
                && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            if is_placeholder {
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Field(name.to_owned()));
                rest = &after[name_len + 1..];
            } else {
                text.push('{');
                rest = after;
            }
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Self { source, pieces }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use minijinja::Value;

    use super::TypeMap;

    fn map(text: &str) -> TypeMap {
        TypeMap::parse(text, Path::new("types.toml")).expect("valid mapping")
    }

    #[test]
    fn renders_nested_types_and_sized_kinds() {
        let types = map(
            "string = \"string\"\narray = \"Array<{items}>\"\nmap = \"{ [k: string]: {values} }\"\nnamed = \"{name}\"\n[integer]\n32 = \"int32\"\ndefault = \"int{bits}\"\n",
        );
        let ty = Value::from_serialize(serde_json::json!({
            "kind": "map",
            "values": {"kind": "array", "items": {"kind": "named", "name": "Foo"}}
        }));
        assert_eq!(
            types.render(&ty).expect("renders"),
            "{ [k: string]: Array<Foo> }"
        );
        let int =
            |bits: u8| Value::from_serialize(serde_json::json!({"kind": "integer", "bits": bits}));
        assert_eq!(types.render(&int(32)).expect("renders"), "int32");
        assert_eq!(types.render(&int(64)).expect("renders"), "int64");
    }

    #[test]
    fn a_missing_kind_names_the_file_and_the_kind() {
        let types = map("string = \"string\"\n");
        let message = types
            .render(&Value::from_serialize(
                serde_json::json!({"kind": "binary"}),
            ))
            .expect_err("no mapping");
        assert!(
            message.contains("types.toml") && message.contains("`binary`"),
            "{message}"
        );
    }

    #[test]
    fn only_identifiers_in_braces_are_placeholders() {
        let types = map("any = \"{}\"\nnamed = \"{ value: {name}; {1} }\"\n");
        let render = |ty: serde_json::Value| types.render(&Value::from_serialize(ty));
        assert_eq!(
            render(serde_json::json!({"kind": "any"})).expect("any"),
            "{}"
        );
        assert_eq!(
            render(serde_json::json!({"kind": "named", "name": "Foo"})).expect("named"),
            "{ value: Foo; {1} }"
        );
        let message = map("array = \"Array<{itmes}>\"\n")
            .render(&Value::from_serialize(
                serde_json::json!({"kind": "array", "items": {"kind": "any"}}),
            ))
            .expect_err("typo");
        assert!(message.contains("no field `itmes`"), "{message}");
    }

    #[test]
    fn bad_mappings_are_rejected() {
        assert!(TypeMap::parse("[integer]\nbig = \"x\"\n", Path::new("t")).is_err());
        assert!(TypeMap::parse("integer = 3\n", Path::new("t")).is_err());
        assert!(TypeMap::parse("[integer]\n32 = 1\n", Path::new("t")).is_err());
    }
}
