//! The record of the last `cargo xtask codegen` of one configuration, kept under `target/`: what
//! it read (the generator, the options, the configuration, spec, docs sections and templates, by
//! content) and what it left in each output folder (every file the folder's manifest lists, by
//! content). A run whose inputs and outputs both still match would write nothing, so it is
//! skipped: a no-op `cargo xtask codegen` costs hashing a few megabytes instead of generating.
//! Nothing of it goes into the output, which stays byte-identical from run to run.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use sdkgen::output;
use sdkgen::run::Options;

/// The inputs of one run, hashed, and where its record lives.
pub struct Stamp {
    record: PathBuf,
    inputs: u64,
}

impl Stamp {
    /// Hashes what a run with `options` reads; its record is the file `record`. The hash comes
    /// from this program's own code (it embeds the generator), so a rebuilt generator never
    /// trusts a record an older one left.
    pub fn new(record: PathBuf, options: &Options) -> sdkgen::Result<Self> {
        let settings = options.settings()?;
        let mut hasher = DefaultHasher::new();
        generator_identity().hash(&mut hasher);
        format!("{options:?}").hash(&mut hasher);
        let files = settings
            .file
            .iter()
            .map(PathBuf::as_path)
            .chain([settings.spec()?])
            .chain(settings.docs_sections.iter().map(PathBuf::as_path));
        for file in files {
            hash_file(file, &mut hasher);
        }
        if let Some(templates) = &settings.templates {
            hash_folder(templates, &mut hasher);
        }
        Ok(Self {
            record,
            inputs: hasher.finish(),
        })
    }

    /// Whether the last recorded run had these inputs and its output folders are still as it
    /// left them. Anything unreadable means no.
    pub fn is_current(&self) -> bool {
        let Ok(text) = std::fs::read_to_string(&self.record) else {
            return false;
        };
        let mut lines = text.lines();
        if lines.next() != Some(format!("inputs {:016x}", self.inputs).as_str()) {
            return false;
        }
        lines.all(|line| {
            line.split_once('\t').is_some_and(|(digest, folder)| {
                outputs_digest(Path::new(folder)).is_some_and(|now| format!("{now:016x}") == digest)
            })
        })
    }

    /// Forgets the last run: called before generating, so that a run that fails half-way is
    /// never taken for a complete one.
    pub fn clear(&self) {
        let _ = std::fs::remove_file(&self.record);
    }

    /// Records a completed run that generated `folders`. A record that cannot be written only
    /// costs the next run its shortcut, so failing to write it is no error.
    pub fn record<'a>(&self, folders: impl IntoIterator<Item = &'a Path>) {
        let mut text = format!("inputs {:016x}\n", self.inputs);
        for folder in folders {
            let Some(digest) = outputs_digest(folder) else {
                return;
            };
            text.push_str(&format!("{digest:016x}\t{}\n", folder.display()));
        }
        if let Some(parent) = self.record.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(&self.record, text);
    }
}

/// This program's size and modification time: cargo relinks it whenever the generator (or its
/// built-in templates) changes.
fn generator_identity() -> Option<(u64, std::time::SystemTime)> {
    let metadata = std::env::current_exe().ok()?.metadata().ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

/// Hashes the file's path and contents; an unreadable file hashes as such, so that it differs
/// from any readable one.
fn hash_file(path: &Path, hasher: &mut DefaultHasher) {
    path.hash(hasher);
    std::fs::read(path).ok().hash(hasher);
}

/// Hashes every file under `folder`, in path order.
fn hash_folder(folder: &Path, hasher: &mut DefaultHasher) {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            dir.hash(hasher);
            continue;
        };
        for path in entries.filter_map(|entry| Some(entry.ok()?.path())) {
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in files {
        hash_file(&file, hasher);
    }
}

/// The digest of the manifest of `folder` and of every file it lists; `None` when one of them
/// cannot be read (a deleted file, or no manifest yet).
fn outputs_digest(folder: &Path) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    std::fs::read(folder.join(output::MANIFEST))
        .ok()?
        .hash(&mut hasher);
    for path in output::owned_paths(folder).ok()? {
        path.hash(&mut hasher);
        std::fs::read(folder.join(&path)).ok()?.hash(&mut hasher);
    }
    Some(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::{Options, Stamp};

    /// A configuration, its spec and a templates folder in a fresh folder, and the stamp of a
    /// run over them.
    fn setup() -> (tempfile::TempDir, Options) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(path, text).expect("write");
        };
        write(
            "sdkgen.toml",
            "[input]\nspec = \"api.yaml\"\ntemplates = \"templates\"\n[rust]\noutput = \"out\"\n",
        );
        write("api.yaml", "openapi: 3.0.3\n");
        write("templates/rust/runtime/a.rs", "// a\n");
        write("out/.sdkgen-files", "# owned\nsrc/lib.rs\n");
        write("out/src/lib.rs", "// generated\n");
        let options = Options {
            config: Some(dir.path().join("sdkgen.toml")),
            ..Options::default()
        };
        (dir, options)
    }

    fn stamp(dir: &tempfile::TempDir, options: &Options) -> Stamp {
        Stamp::new(dir.path().join("target/stamp"), options).expect("stamp")
    }

    #[test]
    fn a_recorded_run_is_current_until_an_input_or_an_output_changes() {
        let (dir, options) = setup();
        let out = dir.path().join("out");
        let first = stamp(&dir, &options);
        assert!(!first.is_current(), "nothing recorded yet");
        first.record([out.as_path()]);
        assert!(stamp(&dir, &options).is_current());

        let changes: [(&str, &str); 4] = [
            ("api.yaml", "openapi: 3.1.0\n"),
            ("templates/rust/runtime/a.rs", "// b\n"),
            ("templates/typescript/new.ts", "// new template\n"),
            ("out/src/lib.rs", "// edited by hand\n"),
        ];
        for (path, text) in changes {
            let path = dir.path().join(path);
            let before = std::fs::read(&path).ok();
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(&path, text).expect("write");
            assert!(
                !stamp(&dir, &options).is_current(),
                "{} changed",
                path.display()
            );
            match before {
                Some(before) => std::fs::write(&path, before).expect("restore"),
                None => std::fs::remove_file(&path).expect("remove"),
            }
            assert!(
                stamp(&dir, &options).is_current(),
                "{} restored",
                path.display()
            );
        }
    }

    #[test]
    fn other_options_a_deleted_output_or_a_cleared_record_are_not_current() {
        let (dir, options) = setup();
        let out = dir.path().join("out");
        stamp(&dir, &options).record([out.as_path()]);
        let other = Options {
            lang: Some("rust".into()),
            ..options.clone()
        };
        assert!(!stamp(&dir, &other).is_current(), "other options");
        std::fs::remove_file(out.join("src/lib.rs")).expect("remove");
        assert!(!stamp(&dir, &options).is_current(), "output deleted");
        std::fs::write(out.join("src/lib.rs"), "// generated\n").expect("write");
        assert!(stamp(&dir, &options).is_current(), "output back");
        stamp(&dir, &options).clear();
        assert!(!stamp(&dir, &options).is_current(), "record cleared");
    }
}
