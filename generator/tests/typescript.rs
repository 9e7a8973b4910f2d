//! The TypeScript SDK rendered from `templates/typescript/` for the OAuth spec (`generated-ts/`):
//! its docs equal the reference documentation byte for byte, and it compiles with the real `tsc`
//! (strict) and passes its Node.js tests: the runtime, the SDK against a local server, and the
//! reference documentation's four programs run verbatim.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

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

/// `generated-ts/`, with its locked dev tools (TypeScript, Node types) installed from the npm
/// registry once per checkout.
fn typescript_package() -> PathBuf {
    static INSTALL: Mutex<()> = Mutex::new(());
    let package = common::workspace().join("generated-ts");
    let _installing = INSTALL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !package.join("node_modules/typescript/bin/tsc").exists() {
        run(&package, "npm", &["ci", "--no-audit", "--no-fund"]);
    }
    package
}

#[test]
fn the_sdk_compiles_strictly_and_passes_its_node_tests() {
    let package = typescript_package();
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

/// The corpus of real-world specs, the fixtures of request bodies, awkward shapes, of unions and of OpenAPI 3.1
/// (webhooks, no paths, no responses), of names that clash with the language's (`rough-edges`),
/// of parameter styles and outcomes (`wire`), and the full OpenRouter spec.
fn specs() -> Vec<PathBuf> {
    let shared = common::workspace().join("../shared");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .collect()
        })
        .unwrap_or_default();
    specs.push(common::workspace().join("spec/openrouter-full.openapi.yaml"));
    for fixture in [
        "bodies",
        "shapes",
        "unions",
        "openapi31",
        "webhook-example",
        "non-oauth-scopes",
        "components-only",
        "rough-edges",
        "wire",
    ] {
        specs.push(common::workspace().join(format!("generator/tests/fixtures/{fixture}.yaml")));
    }
    specs.sort();
    specs
}

#[test]
fn every_corpus_spec_renders_a_typescript_sdk_that_compiles_strictly() {
    let package = typescript_package();
    let root = common::workspace().join("target/typescript-corpus");
    match std::fs::remove_dir_all(&root) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => panic!("cannot clear {}: {err}", root.display()),
    }
    let mut sources = Vec::new();
    for spec in specs() {
        let name = spec
            .file_stem()
            .map(|stem| stem.to_string_lossy().replace('.', "-"))
            .unwrap_or_default();
        let output = root.join(&name);
        let text = format!(
            "[sdk]\nname = \"Corpus\"\nenv_prefix = \"CORPUS\"\n[input]\nspec = {spec:?}\ntemplates = {:?}\n\
             [rust]\ncrate_name = \"corpus\"\ncrate_version = \"0.1.0\"\noutput = {:?}\n\
             [languages.typescript]\noutput = {output:?}\npackage_name = \"corpus-sdk\"\npackage_version = \"0.1.0\"\n",
            common::workspace().join("templates"),
            root.join("unused-rust"),
        );
        let config = sdkgen::Config::parse(&text, Path::new("/")).expect("config");
        let (files, _) = sdkgen::generate_language(&config, "typescript")
            .unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        sdkgen::output::write(&output, &files).expect("write the SDK");
        sources.push(format!("{name}/src"));
    }
    // One strict compilation of every SDK, with the dev tools of generated-ts/.
    let tsconfig = serde_json::json!({
        "extends": package.join("tsconfig.json"),
        "compilerOptions": {
            "noEmit": true,
            "rootDir": ".",
            "typeRoots": [package.join("node_modules/@types")],
        },
        "include": sources,
    });
    std::fs::write(root.join("tsconfig.json"), tsconfig.to_string()).expect("write tsconfig");
    let tsc = package.join("node_modules/typescript/bin/tsc");
    run(
        &root,
        "node",
        &[&tsc.to_string_lossy(), "-p", "tsconfig.json"],
    );
}
