//! The generator's configuration (`spec/sdkgen.toml`): what to generate from which document.

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    sdk: SdkConfig,
    input: RawInput,
    rust: RawRust,
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
        })
    }
}

fn is_pascal_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}
