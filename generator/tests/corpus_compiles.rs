//! Beyond the OpenRouter spec: the crate generated for every real-world spec in
//! `../shared/corpus` compiles cleanly (`cargo clippy --all-targets -D warnings`, which checks the
//! library, its generated tests and its examples). The crates share one target folder under the
//! workspace's `target/`, so their dependencies are checked once.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Vec<PathBuf> {
    let folder = common::workspace().join("../shared/corpus");
    // `../shared` is beside the clone on the developers' machines and in CI; without it only the
    // fixture is checked.
    let mut specs: Vec<PathBuf> = match std::fs::read_dir(folder) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .collect(),
        Err(_) => Vec::new(),
    };
    // The fixture of awkward shapes compiles too.
    specs.push(common::workspace().join("generator/tests/fixtures/shapes.yaml"));
    specs.sort();
    specs
}

/// Generates `spec` into `folder` as a stand-alone crate pinned to the workspace's lock file.
fn generate(spec: &Path, folder: &Path) {
    let config = common::config_for(spec, folder);
    let (files, _) =
        sdkgen::generate_rust(&config).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
    sdkgen::output::write(folder, &files).expect("write the crate");
    let manifest = folder.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read Cargo.toml");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("write Cargo.toml");
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        folder.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
}

/// Runs cargo (the one running the tests) in a generated crate, with the shared target folder.
fn run_cargo(folder: &Path, root: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(folder)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("run cargo")
}

#[test]
fn every_corpus_spec_generates_a_crate_that_passes_clippy() {
    let specs = corpus();
    let root = common::workspace().join("target/corpus-check");
    let mut failures = Vec::new();
    for spec in &specs {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = root.join(&name);
        generate(spec, &folder);
        let clippy = run_cargo(
            &folder,
            &root,
            &[
                "clippy",
                "--all-targets",
                "--offline",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ],
        );
        if !clippy.status.success() {
            failures.push(format!(
                "{name}:\n{}",
                String::from_utf8_lossy(&clippy.stderr)
            ));
        } else if name == "shapes" {
            // The fixture's generated tests run too: binary and text bodies, clashing names.
            let test = run_cargo(&folder, &root, &["test", "--offline", "--quiet"]);
            if !test.status.success() {
                failures.push(format!(
                    "{name} tests:\n{}",
                    String::from_utf8_lossy(&test.stdout)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "generated crates that do not pass clippy:\n{}",
        failures.join("\n")
    );
}
