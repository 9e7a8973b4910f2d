//! The corpus harness: a Rust crate generated for each spec of a corpus, linted with
//! `cargo clippy -D warnings` in one shared target folder (so that dependencies are checked once),
//! the crate's tests run where it has hand-written ones, and a table of what each spec gave.
//!
//! `cargo xtask corpus` prints the table; the `corpus_compiles` test fails on any failed row.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::config::Settings;
use crate::diagnostics::{Diagnostic, Error, Result};

/// Clippy over the library, its tests and examples, every warning an error.
const CLIPPY: &[&str] = &[
    "clippy",
    "--all-targets",
    "--offline",
    "--quiet",
    "--",
    "-D",
    "warnings",
];

/// The extensions of spec files in a corpus folder.
const SPEC_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// The spec files in `paths` (folders, searched one level deep, or files), sorted. A folder that
/// does not exist is skipped: `../shared` is beside the clone on the developers' machines and in
/// CI, but not everywhere.
pub fn specs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for path in paths {
        if path.is_file() {
            specs.push(path.clone());
            continue;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            eprintln!("skipped: {} is not a folder", path.display());
            continue;
        };
        for entry in entries {
            let spec = entry.map_err(|source| Error::io(path, source))?.path();
            let is_spec = spec
                .extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| SPEC_EXTENSIONS.contains(&ext));
            if is_spec && spec.is_file() {
                specs.push(spec);
            }
        }
    }
    specs.sort();
    Ok(specs)
}

/// One spec to check, and how.
#[derive(Debug, Clone)]
pub struct Case {
    pub spec: PathBuf,
    /// The crate's folder name under the harness's root, and what the table calls the spec.
    pub name: String,
    /// What the configuration would set (the spec and the output are set by the harness); the
    /// rest is derived from the spec as `sdkgen generate` derives it.
    pub settings: Settings,
    /// Whether the crate's tests run after clippy (its generated tests and doctests), and the
    /// folder of hand-written tests (`*.rs`, when it exists) copied into the crate's `tests/`.
    pub tests: Option<PathBuf>,
    /// Dev-dependencies the hand-written tests need beyond the generated crate's own, as
    /// `(name, version requirement)`; they must be in the workspace's lock file, since the crates
    /// build offline against it.
    pub dev_dependencies: Vec<(String, String)>,
}

impl Case {
    /// A spec generated with the defaults `sdkgen generate --spec <spec>` derives.
    pub fn spec(spec: &Path) -> Self {
        Self {
            spec: spec.to_path_buf(),
            name: spec
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default(),
            settings: Settings::default(),
            tests: None,
            dev_dependencies: Vec::new(),
        }
    }
}

/// What generating a case gave.
#[derive(Debug)]
pub struct Generated {
    /// The crate's folder.
    pub folder: PathBuf,
    pub operations_in_spec: usize,
    pub operations_generated: usize,
    pub types: usize,
    pub warnings: Vec<Diagnostic>,
    /// Loading, lowering and rendering, without writing.
    pub time: Duration,
}

/// How a step of a case ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Passed,
    /// With the step's output.
    Failed(String),
    /// Not run: an earlier step failed, or the case has no hand-written tests.
    Skipped,
}

impl Step {
    fn label(&self) -> &'static str {
        match self {
            Self::Passed => "ok",
            Self::Failed(_) => "FAILED",
            Self::Skipped => "-",
        }
    }
}

/// One line of the table.
#[derive(Debug)]
pub struct Row {
    pub name: String,
    /// What generation gave, or its error.
    pub generated: Result<Generated, String>,
    pub clippy: Step,
    /// `cargo doc` with every rustdoc warning an error, for cases with tests (the fixtures hold
    /// the markdown rustdoc trips over: broken links, HTML, bare URLs, code blocks).
    pub docs: Step,
    pub tests: Step,
}

impl Row {
    /// Whether the spec generated and every step that ran passed.
    pub fn passed(&self) -> bool {
        self.generated.is_ok()
            && !matches!(self.clippy, Step::Failed(_))
            && !matches!(self.docs, Step::Failed(_))
            && !matches!(self.tests, Step::Failed(_))
    }

