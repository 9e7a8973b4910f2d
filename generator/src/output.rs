//! Output: the files a backend produced, written atomically and only when changed, or compared
//! with what is on disk.
//!
//! Codegen owns exactly the files listed in the folder's manifest (`.sdkgen-files`): a file it
//! produced before and no longer produces is deleted; any other file (hand-written code, tests) is
//! never touched.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Error, Result};

/// The manifest of the files codegen owns in an output folder.
pub const MANIFEST: &str = ".sdkgen-files";

/// One produced file, with its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

impl GeneratedFile {
    pub fn new(path: &str, contents: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            contents: contents.into(),
        }
    }
}

/// What a write changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub deleted: Vec<String>,
}

/// The manifest file itself: the sorted list of owned paths.
fn manifest(files: &[GeneratedFile]) -> GeneratedFile {
    let mut text = String::from(
        "# Files written by sdkgen (`cargo xtask codegen`); do not edit them by hand.\n",
    );
    let paths: BTreeSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    GeneratedFile::new(MANIFEST, text)
}

/// The paths the manifest in `folder` lists, or none when there is no manifest yet.
fn owned_paths(folder: &Path) -> Result<BTreeSet<String>> {
    let path = folder.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(str::to_owned)
            .collect()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(source) => Err(Error::io(&path, source)),
    }
}

/// Rejects paths that would escape the output folder.
fn checked(folder: &Path, relative: &str) -> Result<PathBuf> {
    let safe = Path::new(relative)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !safe {
        return Err(Error::io(
            Path::new(relative),
            std::io::Error::other("refusing to write outside the output folder"),
        ));
    }
    Ok(folder.join(relative))
}

/// What a run must make true in a folder: every file (the manifest included) and the previously
/// generated files that are no longer produced.
struct Plan {
    files: Vec<GeneratedFile>,
    stale: Vec<String>,
}

fn plan(folder: &Path, files: &[GeneratedFile]) -> Result<Plan> {
    let produced: BTreeSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    let stale = owned_paths(folder)?
        .into_iter()
        .filter(|path| !produced.contains(path.as_str()))
        .collect();
    let mut all = files.to_vec();
    all.push(manifest(files));
    Ok(Plan { files: all, stale })
}

/// Writes `files` into `folder`: changed files atomically (a temporary file renamed over the old),
/// unchanged files not at all, and files of the previous manifest that are no longer produced are
/// deleted.
pub fn write(folder: &Path, files: &[GeneratedFile]) -> Result<Report> {
    let plan = plan(folder, files)?;
    let mut report = Report::default();
    for file in &plan.files {
        let path = checked(folder, &file.path)?;
        if std::fs::read(&path).ok().as_deref() == Some(file.contents.as_bytes()) {
            report.unchanged += 1;
            continue;
        }
        write_atomically(&path, file.contents.as_bytes())?;
        report.written.push(file.path.clone());
    }
    for stale in &plan.stale {
        let path = checked(folder, stale)?;
        match std::fs::remove_file(&path) {
            Ok(()) => report.deleted.push(stale.clone()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::io(&path, source)),
        }
    }
    Ok(report)
}

/// Writes `contents` to a temporary file beside `path` and renames it over `path`: a reader (a
/// build running meanwhile) and a generator that is killed mid-run never see half a file.
///
/// Nothing is synced to disk (`fsync`): that would only guard against a power loss, after which a
/// generated file may be empty or old; the next run, or `sdkgen check`, finds and rewrites it, as
/// the output is always reproducible from the spec. Syncing each file made writing the full
/// OpenRouter crate (1,881 files) take seconds on a busy disk instead of milliseconds.
fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|source| Error::io(folder, source))?;
    let mut temporary =
        tempfile::NamedTempFile::new_in(folder).map_err(|source| Error::io(folder, source))?;
    temporary
        .write_all(contents)
        .map_err(|source| Error::io(path, source))?;
    temporary
        .persist(path)
        .map_err(|err| Error::io(path, err.error))?;
    Ok(())
}

/// How `folder` differs from `files`: a unified diff per changed file, and the stale files.
/// Empty when the folder is up to date. Nothing is written.
pub fn check(folder: &Path, files: &[GeneratedFile]) -> Result<Vec<String>> {
    let plan = plan(folder, files)?;
    // Paths as seen from the folder's parent (`a/generated/src/lib.rs`), which is usually the
    // repository root, so that the diff applies there.
    let prefix = folder
        .file_name()
        .map(|name| format!("{}/", name.to_string_lossy()))
        .unwrap_or_default();
    let mut problems = Vec::new();
    for file in &plan.files {
        let path = checked(folder, &file.path)?;
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                problems.push(format!("{} is missing", file.path));
                continue;
            }
            Err(source) => return Err(Error::io(&path, source)),
        };
        if current != file.contents {
            let diff = similar::TextDiff::from_lines(&current, &file.contents)
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("a/{prefix}{}", file.path),
                    &format!("b/{prefix}{}", file.path),
                )
                .to_string();
            problems.push(diff);
        }
    }
    for stale in &plan.stale {
        if checked(folder, stale)?.exists() {
            problems.push(format!(
                "{stale} is no longer generated and would be deleted"
            ));
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::{GeneratedFile, MANIFEST, check, write};

    fn files(contents: &[(&str, &str)]) -> Vec<GeneratedFile> {
        contents
            .iter()
            .map(|(path, text)| GeneratedFile::new(path, *text))
            .collect()
    }

    #[test]
    fn writes_only_changes_and_deletes_what_it_no_longer_produces() {
        let folder = tempfile::tempdir().expect("temp dir");
        let root = folder.path();
        std::fs::write(root.join("hand_written.rs"), "mine").expect("write");

        let first = write(root, &files(&[("a.rs", "a"), ("src/b.rs", "b")])).expect("first write");
        assert_eq!(first.written, ["a.rs", "src/b.rs", MANIFEST]);

        let second = write(root, &files(&[("a.rs", "a2")])).expect("second write");
        assert_eq!(second.written, ["a.rs", MANIFEST]);
        assert_eq!(second.deleted, ["src/b.rs"]);
        assert!(!root.join("src/b.rs").exists());
        assert_eq!(
            std::fs::read_to_string(root.join("hand_written.rs")).expect("read"),
            "mine"
        );

        let third = write(root, &files(&[("a.rs", "a2")])).expect("third write");
        assert!(third.written.is_empty());
        assert_eq!(third.unchanged, 2);
    }

    #[test]
    fn check_reports_a_diff_and_writes_nothing() {
        let folder = tempfile::tempdir().expect("temp dir");
        let root = folder.path();
        write(root, &files(&[("a.rs", "one\ntwo\n")])).expect("write");
        assert!(
            check(root, &files(&[("a.rs", "one\ntwo\n")]))
                .expect("check")
                .is_empty()
        );

        let problems = check(root, &files(&[("a.rs", "one\nthree\n")])).expect("check");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("-two") && problems[0].contains("+three"),
            "{}",
            problems[0]
        );
        assert_eq!(
            std::fs::read_to_string(root.join("a.rs")).expect("read"),
            "one\ntwo\n"
        );
    }

    #[test]
    fn refuses_paths_outside_the_folder() {
        let folder = tempfile::tempdir().expect("temp dir");
        assert!(write(folder.path(), &files(&[("../escape.rs", "x")])).is_err());
    }
}
