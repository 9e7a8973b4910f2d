//! The generator's configuration (`spec/sdkgen.toml`): what to generate from which document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Error, Result};

/// The parsed configuration, with every path made absolute against the configuration's folder.
#[derive(Debug, Clone)]
pub struct Config {
    pub sdk: SdkConfig,
    /// The OpenAPI document (YAML or JSON).
    pub spec: PathBuf,
    /// The root of the templates folder (`templates/`), one sub-folder per language.
    pub templates: PathBuf,
    pub rust: RustConfig,
    /// The template languages to render (`[languages.<name>]`), by folder name under `templates`.
    pub languages: BTreeMap<String, LanguageConfig>,
}

/// Names that belong to the SDK rather than to the spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkConfig {
    /// The SDK's name in PascalCase, e.g. `OpenRouter`.
    pub name: String,
    /// Prefix of the environment variables read as fallbacks, e.g. `OPENROUTER`.
    pub env_prefix: String,
}

/// Settings of the Rust backend.
#[derive(Debug, Clone)]
pub struct RustConfig {
    pub crate_name: String,
    pub crate_version: String,
    /// The generated crate's folder.
    pub output: PathBuf,
    /// Modules a person writes inside the generated crate; declared, never written.
    pub hand_written_modules: Vec<String>,
}

/// Settings of one template language (`[languages.typescript]`): rendered from
/// `templates/<name>/` by the template backend.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageConfig {
    /// The folder the language's files are written to.
    pub output: PathBuf,
    /// Every other key of the table, handed to the templates as `options` (always a JSON object).
    pub options: serde_json::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    sdk: SdkConfig,
    input: RawInput,
    rust: RawRust,
    #[serde(default)]
    languages: BTreeMap<String, toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    spec: PathBuf,
    templates: PathBuf,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRust {
    crate_name: String,
    crate_version: String,
    output: PathBuf,
    #[serde(default)]
    hand_written_modules: Vec<String>,
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::io(path, source))?;
        let base = path.parent().unwrap_or(Path::new("."));
        Self::parse(&text, base).map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses configuration text; relative paths are taken against `base`.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| err.to_string())?;
        if !is_pascal_identifier(&raw.sdk.name) {
            return Err(format!(
                "sdk.name `{}` must be a PascalCase identifier such as `OpenRouter`",
                raw.sdk.name
            ));
        }
        let mut languages = BTreeMap::new();
        for (name, table) in raw.languages {
            let language = LanguageConfig::parse(&name, table, base)?;
            languages.insert(name, language);
        }
        Ok(Self {
            sdk: raw.sdk,
            spec: base.join(raw.input.spec),
            templates: base.join(raw.input.templates),
            rust: RustConfig {
                crate_name: raw.rust.crate_name,
                crate_version: raw.rust.crate_version,
                output: base.join(raw.rust.output),
                hand_written_modules: raw.rust.hand_written_modules,
            },
            languages,
        })
    }
}

impl LanguageConfig {
    fn parse(name: &str, mut table: toml::Table, base: &Path) -> Result<Self, String> {
        check_language_name(name)?;
        let output = match table.remove("output") {
            Some(toml::Value::String(output)) => base.join(output),
            Some(other) => {
                return Err(format!(
                    "languages.{name}.output must be a string (a folder, relative to this file), not {}",
                    other.type_str()
                ));
            }
            None => {
                return Err(format!(
                    "languages.{name} needs `output`: the folder to write the {name} SDK to, relative to this file"
                ));
            }
        };
        let options = serde_json::Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, toml_to_json(value)))
                .collect(),
        );
        Ok(Self { output, options })
    }
}

/// Checks the name of a template language: the name of its folder under `templates/`.
pub fn check_language_name(name: &str) -> Result<(), String> {
    if name == "rust" {
        return Err(
            "`rust` is the built-in Rust backend, configured under [rust], not [languages.rust]"
                .to_owned(),
        );
    }
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "language name `{name}` must be a folder name of lowercase ASCII letters, digits, `_` and `-`, e.g. `typescript`"
        ))
    }
}

/// A TOML value as JSON: dates and times become their RFC 3339 text.
fn toml_to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(text) => serde_json::Value::String(text),
        toml::Value::Integer(number) => serde_json::Value::from(number),
        toml::Value::Float(number) => serde_json::Number::from_f64(number)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        toml::Value::Boolean(flag) => serde_json::Value::Bool(flag),
        toml::Value::Datetime(datetime) => serde_json::Value::String(datetime.to_string()),
        toml::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(toml_to_json).collect())
        }
        toml::Value::Table(table) => serde_json::Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, toml_to_json(value)))
                .collect(),
        ),
    }
}

fn is_pascal_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}
