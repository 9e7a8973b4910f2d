//! Errors and warnings about a spec, each pointing at the place in the document that caused it.
//!
//! A user who sees "unsupported schema" needs to know *where*: every diagnostic carries the file,
//! the JSON pointer inside the document and, when the source map knows it, the line.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a spec document something was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The document's path as given by the configuration.
    pub file: PathBuf,
    /// RFC 6901 JSON pointer into the document, `""` for the whole document.
    pub pointer: String,
    /// 1-based line of the pointed-to node, when known.
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, " (at #{pointer})")
    }
}

/// A problem in a spec, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Everything that can stop a generator run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The configuration file is not valid.
    #[error("{path}: invalid configuration: {message}")]
    Config { path: PathBuf, message: String },
    /// The command line, with the configuration, asks for something impossible: no spec, a spec
    /// that is not a file, an output folder inside the spec.
    #[error("{0}")]
    Usage(String),
    /// The spec cannot be turned into an SDK; the diagnostic says where and why.
    #[error("{0}")]
    Spec(Diagnostic),
    /// A template (or a file of a template language: its manifest, its type mapping) could not be
    /// loaded or rendered. `file` is the innermost template the problem is in, `line` its 1-based
    /// line when known.
    #[error("{}: {message}", display_file_line(file, *line))]
    Template {
        file: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// The backend produced code that does not parse: a generator bug, reported instead of a panic.
    #[error("generated code for {file} does not parse ({message}); please report this as a bug")]
    Render { file: String, message: String },
}

impl Error {
    /// The exit code of a command that stops with this error: 2 for the command line or the
    /// configuration, 3 for the spec or the templates, 4 for reading or writing files, 5 for a
    /// generator bug. (0 is success and 1 a stale output found by a check.)
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::Config { .. } => 2,
            Self::Spec(_) | Self::Template { .. } => 3,
            Self::Io { .. } => 4,
            Self::Render { .. } => 5,
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// `path:line`, or `path` alone when the line is unknown.
fn display_file_line(file: &Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", file.display()),
        None => file.display().to_string(),
    }
}

/// The result type of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one reference token for a JSON pointer (RFC 6901: `~` becomes `~0`, `/` becomes `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends one token to a JSON pointer.
pub fn join_pointer(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}
