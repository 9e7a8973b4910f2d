//! `templates/<language>/manifest.toml`: which files a language renders, from which templates.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Error, Result};

/// The parsed manifest of one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// A folder (relative to the manifest) whose tree is copied verbatim into the output.
    #[serde(rename = "static")]
    pub static_dir: Option<PathBuf>,
    /// The type mapping file (relative to the manifest) used by `type_ref`.
    pub types: Option<PathBuf>,
    /// Collapse runs of blank lines in rendered files into one, and end each file with exactly one
    /// line break: templates can then lay out their blocks for reading instead of for exact
    /// whitespace.
    #[serde(default)]
    pub tidy: bool,
    /// Type names the language's generated code defines or uses unqualified besides the API's own
    /// (its runtime's types, the language's global types such as TypeScript's `Promise`): a type of
    /// the API named like one is renamed in this language's copy of the IR (`Promise2`).
    #[serde(default)]
    pub reserved: Vec<String>,
    /// The rendered files.
    #[serde(rename = "file", default)]
    pub files: Vec<FileRule>,
    /// Defaults of the `options` the configuration leaves out, so that the language renders
    /// without a configuration (`sdkgen generate --lang <name>`); a string is a template rendered
    /// with `api` (`package_name = "{{ api.sdk.name.snake | kebab }}"`).
    #[serde(default)]
    pub options: toml::Table,
}

/// One `[[file]]` entry: a template rendered once, or once per item of the IR.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRule {
    /// The template, relative to `templates/<language>/templates/`.
    pub template: String,
    /// The output path, relative to the output folder: itself a template rendered with the same
    /// context as the file.
    pub path: String,
    /// What to render the file for.
    #[serde(default)]
    pub each: Each,
    /// An expression over the same context: the file is rendered only where it is true.
    pub when: Option<String>,
}

/// What a `[[file]]` is rendered for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Each {
    /// Once, with `api`, `options` and `lang`.
    #[default]
    Once,
    /// Once per element of `api.groups`, as `group`.
    Group,
    /// Once per operation, as `operation`, with its `group`.
    Operation,
    /// Once per element of `api.types`, as `type`.
    Type,
    /// Once per element of `api.errors`, as `error`.
    Error,
}

impl Manifest {
    /// Checks the text of the manifest at `path` (which names it in errors).
    pub fn parse_file(text: &str, path: &Path) -> Result<Self> {
        Self::parse(text).map_err(|(line, message)| Error::Template {
            file: path.to_path_buf(),
            line,
            message: format!("invalid manifest: {message}"),
        })
    }

    fn parse(text: &str) -> Result<Self, (Option<usize>, String)> {
        let manifest: Self = toml::from_str(text).map_err(|err| {
            let line = err.span().map(|span| line_of(text, span.start));
            (line, err.message().trim_end().to_owned())
        })?;
        for (index, rule) in manifest.files.iter().enumerate() {
            let number = index + 1;
            if rule.template.trim().is_empty() {
                return Err((None, format!("[[file]] #{number} has an empty `template`")));
            }
            if rule.path.trim().is_empty() {
                return Err((None, format!("[[file]] #{number} has an empty `path`")));
            }
        }
        Ok(manifest)
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::{Each, Manifest};

    #[test]
    fn parses_rules_with_defaults() {
        let manifest = Manifest::parse(
            "static = \"static\"\n[[file]]\ntemplate = \"a.jinja\"\npath = \"a.ts\"\n[[file]]\ntemplate = \"t.jinja\"\npath = \"{{ type.name }}.ts\"\neach = \"type\"\nwhen = \"true\"\n",
        )
        .expect("valid");
        assert_eq!(manifest.files.len(), 2);
        assert_eq!(manifest.files[0].each, Each::Once);
        assert_eq!(manifest.files[1].each, Each::Type);
        assert!(manifest.types.is_none());
    }

    #[test]
    fn unknown_keys_and_kinds_are_errors_with_a_line() {
        let (line, message) =
            Manifest::parse("[[file]]\ntemplate = \"a\"\npath = \"b\"\nbogus = 1\n")
                .expect_err("unknown key");
        assert_eq!(line, Some(4), "{message}");
        assert!(message.contains("bogus"), "{message}");
        let (_, message) =
            Manifest::parse("[[file]]\ntemplate = \"a\"\npath = \"b\"\neach = \"model\"\n")
                .expect_err("unknown each");
        assert!(message.contains("model"), "{message}");
    }
}