    /// What went wrong, for the report under the table.
    pub fn problems(&self) -> String {
        let mut out = Vec::new();
        if let Err(error) = &self.generated {
            out.push(format!("generation failed: {error}"));
        }
        if let Step::Failed(output) = &self.clippy {
            out.push(format!("clippy:\n{output}"));
        }
        if let Step::Failed(output) = &self.docs {
            out.push(format!("rustdoc:\n{output}"));
        }
        if let Step::Failed(output) = &self.tests {
            out.push(format!("tests:\n{output}"));
        }
        out.join("\n")
    }
}

/// Generates and checks crates under `<workspace>/target/corpus-check/`, pinned to the
/// workspace's `Cargo.lock` so that clippy runs offline on the dependencies the workspace has.
#[derive(Debug, Clone)]
pub struct Harness {
    workspace: PathBuf,
    root: PathBuf,
}

impl Harness {
    /// A harness for the workspace at `workspace` (its `Cargo.lock` and `target/`).
    pub fn new(workspace: &Path) -> Self {
        Self {
            workspace: workspace.to_path_buf(),
            root: workspace.join("target/corpus-check"),
        }
    }

    /// Generates, lints and (with hand-written tests) tests one case.
    pub fn check(&self, case: &Case) -> Row {
        let generated = self.generate(case).map_err(|err| err.to_string());
        let (clippy, docs, tests) = match &generated {
            Ok(generated) => {
                let clippy = self.clippy(&generated.folder);
                if clippy == Step::Passed && case.tests.is_some() {
                    (
                        clippy,
                        self.docs(&generated.folder),
                        self.test(&generated.folder),
                    )
                } else {
                    (clippy, Step::Skipped, Step::Skipped)
                }
            }
            Err(_) => (Step::Skipped, Step::Skipped, Step::Skipped),
        };
        Row {
            name: case.name.clone(),
            generated,
            clippy,
            docs,
            tests,
        }
    }

    /// Generates the case's crate into `target/corpus-check/<name>/` as a stand-alone crate (its
    /// own workspace, the workspace's lock file) and copies its hand-written tests.
    pub fn generate(&self, case: &Case) -> Result<Generated> {
        let folder = self.root.join(&case.name);
        let started = Instant::now();
        let mut settings = case.settings.clone();
        settings.spec = Some(case.spec.clone());
        settings.output = Some(folder.clone());
        let document = crate::load::load(&case.spec)?;
        let config = settings.resolve(&document.api.info)?;
        let lowered = crate::lower::lower(&document, &config.sdk)?;
        let files = crate::rust::render(&lowered.api, &config)?;
        let time = started.elapsed();
        crate::output::write(&folder, &files)?;
        self.make_standalone(&folder, case, &config.rust.crate_name)?;
        if let Some(tests) = &case.tests {
            copy_tests(tests, &folder.join("tests"))?;
        }
        let operations_in_spec = document
            .api
            .paths
            .paths
            .values()
            .filter_map(|item| item.as_item())
            .map(|item| item.iter().count())
            .sum();
        Ok(Generated {
            folder,
            operations_in_spec,
            operations_generated: lowered
                .api
                .groups
                .iter()
                .map(|group| group.operations.len())
                .sum(),
            types: lowered.api.types.len(),
            warnings: lowered.warnings,
            time,
        })
    }

