//! Output: the files a backend produced, written atomically and only when changed, or compared
//! with what is on disk.
//!
//! Codegen owns exactly the files listed in the folder's manifest (`.sdkgen-files`): a file it
//! produced before and no longer produces is deleted; any other file (hand-written code, tests) is
//! never touched.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
fn manifest<'p>(paths: impl IntoIterator<Item = &'p String>) -> GeneratedFile {
    let mut text = String::from(
        "# Files written by sdkgen (`cargo xtask codegen`); do not edit them by hand.\n",
    );
    let paths: BTreeSet<&String> = paths.into_iter().collect();
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    GeneratedFile::new(MANIFEST, text)
}

/// The paths the manifest in `folder` lists, or none when there is no manifest yet.
pub fn owned_paths(folder: &Path) -> Result<BTreeSet<String>> {
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

/// A folder that files are brought up to date in, one by one as a backend produces them (from any
/// thread), so that no run holds every file at once.
struct Folder {
    path: PathBuf,
    /// The files of the previous manifest.
    owned: BTreeSet<String>,
    /// The files produced so far.
    produced: Mutex<BTreeSet<String>>,
}

impl Folder {
    fn new(path: &Path) -> Result<Self> {
        Ok(Self {
            path: path.to_path_buf(),
            owned: owned_paths(path)?,
            produced: Mutex::default(),
        })
    }

    /// The path of a produced file, which is recorded.
    fn produce(&self, file: &GeneratedFile) -> Result<PathBuf> {
        let path = checked(&self.path, &file.path)?;
        lock(&self.produced).insert(file.path.clone());
        Ok(path)
    }

    /// The manifest of what was produced, and the files of the previous one that no longer are.
    fn end(self) -> (GeneratedFile, Vec<String>) {
        let produced = self
            .produced
            .into_inner()
            .unwrap_or_else(|err| err.into_inner());
        let stale = self.owned.difference(&produced).cloned().collect();
        (manifest(&produced), stale)
    }
}

/// A mutex's value, also after a thread panicked while holding it (the panic is reported anyway).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|err| err.into_inner())
}

/// Writes files into a folder: changed files atomically (a temporary file renamed over the old),
/// unchanged files not at all; [`finish`](Self::finish) writes the manifest and deletes the
/// files of the previous manifest that are no longer produced.
pub struct Writer {
    folder: Folder,
    report: Mutex<Report>,
}

impl Writer {
    pub fn new(folder: &Path) -> Result<Self> {
        Ok(Self {
            folder: Folder::new(folder)?,
            report: Mutex::default(),
        })
    }

    /// Writes `file` unless the folder has it already.
    pub fn file(&self, file: &GeneratedFile) -> Result<()> {
        let path = self.folder.produce(file)?;
        let changed = write_if_changed(&path, &file.contents)?;
        let mut report = lock(&self.report);
        if changed {
            report.written.push(file.path.clone());
        } else {
            report.unchanged += 1;
        }
        Ok(())
    }

    pub fn finish(self) -> Result<Report> {
        let mut report = self
            .report
            .into_inner()
            .unwrap_or_else(|err| err.into_inner());
        // Files arrive in no fixed order; the report lists them sorted, the manifest last.
        report.written.sort();
        let folder = self.folder.path.clone();
        let (manifest, stale) = self.folder.end();
        if write_if_changed(&checked(&folder, MANIFEST)?, &manifest.contents)? {
            report.written.push(manifest.path);
        } else {
            report.unchanged += 1;
        }
        for stale in stale {
            let path = checked(&folder, &stale)?;
            match std::fs::remove_file(&path) {
                Ok(()) => report.deleted.push(stale),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(Error::io(&path, source)),
            }
        }
        Ok(report)
    }
}

/// Writes `files` into `folder` (see [`Writer`]).
pub fn write(folder: &Path, files: &[GeneratedFile]) -> Result<Report> {
    let writer = Writer::new(folder)?;
    files.iter().try_for_each(|file| writer.file(file))?;
    writer.finish()
}

