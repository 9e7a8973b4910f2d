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
    /// Example values of global parameters the spec gives none for, by their name on the wire
    /// (`"HTTP-Referer" = "https://myapp.example"`): the docs show them instead of a placeholder
    /// that would be sent literally if copied.
    #[serde(default)]
    pub examples: std::collections::BTreeMap<String, serde_json::Value>,
    /// Properties whose values are secrets, beyond those the spec marks (`format: password`,
    /// `x-speakeasy-sensitive: true`): `<TypeName>.<property>` with a type name of the IR
    /// (`ExchangeAuthCodeForAPIKeyResponse.key`) and the property's name on the wire, or
    /// `<RequestType>.<parameter>` for an operation's parameter. An entry that names nothing in
    /// the API is an error.
    #[serde(default)]
    pub sensitive: Vec<String>,
    /// The file this configuration was read from (set by [`Config::load`]), so that an error
    /// about an entry can name it.
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

impl SdkConfig {
    /// The entries of `sensitive`, split into type name and property.
    pub fn sensitive_entries(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.sensitive.iter().filter_map(|entry| {
            let (type_name, property) = entry.split_once('.')?;
            Some((entry.as_str(), type_name, property))
        })
    }

    /// An error about this configuration, naming its file when it was read from one.
    pub fn error(&self, message: String) -> Error {
        Error::Config {
            path: self
                .file
                .clone()
                .unwrap_or_else(|| PathBuf::from("sdkgen.toml")),
            message,
        }
    }
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
    /// Markdown files appended to the crate docs (README and `lib.rs`), e.g. to document
    /// hand-written modules; their Rust code blocks are compiled as doctests like the rest.
    pub docs_sections: Vec<PathBuf>,
    /// Dependencies of the hand-written modules, as Cargo.toml writes them (`base64 = "0.23"`):
    /// added to the crate's `[dependencies]` so that no other SDK pays for them.
    pub extra_dependencies: toml::Table,
    /// Whether `cargo test` builds the library's unit tests: the runtime's, the same in every
    /// generated crate. `false` writes `[lib] test = false` and `bench = false`, so that
    /// `cargo test` and `cargo clippy --all-targets` compile a large crate once rather than twice
    /// (once as the library, once as the unit-test harness); the runtime's unit tests still run in
    /// a crate that keeps them.
    pub unit_tests: bool,
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
    #[serde(default)]
    docs_sections: Vec<PathBuf>,
    #[serde(default)]
    extra_dependencies: toml::Table,
    #[serde(default = "yes")]
    unit_tests: bool,
}

fn yes() -> bool {
    true
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::io(path, source))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut config = Self::parse(&text, base).map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })?;
        config.sdk.file = Some(path.to_path_buf());
        Ok(config)
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
        if let Some(bad) = raw.sdk.sensitive.iter().find(|entry| {
            entry
                .split_once('.')
                .is_none_or(|(type_name, property)| type_name.is_empty() || property.is_empty())
        }) {
            return Err(format!(
                "sdk.sensitive entry `{bad}` must be `<TypeName>.<property>`, e.g. `ExchangeAuthCodeForAPIKeyResponse.key` (type names as `cargo xtask codegen --dump-ir` shows them, the property as on the wire)"
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
                docs_sections: raw
                    .rust
                    .docs_sections
                    .into_iter()
                    .map(|path| base.join(path))
                    .collect(),
                extra_dependencies: raw.rust.extra_dependencies,
                unit_tests: raw.rust.unit_tests,
            },
            languages,
        })
    }
}

/// The configurations in `folder` (every `*.toml` file), sorted by name: one per SDK, as the
/// workspace's `spec/` holds them (`sdkgen.toml` for the OAuth SDK, `openrouter-full.toml` for the
/// whole API). One file stays one SDK, exactly what a user writes for their own.
pub fn files_in(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(folder).map_err(|source| Error::io(folder, source))?;
    let mut configs = Vec::new();
    for entry in entries {
        let path = entry.map_err(|source| Error::io(folder, source))?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            configs.push(path);
        }
    }
    configs.sort();
    Ok(configs)
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
