//! The `sdkgen` command as a user runs it: the built binary on real specs, with and without a
//! configuration, its errors and exit codes, `check` on fresh and stale output, and `ir`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// Runs the built `sdkgen` with `args` in `dir`.
fn sdkgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sdkgen runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("sdkgen exits with a code")
}

/// A corpus spec, as an argument.
fn petstore() -> String {
    let spec = common::workspace().join("../shared/corpus/v3.0-petstore.yaml");
    arg(&spec).to_owned()
}

/// A fixture of the generator's tests, as an argument.
fn fixture(name: &str) -> String {
    let spec = common::workspace()
        .join("generator/tests/fixtures")
        .join(name);
    arg(&spec).to_owned()
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

#[test]
fn generate_without_a_configuration_derives_every_name_from_the_spec() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("petstore-sdk");
    let output = sdkgen(
        dir.path(),
        &["generate", "--spec", &petstore(), "--out", arg(&out)],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml"))
            .expect("the manifest is TOML");
    // `info.title: Swagger Petstore`, `info.version: 1.0.0`.
    assert_eq!(
        manifest["package"]["name"].as_str(),
        Some("swagger_petstore")
    );
    assert_eq!(manifest["package"]["version"].as_str(), Some("1.0.0"));
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
    assert!(
        lib.contains("use swagger_petstore::SwaggerPetstore;"),
        "{lib}"
    );
    let config = std::fs::read_to_string(out.join("src/runtime/config.rs")).expect("runtime");
    let template =
        std::fs::read_to_string(common::workspace().join("templates/rust/runtime/config.rs"))
            .expect("the template");
    let (code, _unit_tests) = template
        .split_once("\n#[cfg(test)]\n")
        .expect("the template has unit tests");
    assert_eq!(
        config,
        format!("{}\n", code.trim_end()),
        "the runtime comes from the built-in templates, without its unit tests"
    );
    let core = std::fs::read_to_string(out.join("src/core.rs")).expect("core.rs");
    assert!(
        core.contains("pub const ENV_PREFIX: &str = \"SWAGGER_PETSTORE\";"),
        "the environment prefix"
    );
    assert!(stderr(&output).contains("written"), "{}", stderr(&output));
}

#[test]
fn flags_override_the_configuration_and_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("sdkgen.toml"),
        "[sdk]\nname = \"FromFile\"\n[rust]\ncrate_version = \"2.0.0\"\n",
    )
    .expect("write the configuration");
    let output = sdkgen(
        dir.path(),
        &[
            "generate",
            "--spec",
            &petstore(),
            "--config",
            "sdkgen.toml",
            "--crate-name",
            "pets",
            "--env-prefix",
            "PETS",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    // Without --out, the crate goes into a folder named after it.
    let out = dir.path().join("pets");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("name = \"pets\"") && manifest.contains("version = \"2.0.0\""),
        "{manifest}"
    );
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("FromFile"), "the name from the file");
    let core = std::fs::read_to_string(out.join("src/core.rs")).expect("core.rs");
    assert!(
        core.contains("pub const ENV_PREFIX: &str = \"PETS\";"),
        "the prefix from the flag"
    );
}

/// Each invalid configuration value is an error naming the file and the key, with exit code 2.
#[test]
fn an_invalid_configuration_names_the_file_and_the_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        (
            "[rust]\ncrate_name = \"my.sdk\"\n",
            "rust.crate_name: `my.sdk` is not a valid crate name",
        ),
        (
            "[rust]\ncrate_name = \"self\"\n",
            "rust.crate_name: `self` is not a valid crate name: it is a Rust keyword",
        ),
        (
            "[rust]\nhand_written_modules = [\"my-mod\"]\n",
            "rust.hand_written_modules: `my-mod` is not a module name",
        ),
        (
            "[rust]\nhand_written_modules = [\"models\"]\n",
            "rust.hand_written_modules: `models` is a module the generator writes",
        ),
        (
            "[rust]\nhand_written_modules = [\"a\", \"a\"]\n",
            "`a` is listed twice",
        ),
        (
            "[rust]\ncrate_version = \"1.0\"\n",
            "rust.crate_version: `1.0` is not a semantic version",
        ),
        (
            "[sdk]\nname = \"my sdk\"\n",
            "sdk.name: `my sdk` is not a PascalCase identifier",
        ),
        (
            "[sdk]\nenv_prefix = \"my-prefix\"\n",
            "sdk.env_prefix: `my-prefix` is not a SCREAMING_CASE prefix",
        ),
        (
            "[sdk]\nsensitive = [\"nodot\"]\n",
            "sdk.sensitive entry `nodot`",
        ),
        ("[rust]\ncrate = \"x\"\n", "unknown field `crate`"),
        (
            "[languages.rust]\noutput = \"x\"\n",
            "`rust` is the built-in Rust backend",
        ),
    ];
    for (text, expected) in cases {
        let config = dir.path().join("bad.toml");
        std::fs::write(&config, text).expect("write the configuration");
        let output = sdkgen(
            dir.path(),
            &["generate", "--spec", &petstore(), "--config", arg(&config)],
        );
        let message = stderr(&output);
        assert_eq!(code(&output), 2, "{text}: {message}");
        assert!(
            message.contains(&format!("{}: invalid configuration", config.display()))
                && message.contains(expected),
            "{text}: {message}"
        );
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn invalid_flags_and_paths_exit_with_2_and_a_bad_spec_with_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = petstore();
    let inside = format!("{spec}/inside");
    let dangling = fixture("dangling-ref.yaml");
    let cases: [(Vec<&str>, i32, &str); 6] = [
        (
            vec!["generate", "--spec", &spec, "--crate-name", "my.sdk"],
            2,
            "invalid value 'my.sdk' for '--crate-name <NAME>'",
        ),
        (
            vec!["generate", "--spec", &spec, "--name", "lower"],
            2,
            "is not a PascalCase identifier",
        ),
        (
            vec!["generate", "--spec", "missing.yaml"],
            2,
            "the spec missing.yaml is not a file",
        ),
        (
            vec!["generate", "--out", "x"],
            2,
            "no spec to generate from",
        ),
        (
            vec!["generate", "--spec", &spec, "--out", &inside],
            2,
            "is the spec file or inside it",
        ),
        (
            vec!["generate", "--spec", &dangling],
            3,
            "dangling-ref.yaml:",
        ),
    ];
    for (args, expected_code, expected) in cases {
        let output = sdkgen(dir.path(), &args);
        let message = stderr(&output);
        assert_eq!(code(&output), expected_code, "{args:?}: {message}");
        assert!(message.contains(expected), "{args:?}: {message}");
    }
}

