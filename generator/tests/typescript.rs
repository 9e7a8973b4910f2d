//! The TypeScript SDK rendered from `templates/typescript/` for the OAuth spec (`generated-ts/`):
//! its docs equal the reference documentation byte for byte, and it compiles with the real `tsc`
//! (strict) and passes its Node.js tests: the runtime, the SDK against a local server, and the
//! reference documentation's four programs run verbatim.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// `shared/seed/oauth-sdk-docs.md`, beside the repository.
fn reference_doc() -> PathBuf {
    common::workspace().join("../shared/seed/oauth-sdk-docs.md")
}

#[test]
fn docs_equal_the_reference_from_its_oauth_heading() {
    let config =
        sdkgen::load_config(&common::workspace().join("spec/sdkgen.toml")).expect("config");
    let (files, _) = sdkgen::generate_language(&config, "typescript").expect("renders");
    let rendered = &files
        .iter()
        .find(|file| file.path == "docs/sdks/oauth/README.md")
        .expect("docs/sdks/oauth/README.md is rendered")
        .contents;
    let reference = std::fs::read_to_string(reference_doc()).expect("the reference document");
    let start = reference
        .find("\n# OAuth\n")
        .expect("the reference has an `# OAuth` heading");
    let expected = &reference[start + 1..];
    if rendered != expected {
        let difference = expected
            .lines()
            .zip(rendered.lines())
            .enumerate()
            .find(|(_, (want, got))| want != got)
            .map(|(index, (want, got))| {
                format!(
                    "line {}:\n  reference: {want:?}\n  rendered:  {got:?}",
                    index + 1
                )
            })
            .unwrap_or_else(|| {
                format!(
                    "one is a prefix of the other: reference {} lines, rendered {} lines",
                    expected.lines().count(),
                    rendered.lines().count()
                )
            });
        panic!("the rendered docs differ from the reference at {difference}");
    }
}

/// Runs `program` in `folder`, failing the test with its output when it fails.
fn run(folder: &Path, program: &str, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .current_dir(folder)
        .env("SDKGEN_REFERENCE_DOC", reference_doc())
        .output()
        .unwrap_or_else(|err| panic!("cannot run {program} (is Node.js 20+ installed?): {err}"));
    assert!(
        output.status.success(),
        "`{program} {}` failed in {}:\n{}{}",
        args.join(" "),
        folder.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_sdk_compiles_strictly_and_passes_its_node_tests() {
    let package = common::workspace().join("generated-ts");
    // The locked dev tools (TypeScript, Node types) from the npm registry, once per checkout.
    if !package.join("node_modules/typescript/bin/tsc").exists() {
        run(&package, "npm", &["ci", "--no-audit", "--no-fund"]);
    }
    // A fresh build: compiled tests of files since removed must not run.
    match std::fs::remove_dir_all(package.join("dist")) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => panic!("cannot remove generated-ts/dist: {err}"),
    }
    run(
        &package,
        "node",
        &["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"],
    );
    run(&package, "node", &["--test", "dist/tests/"]);
}