/// Writes `contents` at `path` unless the file holds them already; returns whether it wrote.
fn write_if_changed(path: &Path, contents: &str) -> Result<bool> {
    if std::fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
        return Ok(false);
    }
    write_atomically(path, contents.as_bytes())?;
    Ok(true)
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
    let mut temporary = temporary_file()
        .tempfile_in(folder)
        .map_err(|source| Error::io(folder, source))?;
    temporary
        .write_all(contents)
        .map_err(|source| Error::io(path, source))?;
    temporary
        .persist(path)
        .map_err(|err| Error::io(path, err.error))?;
    Ok(())
}

/// A temporary file made like any other new file: `tempfile` creates its files readable by the
/// owner only (0600), which a generated crate must not be; with mode 0666 the user's umask decides,
/// as it does for `File::create`.
fn temporary_file() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Compares files with a folder, writing nothing: [`finish`](Self::finish) gives a unified diff
/// per changed file and names the missing and the stale files; none when the folder is up to
/// date.
pub struct Checker {
    folder: Folder,
    /// Each problem with the path it is about.
    problems: Mutex<Vec<(String, String)>>,
}

impl Checker {
    pub fn new(folder: &Path) -> Result<Self> {
        Ok(Self {
            folder: Folder::new(folder)?,
            problems: Mutex::default(),
        })
    }

    /// Compares `file` with the folder's copy.
    pub fn file(&self, file: &GeneratedFile) -> Result<()> {
        let path = self.folder.produce(file)?;
        if let Some(problem) = compare(&self.folder.path, &path, file)? {
            lock(&self.problems).push((file.path.clone(), problem));
        }
        Ok(())
    }

    /// The problems, the changed files' sorted by path, then the manifest's and the stale files'.
    pub fn finish(self) -> Result<Vec<String>> {
        let mut problems = self
            .problems
            .into_inner()
            .unwrap_or_else(|err| err.into_inner());
        problems.sort();
        let mut problems: Vec<String> = problems.into_iter().map(|(_, problem)| problem).collect();
        let folder = self.folder.path.clone();
        let (manifest, stale) = self.folder.end();
        problems.extend(compare(&folder, &checked(&folder, MANIFEST)?, &manifest)?);
        for stale in stale {
            if checked(&folder, &stale)?.exists() {
                problems.push(format!(
                    "{stale} is no longer generated and would be deleted"
                ));
            }
        }
        Ok(problems)
    }
}

/// How the copy of `file` at `path` in `folder` differs from it: a unified diff, or that it is
/// missing.
fn compare(folder: &Path, path: &Path, file: &GeneratedFile) -> Result<Option<String>> {
    let current = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Some(format!("{} is missing", file.path)));
        }
        Err(source) => return Err(Error::io(path, source)),
    };
    if current == file.contents {
        return Ok(None);
    }
    // Paths as seen from the folder's parent (`a/generated/src/lib.rs`), which is usually the
    // repository root, so that the diff applies there.
    let prefix = folder
        .file_name()
        .map(|name| format!("{}/", name.to_string_lossy()))
        .unwrap_or_default();
    let diff = similar::TextDiff::from_lines(&current, &file.contents)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{prefix}{}", file.path),
            &format!("b/{prefix}{}", file.path),
        )
        .to_string();
    Ok(Some(diff))
}

/// How `folder` differs from `files` (see [`Checker`]). Nothing is written.
pub fn check(folder: &Path, files: &[GeneratedFile]) -> Result<Vec<String>> {
    let checker = Checker::new(folder)?;
    files.iter().try_for_each(|file| checker.file(file))?;
    checker.finish()
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

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_everyone_the_umask_allows() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("temp dir");
        write(folder.path(), &files(&[("a.rs", "a")])).expect("write");
        let reference = folder.path().join("reference");
        std::fs::write(&reference, "r").expect("write");
        let mode = |path: &std::path::Path| {
            std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode(&folder.path().join("a.rs")), mode(&reference));
    }

    #[test]
    fn refuses_paths_outside_the_folder() {
        let folder = tempfile::tempdir().expect("temp dir");
        assert!(write(folder.path(), &files(&[("../escape.rs", "x")])).is_err());
    }
}