#[test]
fn check_passes_on_fresh_output_and_prints_a_diff_for_stale_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("sdk");
    let spec = petstore();
    let args = ["--spec", &spec, "--out", arg(&out)];
    let generate = sdkgen(dir.path(), &[&["generate"], &args[..]].concat());
    assert_eq!(code(&generate), 0, "{}", stderr(&generate));
    let fresh = sdkgen(dir.path(), &[&["check"], &args[..]].concat());
    assert_eq!(code(&fresh), 0, "{}", stderr(&fresh));
    assert!(
        stderr(&fresh).contains("is up to date"),
        "{}",
        stderr(&fresh)
    );

    let lib = out.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("lib.rs");
    std::fs::write(&lib, text.replacen("pub mod", "// edited\npub mod", 1)).expect("edit");
    std::fs::remove_file(out.join("src/errors.rs")).expect("delete");
    let stale = sdkgen(dir.path(), &[&["check"], &args[..]].concat());
    assert_eq!(code(&stale), 1, "{}", stderr(&stale));
    let diff = stdout(&stale);
    assert!(
        diff.contains("--- a/sdk/src/lib.rs") && diff.contains("-// edited"),
        "{diff}"
    );
    assert!(diff.contains("src/errors.rs is missing"), "{diff}");
    assert!(
        stderr(&stale).contains("is stale (2 difference(s)); run `sdkgen generate --spec"),
        "{}",
        stderr(&stale)
    );
    assert_eq!(
        std::fs::read_to_string(&lib).expect("lib.rs"),
        text.replacen("pub mod", "// edited\npub mod", 1),
        "check writes nothing"
    );
}

#[test]
fn ir_prints_the_intermediate_representation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = sdkgen(dir.path(), &["ir", "--spec", &petstore()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let ir: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("the IR is JSON");
    assert_eq!(ir["sdk"]["name"]["original"], "SwaggerPetstore");
    assert_eq!(ir["info"]["title"], "Swagger Petstore");
    let operations: Vec<&str> = ir["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|group| group["operations"].as_array().expect("operations"))
        .map(|operation| operation["id"].as_str().expect("id"))
        .collect();
    assert_eq!(operations, ["listPets", "createPets", "showPetById"]);
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("list").count(),
        0,
        "ir writes nothing"
    );
}

#[test]
fn warnings_name_the_file_the_line_and_the_pointer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = fixture("webhook-example.yaml");
    let output = sdkgen(dir.path(), &["generate", "--spec", &spec, "--out", "sdk"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!(
            "warning: {spec}:12 (at #/webhooks/newPet/post): webhook `newPet`"
        )),
        "{}",
        stderr(&output)
    );
}

/// `sdkgen generate --lang typescript --out ts` on the corpus spec, with `extra` flags.
fn generate_typescript(dir: &Path, extra: &[&str]) -> Output {
    let spec = petstore();
    let args = [
        "generate",
        "--spec",
        &spec,
        "--lang",
        "typescript",
        "--out",
        "ts",
    ];
    sdkgen(dir, &[&args[..], extra].concat())
}

#[test]
fn another_templates_folder_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("templates");
    let runtime = templates.join("rust/runtime");
    std::fs::create_dir_all(&runtime).expect("create");
    for entry in
        std::fs::read_dir(common::workspace().join("templates/rust/runtime")).expect("list")
    {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, runtime.join(path.file_name().expect("name"))).expect("copy");
    }
    let marker = "// A runtime of my own.\n";
    let retry = runtime.join("retry.rs");
    let text = std::fs::read_to_string(&retry).expect("retry.rs");
    std::fs::write(&retry, format!("{marker}{text}")).expect("edit");
    let output = sdkgen(
        dir.path(),
        &[
            "generate",
            "--spec",
            &petstore(),
            "--out",
            "sdk",
            "--templates",
            arg(&templates),
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let generated =
        std::fs::read_to_string(dir.path().join("sdk/src/runtime/retry.rs")).expect("retry.rs");
    assert!(generated.starts_with(marker));

    // A language the folder does not have is an error naming the folder (exit 3).
    let output = generate_typescript(dir.path(), &["--templates", arg(&templates)]);
    assert_eq!(code(&output), 3, "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!(
            "{}",
            templates.join("typescript/manifest.toml").display()
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_built_in_typescript_templates_render_with_lang() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = generate_typescript(dir.path(), &[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("ts/package.json")).expect("package.json"),
    )
    .expect("package.json is JSON");
    assert!(package["name"].is_string(), "{package}");
    assert!(dir.path().join("ts/src/lib/retries.ts").is_file());
    assert!(
        !dir.path().join("swagger_petstore").exists(),
        "no Rust crate"
    );
}