    /// Gives the crate a package name of its own (`corpus-<name>`; its library keeps the crate
    /// name), so that crates of one name keep their artifacts apart in the shared target folder;
    /// makes it its own workspace; and pins it to the workspace's lock file.
    fn make_standalone(&self, folder: &Path, case: &Case, crate_name: &str) -> Result<()> {
        let manifest_path = folder.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest_path)
            .map_err(|source| Error::io(&manifest_path, source))?;
        let mut manifest: toml::Table = toml::from_str(&text).map_err(|err| Error::Render {
            file: "Cargo.toml".into(),
            message: err.to_string(),
        })?;
        let package: String = case
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        if let Some(toml::Value::Table(section)) = manifest.get_mut("package") {
            section.insert("name".into(), format!("corpus-{package}").into());
        }
        let mut lib = toml::Table::new();
        lib.insert("name".into(), crate_name.replace('-', "_").into());
        manifest.insert("lib".into(), lib.into());
        manifest.insert("workspace".into(), toml::Table::new().into());
        if let Some(toml::Value::Table(section)) = manifest.get_mut("dev-dependencies") {
            for (name, version) in &case.dev_dependencies {
                section.insert(name.clone(), version.clone().into());
            }
        }
        std::fs::write(&manifest_path, manifest.to_string())
            .map_err(|source| Error::io(&manifest_path, source))?;
        let lock = self.workspace.join("Cargo.lock");
        std::fs::copy(&lock, folder.join("Cargo.lock"))
            .map_err(|source| Error::io(&lock, source))?;
        Ok(())
    }

    /// `cargo clippy --all-targets -D warnings` in the crate's folder.
    pub fn clippy(&self, folder: &Path) -> Step {
        self.cargo(folder, CLIPPY, &[], |output| &output.stderr)
    }

    /// `cargo doc --no-deps` in the crate's folder, every rustdoc warning an error.
    pub fn docs(&self, folder: &Path) -> Step {
        self.cargo(
            folder,
            &["doc", "--no-deps", "--offline", "--quiet"],
            &[("RUSTDOCFLAGS", "-D warnings")],
            |output| &output.stderr,
        )
    }

    /// `cargo test` in the crate's folder: its generated tests, doctests and hand-written tests.
    pub fn test(&self, folder: &Path) -> Step {
        self.cargo(folder, &["test", "--offline", "--quiet"], &[], |output| {
            &output.stdout
        })
    }

    /// Runs cargo (the one running this process, when it is a cargo subprocess) in `folder` with
    /// the shared target folder; a failure keeps the part of the output `report` picks.
    fn cargo(
        &self,
        folder: &Path,
        args: &[&str],
        envs: &[(&str, &str)],
        report: fn(&std::process::Output) -> &Vec<u8>,
    ) -> Step {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .args(args)
            .envs(envs.iter().copied())
            // Each crate is built once per run: incremental state would only fill the disk.
            .env("CARGO_INCREMENTAL", "0")
            .current_dir(folder)
            .env("CARGO_TARGET_DIR", self.root.join("target"))
            .output();
        match output {
            Ok(output) if output.status.success() => Step::Passed,
            Ok(output) => {
                let mut text = String::from_utf8_lossy(report(&output)).into_owned();
                text.push_str(&String::from_utf8_lossy(&output.stderr));
                Step::Failed(text)
            }
            Err(err) => Step::Failed(format!("cargo did not run: {err}")),
        }
    }
}

/// Copies the `*.rs` files of `from` (when it exists) into `to`.
fn copy_tests(from: &Path, to: &Path) -> Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    let entries = std::fs::read_dir(from).map_err(|source| Error::io(from, source))?;
    std::fs::create_dir_all(to).map_err(|source| Error::io(to, source))?;
    for entry in entries {
        let path = entry.map_err(|source| Error::io(from, source))?.path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let target = to.join(path.file_name().unwrap_or_default());
            std::fs::copy(&path, &target).map_err(|source| Error::io(&path, source))?;
        }
    }
    Ok(())
}

/// The rows as an aligned markdown table: spec, operations in the spec and generated, types,
/// warnings, generation time, clippy, docs and tests.
pub fn table(rows: &[Row]) -> String {
    let mut text = String::from(
        "| spec | operations in spec | operations generated | types | warnings | generate | clippy | docs | tests |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |\n",
    );
    for row in rows {
        let numbers = match &row.generated {
            Ok(generated) => format!(
                "{} | {} | {} | {} | {} ms",
                generated.operations_in_spec,
                generated.operations_generated,
                generated.types,
                generated.warnings.len(),
                generated.time.as_millis()
            ),
            Err(_) => "error | - | - | - | -".to_owned(),
        };
        text.push_str(&format!(
            "| {} | {numbers} | {} | {} | {} |\n",
            row.name,
            row.clippy.label(),
            row.docs.label(),
            row.tests.label()
        ));
    }
    crate::template::text::md_table(&text).unwrap_or(text)
}
