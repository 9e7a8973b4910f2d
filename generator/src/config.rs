//! The generator's configuration (`spec/sdkgen.toml`): what to generate from which document.
//!
//! A configuration file and the command line fill in [`Settings`]; whatever neither sets is derived
//! from the spec's `info` when the settings are resolved into a [`Config`] (the SDK's name from the
//! title, the crate's version from `info.version`, the built-in templates). Every value is checked
//! where it is read, so an invalid one is an error naming its key, never a panic in a backend.

mod names;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Error, Result};
use crate::template::Templates;

pub use names::{
    check_crate_name, check_crate_version, check_env_prefix, check_module_name, check_sdk_name,
};

/// The resolved configuration: every name set and checked, every path absolute against the
/// configuration's folder (or as given on the command line).
#[derive(Debug, Clone)]
pub struct Config {
    pub sdk: SdkConfig,
    /// The OpenAPI document (YAML or JSON).
    pub spec: PathBuf,
    /// The templates root, one sub-folder per language: built in unless a folder is configured.
    pub templates: Templates,
    pub rust: RustConfig,
    /// The template languages to render (`[languages.<name>]`), by folder name under `templates`.
    pub languages: BTreeMap<String, LanguageConfig>,
}

/// Names that belong to the SDK rather than to the spec.
#[derive(Debug, Clone)]
pub struct SdkConfig {
    /// The SDK's name in PascalCase, e.g. `OpenRouter`.
    pub name: String,
    /// Prefix of the environment variables read as fallbacks, e.g. `OPENROUTER`.
    pub env_prefix: String,
    /// Example values of global parameters the spec gives none for, by their name on the wire
    /// (`"HTTP-Referer" = "https://myapp.example"`): the docs show them instead of a placeholder
    /// that would be sent literally if copied.
    pub examples: BTreeMap<String, serde_json::Value>,
    /// Properties whose values are secrets, beyond those the spec marks (`format: password`,
    /// `x-speakeasy-sensitive: true`): `<TypeName>.<property>` with a type name of the IR
    /// (`ExchangeAuthCodeForAPIKeyResponse.key`) and the property's name on the wire, or
    /// `<RequestType>.<parameter>` for an operation's parameter. An entry that names nothing in
    /// the API is an error.
    pub sensitive: Vec<String>,
    /// The file this configuration was read from, so that an error about an entry can name it.
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
    /// Dependencies of hand-written tests and examples, added to `[dev-dependencies]`.
    pub extra_dev_dependencies: toml::Table,
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

/// What a configuration file and the command line set, each value already checked. Anything left
/// unset is derived when the settings are [resolved](Settings::resolve).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The configuration file these settings were read from, if any.
    pub file: Option<PathBuf>,
    pub sdk_name: Option<String>,
    pub env_prefix: Option<String>,
    pub examples: BTreeMap<String, serde_json::Value>,
    pub sensitive: Vec<String>,
    pub spec: Option<PathBuf>,
    /// A templates folder; the built-in templates when unset.
    pub templates: Option<PathBuf>,
    pub crate_name: Option<String>,
    pub crate_version: Option<String>,
    /// The Rust crate's folder; a folder named after the crate in the current directory when
    /// unset.
    pub output: Option<PathBuf>,
    pub hand_written_modules: Vec<String>,
    pub docs_sections: Vec<PathBuf>,
    pub extra_dependencies: toml::Table,
    pub extra_dev_dependencies: toml::Table,
    pub languages: BTreeMap<String, LanguageConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    sdk: RawSdk,
    #[serde(default)]
    input: RawInput,
    #[serde(default)]
    rust: RawRust,
    #[serde(default)]
    languages: BTreeMap<String, toml::Table>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSdk {
    name: Option<String>,
    env_prefix: Option<String>,
    #[serde(default)]
    examples: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    sensitive: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    spec: Option<PathBuf>,
    templates: Option<PathBuf>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRust {
    crate_name: Option<String>,
    crate_version: Option<String>,
    output: Option<PathBuf>,
    #[serde(default)]
    hand_written_modules: Vec<String>,
    #[serde(default)]
    docs_sections: Vec<PathBuf>,
    #[serde(default)]
    extra_dependencies: toml::Table,
    #[serde(default)]
    extra_dev_dependencies: toml::Table,
}

/// Checks the value of `key` (when set) with `check`; the error names the key.
fn checked(
    key: &str,
    value: Option<String>,
    check: fn(&str) -> Result<(), String>,
) -> Result<Option<String>, String> {
    if let Some(value) = &value {
        check(value).map_err(|message| format!("{key}: {message}"))?;
    }
    Ok(value)
}

impl Settings {
    /// Reads and checks a configuration file; its relative paths are taken against its folder.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::io(path, source))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut settings = Self::parse(&text, base).map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })?;
        settings.file = Some(path.to_path_buf());
        Ok(settings)
    }

    /// Parses and checks configuration text; relative paths are taken against `base`. The error
    /// names the key at fault.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| err.to_string())?;
        if let Some(bad) = raw.sdk.sensitive.iter().find(|entry| {
            entry
                .split_once('.')
                .is_none_or(|(type_name, property)| type_name.is_empty() || property.is_empty())
        }) {
            return Err(format!(
                "sdk.sensitive entry `{bad}` must be `<TypeName>.<property>`, e.g. `ExchangeAuthCodeForAPIKeyResponse.key` (type names as `sdkgen ir` shows them, the property as on the wire)"
            ));
        }
        let mut modules = std::collections::BTreeSet::new();
        for module in &raw.rust.hand_written_modules {
            check_module_name(module)
                .map_err(|message| format!("rust.hand_written_modules: {message}"))?;
            if !modules.insert(module) {
                return Err(format!(
                    "rust.hand_written_modules: `{module}` is listed twice"
                ));
            }
        }
        let mut languages = BTreeMap::new();
        for (name, table) in raw.languages {
            let language = LanguageConfig::parse(&name, table, base)?;
            languages.insert(name, language);
        }
        Ok(Self {
            file: None,
            sdk_name: checked("sdk.name", raw.sdk.name, check_sdk_name)?,
            env_prefix: checked("sdk.env_prefix", raw.sdk.env_prefix, check_env_prefix)?,
            examples: raw.sdk.examples,
            sensitive: raw.sdk.sensitive,
            spec: raw.input.spec.map(|path| base.join(path)),
            templates: raw.input.templates.map(|path| base.join(path)),
            crate_name: checked("rust.crate_name", raw.rust.crate_name, check_crate_name)?,
            crate_version: checked(
                "rust.crate_version",
                raw.rust.crate_version,
                check_crate_version,
            )?,
            output: raw.rust.output.map(|path| base.join(path)),
            hand_written_modules: raw.rust.hand_written_modules,
            docs_sections: raw
                .rust
                .docs_sections
                .into_iter()
                .map(|path| base.join(path))
                .collect(),
            extra_dependencies: raw.rust.extra_dependencies,
            extra_dev_dependencies: raw.rust.extra_dev_dependencies,
            languages,
        })
    }

