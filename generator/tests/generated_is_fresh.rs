//! The checked-in SDKs (`generated/`, `generated-ts/`, `generated-openrouter/`) are exactly what
//! `cargo xtask codegen` produces from the configurations in `spec/`, and a change to the spec
//! shows up in the output.

mod common;

/// Every configuration in `spec/`, as `cargo xtask codegen` finds them.
fn configs() -> Vec<sdkgen::Config> {
    let paths = sdkgen::config::files_in(&common::workspace().join("spec")).expect("spec/ lists");
    paths
        .iter()
        .map(|path| sdkgen::load_config(path).expect("config"))
        .collect()
}

#[test]
fn spec_holds_the_oauth_and_the_full_sdk() {
    let crates: Vec<String> = configs()
        .into_iter()
        .map(|config| config.rust.crate_name)
        .collect();
    assert_eq!(crates, ["openrouter_full", "openrouter"]);
}

#[test]
fn every_generated_crate_matches_its_spec() {
    for config in configs() {
        let (files, _) = sdkgen::generate_rust(&config).expect("generation succeeds");
        let problems = sdkgen::output::check(&config.rust.output, &files).expect("check runs");
        assert!(
            problems.is_empty(),
            "{} is stale; run `cargo xtask codegen` and commit the result:\n{}",
            config.rust.output.display(),
            problems.join("\n")
        );
    }
}

#[test]
fn every_configured_language_matches_the_spec() {
    let configs = configs();
    assert!(
        configs.iter().any(|config| !config.languages.is_empty()),
        "the workspace renders TypeScript too"
    );
    for config in &configs {
        for (lang, language) in &config.languages {
            let (files, _) = sdkgen::generate_language(config, lang).expect("generation succeeds");
            let problems = sdkgen::output::check(&language.output, &files).expect("check runs");
            assert!(
                problems.is_empty(),
                "{} is stale; run `cargo xtask codegen` and commit the result:\n{}",
                language.output.display(),
                problems.join("\n")
            );
        }
    }
}

#[test]
fn a_changed_description_shows_in_the_output() {
    let folder = tempfile::tempdir().expect("temp dir");
    let original =
        std::fs::read_to_string(common::workspace().join("spec/openrouter-oauth.openapi.yaml"))
            .expect("spec");
    let old = "description: 'Credit limit for the API key to be created'";
    assert!(
        original.contains(old),
        "the spec has the description this test edits"
    );
    let spec = folder.path().join("edited.yaml");
    std::fs::write(
        &spec,
        original.replace(old, "description: 'Spending cap, edited by the test'"),
    )
    .expect("write spec");

    let config = common::config_for(&spec, folder.path());
    let (files, _) = sdkgen::generate_rust(&config).expect("generation succeeds");
    let operations = files
        .iter()
        .find(|f| f.path == "src/operations.rs")
        .expect("operations.rs");
    assert!(
        operations
            .contents
            .contains("/// Spending cap, edited by the test")
    );
    assert!(
        !operations
            .contents
            .contains("Credit limit for the API key to be created")
    );
}

#[test]
fn generation_is_deterministic() {
    let config =
        sdkgen::load_config(&common::workspace().join("spec/sdkgen.toml")).expect("config");
    let (first, _) = sdkgen::generate_rust(&config).expect("first run");
    let (second, _) = sdkgen::generate_rust(&config).expect("second run");
    assert_eq!(first, second);
}

/// Every relative link in the docs of every generated crate points at a file that exists.
#[test]
fn generated_docs_links_resolve() {
    let mut broken = Vec::new();
    for config in configs() {
        let (files, _) = sdkgen::generate_rust(&config).expect("generation succeeds");
        broken.extend(broken_links(&files));
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The relative links of the markdown files among `files` that point at no file of them.
fn broken_links(files: &[sdkgen::output::GeneratedFile]) -> Vec<String> {
    let paths: std::collections::HashSet<std::path::PathBuf> = files
        .iter()
        .map(|file| std::path::PathBuf::from(&file.path))
        .collect();
    let mut broken = Vec::new();
    for file in files.iter().filter(|file| file.path.ends_with(".md")) {
        let folder = std::path::Path::new(&file.path)
            .parent()
            .unwrap_or(std::path::Path::new(""));
        for link in file
            .contents
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
        {
            let target = link.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") {
                continue;
            }
            let mut resolved = std::path::PathBuf::new();
            for part in folder.join(target).components() {
                match part {
                    std::path::Component::ParentDir => {
                        resolved.pop();
                    }
                    other => resolved.push(other),
                }
            }
            if !paths.contains(&resolved) {
                broken.push(format!("{}: {link}", file.path));
            }
        }
    }
    broken
}

/// The README's example of the full crate is its `examples/stream_chat.rs`, which CI compiles.
#[test]
fn the_readme_shows_the_compiled_streaming_example() {
    let readme = std::fs::read_to_string(common::workspace().join("README.md")).expect("README");
    let example = std::fs::read_to_string(
        common::workspace().join("generated-openrouter/examples/stream_chat.rs"),
    )
    .expect("the example");
    let code = example
        .find("use std::io::Write;")
        .map(|start| &example[start..])
        .expect("the example's code");
    assert!(
        readme.contains(&format!("```rust,no_run\n{code}```")),
        "README.md's streaming example differs from generated-openrouter/examples/stream_chat.rs"
    );
}
