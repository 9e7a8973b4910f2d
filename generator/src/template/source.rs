//! Where the templates come from: a folder on disk, or the workspace's `templates/` built into the
//! generator.
//!
//! An installed `sdkgen` has no checkout to read `templates/` from, so the folder is embedded at
//! compile time (the build script makes cargo rebuild when it changes); `--templates DIR` or
//! `input.templates` reads another folder instead. Every backend reads templates through
//! [`Templates`], so both sources behave the same.

use std::path::{Component, Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Error, Result};

/// The workspace's `templates/` folder, as it was when the generator was compiled.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../templates");

/// How errors name a built-in template: there is no file on disk to point at.
const BUILT_IN_ROOT: &str = "<built-in templates>";

/// A templates root: one sub-folder per language (`typescript/`), and `rust/runtime/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Templates {
    /// The templates built into the generator.
    BuiltIn,
    /// A folder on disk.
    Folder(PathBuf),
}

/// How deep a template tree may nest before reading gives up (a symbolic link loop).
const MAX_DEPTH: usize = 32;

impl Templates {
    /// The path errors show for `relative`: a file on disk, or under `<built-in templates>`.
    pub fn path(&self, relative: &Path) -> PathBuf {
        match self {
            Self::BuiltIn => Path::new(BUILT_IN_ROOT).join(relative),
            Self::Folder(root) => root.join(relative),
        }
    }

    /// Whether `relative` is a file.
    pub fn is_file(&self, relative: &Path) -> bool {
        match self {
            Self::BuiltIn => BUILT_IN.get_file(relative).is_some(),
            Self::Folder(root) => root.join(relative).is_file(),
        }
    }

    /// Whether `relative` is a folder.
    pub fn is_dir(&self, relative: &Path) -> bool {
        match self {
            Self::BuiltIn => built_in_dir(relative).is_some(),
            Self::Folder(root) => root.join(relative).is_dir(),
        }
    }

    /// The text of the file `relative`.
    pub fn read(&self, relative: &Path) -> Result<String> {
        match self {
            Self::BuiltIn => {
                let file = BUILT_IN.get_file(relative).ok_or_else(|| {
                    Error::io(
                        &self.path(relative),
                        std::io::Error::from(std::io::ErrorKind::NotFound),
                    )
                })?;
                built_in_text(file)
            }
            Self::Folder(root) => {
                let path = root.join(relative);
                std::fs::read_to_string(&path).map_err(|source| Error::io(&path, source))
            }
        }
    }

    /// The text of the template `name` of a minijinja loader rooted at `relative`, or `None` when
    /// there is no such file. Names that leave the root (`..`, absolute) are never found.
    pub fn load_template(&self, relative: &Path, name: &str) -> Result<Option<String>> {
        let inside = Path::new(name)
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
        let path = relative.join(name);
        if !inside || !self.is_file(&path) {
            return Ok(None);
        }
        self.read(&path).map(Some)
    }

    /// Every file under the folder `relative`, recursively: (path below `relative` with `/`
    /// separators, text), sorted by path.
    pub fn files(&self, relative: &Path) -> Result<Vec<(String, String)>> {
        let mut files = Vec::new();
        match self {
            Self::BuiltIn => {
                let dir = built_in_dir(relative).ok_or_else(|| {
                    Error::io(
                        &self.path(relative),
                        std::io::Error::from(std::io::ErrorKind::NotFound),
                    )
                })?;
                collect_built_in(dir, relative, &mut files)?;
            }
            Self::Folder(root) => collect_folder(&root.join(relative), "", 0, &mut files)?,
        }
        files.sort();
        Ok(files)
    }
}

/// The built-in folder `relative` (`""` is the root).
fn built_in_dir(relative: &Path) -> Option<&'static Dir<'static>> {
    if relative.as_os_str().is_empty() {
        Some(&BUILT_IN)
    } else {
        BUILT_IN.get_dir(relative)
    }
}

/// A built-in file's text; every template is UTF-8 text.
fn built_in_text(file: &include_dir::File<'_>) -> Result<String> {
    file.contents_utf8()
        .map(str::to_owned)
        .ok_or_else(|| Error::Template {
            file: Path::new(BUILT_IN_ROOT).join(file.path()),
            line: None,
            message: "templates are text, and this built-in file is not UTF-8".into(),
        })
}

fn collect_built_in(
    dir: &Dir<'static>,
    root: &Path,
    out: &mut Vec<(String, String)>,
) -> Result<()> {
    for file in dir.files() {
        let relative = file.path().strip_prefix(root).unwrap_or(file.path());
        out.push((slashed(relative), built_in_text(file)?));
    }
    for sub in dir.dirs() {
        collect_built_in(sub, root, out)?;
    }
    Ok(())
}

/// A relative path with `/` separators, whatever the platform.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Appends the files under `folder` (recursively) with their paths below `prefix`.
fn collect_folder(
    folder: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<(String, String)>,
) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::Template {
            file: folder.to_path_buf(),
            line: None,
            message: format!(
                "template folders nest more than {MAX_DEPTH} deep (a symbolic link loop?)"
            ),
        });
    }
    for entry in std::fs::read_dir(folder).map_err(|source| Error::io(folder, source))? {
        let entry = entry.map_err(|source| Error::io(folder, source))?;
        let path = entry.path();
        let name = entry
            .file_name()
            .into_string()
            .map_err(|name| Error::Template {
                file: path.clone(),
                line: None,
                message: format!("template file name {name:?} is not UTF-8"),
            })?;
        let relative = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let metadata = std::fs::metadata(&path).map_err(|source| Error::io(&path, source))?;
        if metadata.is_dir() {
            collect_folder(&path, &relative, depth + 1, out)?;
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|source| Error::io(&path, source))?;
        let text = String::from_utf8(bytes).map_err(|err| Error::Template {
            file: path.clone(),
            line: None,
            message: format!(
                "templates are copied as text, and this file is not UTF-8 (invalid byte at offset {})",
                err.utf8_error().valid_up_to()
            ),
        })?;
        out.push((relative, text));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Templates;

    /// The built-in templates are the workspace's `templates/` folder, file for file.
    #[test]
    fn built_in_templates_equal_the_folder() {
        let folder = Templates::Folder(Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates"));
        let root = Path::new("");
        assert_eq!(
            Templates::BuiltIn.files(root).expect("built in"),
            folder.files(root).expect("folder")
        );
    }

    #[test]
    fn template_names_stay_inside_their_root() {
        let templates = Templates::BuiltIn;
        let root = Path::new("typescript/templates");
        assert!(
            templates
                .load_template(root, "macros.jinja")
                .expect("read")
                .is_some()
        );
        for outside in ["../manifest.toml", "/etc/passwd", "missing.jinja"] {
            assert_eq!(
                templates.load_template(root, outside).expect("read"),
                None,
                "{outside}"
            );
        }
    }
}