    /// The spec to generate from, or an error saying how to name one.
    pub fn spec(&self) -> Result<&Path> {
        self.spec.as_deref().ok_or_else(|| {
            Error::Usage("no spec to generate from: pass --spec FILE, or set `input.spec` in the configuration".into())
        })
    }

    /// Whether resolving needs the spec's `info` (some name or the version is derived from it).
    pub fn derives_from_spec(&self) -> bool {
        self.sdk_name.is_none()
            || self.env_prefix.is_none()
            || self.crate_name.is_none()
            || self.crate_version.is_none()
    }

    /// The configuration: these settings, with what they leave unset derived from the spec's
    /// `info`. The SDK's name comes from the title, the environment prefix from the name, the crate
    /// name from the title (or from the name, when that is set), the version from `info.version`
    /// when it is a semantic version, else `0.1.0`.
    pub fn resolve(self, info: &openapiv3::Info) -> Result<Config> {
        let spec = self.spec()?.to_path_buf();
        let name = self
            .sdk_name
            .clone()
            .unwrap_or_else(|| names::derive_sdk_name(&info.title));
        let crate_name = self.crate_name.clone().unwrap_or_else(|| {
            names::derive_crate_name(self.sdk_name.as_deref().unwrap_or(&info.title))
        });
        let env_prefix = self
            .env_prefix
            .unwrap_or_else(|| names::derive_env_prefix(&name));
        let crate_version = self
            .crate_version
            .unwrap_or_else(|| names::derive_crate_version(&info.version));
        let output = self.output.unwrap_or_else(|| PathBuf::from(&crate_name));
        Ok(Config {
            sdk: SdkConfig {
                name,
                env_prefix,
                examples: self.examples,
                sensitive: self.sensitive,
                file: self.file,
            },
            spec,
            templates: self.templates.map_or(Templates::BuiltIn, Templates::Folder),
            rust: RustConfig {
                crate_name,
                crate_version,
                output,
                hand_written_modules: self.hand_written_modules,
                docs_sections: self.docs_sections,
                extra_dependencies: self.extra_dependencies,
                extra_dev_dependencies: self.extra_dev_dependencies,
            },
            languages: self.languages,
        })
    }

