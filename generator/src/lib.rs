//! sdkgen turns an OpenAPI document into an SDK.
//!
//! The pipeline runs one way: [`load`] reads and normalises the document, [`lower`] resolves it into
//! the language-neutral [`ir::Api`], and a backend renders files from the IR alone ([`rust`] for
//! the Rust crate, [`template`] for the languages of `templates/`). [`output`] writes those files, or compares them with what is on disk.

mod clashes;
pub mod config;
pub mod corpus;
pub mod diagnostics;
pub mod ir;
pub mod load;
pub mod lower;
mod naming;
pub mod output;
pub mod run;
pub mod rust;
pub mod template;

use std::path::Path;

pub use config::{Config, Settings};
pub use diagnostics::{Diagnostic, Error, Result};

/// Loads the configured document and lowers it: the IR every backend renders from.
pub fn load_api(config: &Config) -> Result<lower::Lowered> {
    let document = load::load(&config.spec)?;
    lower::lower(&document, &config.sdk)
}

/// Reads the configuration at `path`.
pub fn load_config(path: &Path) -> Result<Config> {
    Config::load(path)
}

/// Generates the Rust crate described by `config`, in memory.
pub fn generate_rust(config: &Config) -> Result<(Vec<output::GeneratedFile>, Vec<Diagnostic>)> {
    let lowered = load_api(config)?;
    let files = rust::render(&lowered.api, config)?;
    Ok((files, lowered.warnings))
}

/// Generates the template language `lang` (rendered from `templates/<lang>/`), in memory: paths
/// are relative to the language's output folder and sorted. The templates see the language's
/// `[languages.<lang>]` options from the configuration, or an empty table when it has none.
pub fn generate_language(
    config: &Config,
    lang: &str,
) -> Result<(Vec<output::GeneratedFile>, Vec<Diagnostic>)> {
    let language = template::Language::load(&config.templates, lang)?;
    let lowered = load_api(config)?;
    let files = language.render(&lowered.api, &language_options(config, lang))?;
    Ok((files, lowered.warnings))
}

/// The `options` the templates of `lang` see: its configuration table without `output`.
pub fn language_options(config: &Config, lang: &str) -> serde_json::Value {
    config.languages.get(lang).map_or_else(
        || serde_json::json!({}),
        |language| language.options.clone(),
    )
}