    /// Resolves these settings, reading the spec's `info` only when something is derived from it.
    pub fn resolve_reading_spec(self) -> Result<Config> {
        let info = if self.derives_from_spec() {
            crate::load::load(self.spec()?)?.api.info
        } else {
            openapiv3::Info::default()
        };
        self.resolve(&info)
    }
}

impl Config {
    /// Reads and checks a configuration file, deriving what it leaves out from its spec.
    pub fn load(path: &Path) -> Result<Self> {
        Settings::load(path)?.resolve_reading_spec()
    }

    /// Parses configuration text; relative paths are taken against `base`.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        Settings::parse(text, base)?
            .resolve_reading_spec()
            .map_err(|err| err.to_string())
    }

    /// Checks the paths before anything is generated: the templates folder exists, and no output
    /// folder is a file, the spec, inside the spec, or inside the templates folder.
    pub fn check_paths(&self) -> Result<()> {
        if let Templates::Folder(folder) = &self.templates
            && !folder.is_dir()
        {
            return Err(Error::Usage(format!(
                "the templates folder {} does not exist (--templates or `input.templates`)",
                folder.display()
            )));
        }
        let spec = real(&self.spec);
        let templates = match &self.templates {
            Templates::Folder(folder) => Some(real(folder)),
            Templates::BuiltIn => None,
        };
        let outputs = std::iter::once(&self.rust.output)
            .chain(self.languages.values().map(|language| &language.output));
        for output in outputs {
            let real_output = real(output);
            let problem = if real_output.starts_with(&spec) {
                "is the spec file or inside it"
            } else if output.is_file() {
                "is a file"
            } else if templates
                .as_ref()
                .is_some_and(|templates| real_output.starts_with(templates))
            {
                "is inside the templates folder"
            } else {
                continue;
            };
            return Err(Error::Usage(format!(
                "the output folder {} {problem} (--out, `rust.output` or `languages.<name>.output`)",
                output.display()
            )));
        }
        Ok(())
    }
}

/// `path` with its existing part resolved (symbolic links, `..`), so that two spellings of one
/// place compare equal.
fn real(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for ancestor in absolute.ancestors() {
        if let Ok(resolved) = ancestor.canonicalize() {
            return resolved.join(absolute.strip_prefix(ancestor).unwrap_or(Path::new("")));
        }
    }
    absolute
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
pub(crate) fn toml_to_json(value: toml::Value) -> serde_json::Value {
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
