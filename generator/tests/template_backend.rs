//! The template backend: `templates/<language>/` rendered over the IR, checked with the tiny
//! `mini` language of `tests/fixtures/templates/` and the OAuth spec.

use std::path::{Path, PathBuf};

use sdkgen::ir::Name;
use sdkgen::output::GeneratedFile;
use sdkgen::{Config, Error};

/// The workspace root.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The fixture folder: `sdkgen.toml` and the `mini` language.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates")
}

fn fixture_config() -> Config {
    sdkgen::load_config(&fixtures().join("sdkgen.toml")).expect("the fixture configuration loads")
}

fn render_mini() -> Vec<GeneratedFile> {
    let (files, _warnings) =
        sdkgen::generate_language(&fixture_config(), "mini").expect("mini renders");
    files
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|file| file.path == path)
        .map(|file| file.contents.as_str())
        .unwrap_or_else(|| panic!("no file {path} among {:?}", paths(files)))
}

fn paths(files: &[GeneratedFile]) -> Vec<&str> {
    files.iter().map(|file| file.path.as_str()).collect()
}

/// A copy of the `mini` language in a temporary templates root, to break one file of.
struct Scratch {
    root: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixtures().join("mini"), &root.path().join("mini"));
        Self { root }
    }

    fn language(&self) -> PathBuf {
        self.root.path().join("mini")
    }

    fn write(&self, relative: &str, contents: &[u8]) {
        let path = self.language().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }

    /// Keeps only the `[[file]]` entries given (manifest text after the header) and the header.
    fn manifest(&self, files: &str) {
        self.write(
            "manifest.toml",
            format!("static = \"static\"\ntypes = \"types.toml\"\n{files}").as_bytes(),
        );
    }

    fn config(&self) -> Config {
        let spec = workspace().join("spec/openrouter-oauth.openapi.yaml");
        let text = format!(
            "[sdk]\nname = \"OpenRouter\"\nenv_prefix = \"OPENROUTER\"\n[input]\nspec = {spec:?}\ntemplates = {:?}\n[rust]\ncrate_name = \"x\"\ncrate_version = \"0.1.0\"\noutput = \"unused\"\n[languages.mini]\noutput = \"out\"\npackage_name = \"@scratch/mini\"\nfeatures = []\n",
            self.root.path()
        );
        Config::parse(&text, self.root.path()).expect("scratch configuration")
    }

    fn render(&self) -> sdkgen::Result<Vec<GeneratedFile>> {
        sdkgen::generate_language(&self.config(), "mini").map(|(files, _)| files)
    }

    /// Renders one template (`snippet.jinja`, each = once) and returns its output.
    fn render_snippet(&self, source: &str) -> sdkgen::Result<String> {
        self.write("templates/snippet.jinja", source.as_bytes());
        self.manifest("[[file]]\ntemplate = \"snippet.jinja\"\npath = \"snippet.txt\"\n");
        let files = self.render()?;
        Ok(file(&files, "snippet.txt").to_owned())
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The template error's fields, or a panic naming what came instead.
fn template_error(
    result: sdkgen::Result<impl std::fmt::Debug>,
) -> (PathBuf, Option<usize>, String) {
    match result {
        Err(Error::Template {
            file,
            line,
            message,
        }) => (file, line, message),
        other => panic!("expected a template error, got {other:?}"),
    }
}

#[test]
fn each_kind_renders_its_files_at_their_paths() {
    let files = render_mini();
    assert_eq!(
        paths(&files),
        [
            "README.md",
            "errors/BadRequestResponseError.txt",
            "errors/ConflictResponseError.txt",
            "errors/ForbiddenResponseError.txt",
            "errors/InternalServerResponseError.txt",
            "errors/UnauthorizedResponseError.txt",
            "groups/o-auth.txt",
            "groups/o_auth/create-auth-code.txt",
            "groups/o_auth/exchange-auth-code-for-api-key.txt",
            "index.txt",
            "models/bad_request_response.txt",
            "models/bad_request_response_error_data.txt",
            "models/conflict_response.txt",
            "models/conflict_response_error_data.txt",
            "models/forbidden_response.txt",
            "models/forbidden_response_error_data.txt",
            "models/internal_server_response.txt",
            "models/internal_server_response_error_data.txt",
            "models/unauthorized_response.txt",
            "models/unauthorized_response_error_data.txt",
            "names.txt",
            "nested/LICENSE.txt",
        ],
        "static files, once, group, operation, component types only (`when`), errors; sorted"
    );
    // Static files are copied, not rendered.
    assert_eq!(
        file(&files, "README.md"),
        "Static files are copied as they are: {{ not a template }}\n"
    );
    // `options` (without `output`), `lang`, `api`, and an include.
    assert_eq!(
        file(&files, "index.txt")
            .lines()
            .take(4)
            .collect::<Vec<_>>(),
        [
            "// @test/mini (mini): generated from OpenRouter API",
            "features: a,b",
            "groups:",
            "  - oAuth: 2 operations",
        ]
    );
    assert_eq!(
        file(&files, "groups/o-auth.txt"),
        "// @test/mini (mini): generated from OpenRouter API\ngroup OAuth\n- exchangeAuthCodeForAPIKey\n- createAuthCode\n"
    );
    let operation = file(&files, "groups/o_auth/create-auth-code.txt");
    assert!(
        operation.contains("oAuth.createAuthCode(CreateAuthKeysCodeRequest)\n"),
        "{operation}"
    );
    assert_eq!(
        file(&files, "errors/ConflictResponseError.txt"),
        "ConflictResponseError: conflict ConflictResponse\n{\n  \"kind\": \"named\",\n  \"name\": \"ConflictResponse\"\n}\n"
    );
    // An imported macro, `type_def` and `type_ref` over the fields of a component type.
    assert_eq!(
        file(&files, "models/bad_request_response.txt"),
        "BadRequestResponse (component)\n  error: BadRequestResponseErrorData\n  openrouterMetadata?: Record<string, unknown>\n  userId?: string\n"
    );
}

#[test]
fn operation_types_lists_the_types_hoisted_from_one_operation() {
    let scratch = Scratch::new();
    let out = scratch
        .render_snippet(
            "{{ operation_types(\"createAuthKeysCode\") | map(attribute=\"name\") | join(\" \") }}|{{ operation_types(\"nope\") | length }}\n",
        )
        .expect("renders");
    assert_eq!(
        out,
        "CreateAuthKeysCodeCodeChallengeMethod CreateAuthKeysCodeUsageLimitType CreateAuthKeysCodeRequestBody CreateAuthKeysCodeData CreateAuthKeysCodeResponse|0\n"
    );
}

#[test]
fn case_filters_match_the_ir_names() {
    let config = fixture_config();
    let api = sdkgen::load_api(&config)
        .expect("the OAuth spec lowers")
        .api;
    let files = render_mini();
    let lines: Vec<Vec<&str>> = file(&files, "names.txt")
        .lines()
        .map(|line| line.split(' ').collect())
        .collect();
    // Per operation: its name, then its id; then every global.
    let mut expected: Vec<Vec<String>> = Vec::new();
    for (_, operation) in api.operations() {
        for name in [operation.name.clone(), Name::new(&operation.id)] {
            expected.push(vec![
                name.original.clone(),
                name.camel.clone(),
                name.pascal.clone(),
                name.snake.clone(),
                name.screaming.clone(),
                name.snake.replace('_', "-"),
            ]);
        }
    }
    for global in &api.globals {
        let name = &global.name;
        expected.push(vec![
            name.original.clone(),
            name.camel.clone(),
            name.pascal.clone(),
            name.snake.clone(),
            name.screaming.clone(),
            name.snake.replace('_', "-"),
        ]);
    }
    assert_eq!(lines, expected);
    // Spec-given camel case is kept letter for letter.
    assert_eq!(
        lines[1],
        [
            "exchangeAuthCodeForAPIKey",
            "exchangeAuthCodeForAPIKey",
            "ExchangeAuthCodeForAPIKey",
            "exchange_auth_code_for_api_key",
            "EXCHANGE_AUTH_CODE_FOR_API_KEY",
            "exchange-auth-code-for-api-key",
        ]
    );
    assert!(
        lines
            .iter()
            .any(|line| line[..3] == ["HTTP-Referer", "httpReferer", "HttpReferer"]),
        "{lines:?}"
    );
}

#[test]
fn case_filters_accept_ir_names_and_functions_work_too() {
    let scratch = Scratch::new();
    let out = scratch
        .render_snippet(
            "{% set op = api.groups[0].operations[0] %}{{ op.name | pascal }} {{ pascal(op.id) }} {{ kebab(\"HTTP-Referer\") }} {{ snake(op.name) }}\n",
        )
        .expect("renders");
    assert_eq!(
        out,
        "ExchangeAuthCodeForAPIKey ExchangeAuthCodeForAPIKey http-referer exchange_auth_code_for_api_key\n"
    );
}

#[test]
fn media_type_tests_follow_the_ir() {
    let scratch = Scratch::new();
    let out = scratch
        .render_snippet(
            "{% for media in ['application/json', 'application/problem+json; charset=utf-8', 'text/csv', 'image/png'] %}{{ media is json_media }} {{ media is text_media }}\n{% endfor %}{{ none is json_media }}\n",
        )
        .expect("renders");
    assert_eq!(
        out,
        "True False\nTrue False\nFalse True\nFalse False\nFalse\n"
    );
}

#[test]
fn md_table_pads_every_column_byte_for_byte() {
    let files = render_mini();
    let operation = file(&files, "groups/o_auth/create-auth-code.txt");
    let table = operation
        .split("### Errors\n\n")
        .nth(1)
        .expect("the errors section");
    assert_eq!(
        table,
        "\
| Error Type                         | Status Code | Content Type     |
| ---------------------------------- | ----------- | ---------------- |
| errors.BadRequestResponseError     | 400         | application/json |
| errors.UnauthorizedResponseError   | 401         | application/json |
| errors.ForbiddenResponseError      | 403         | application/json |
| errors.ConflictResponseError       | 409         | application/json |
| errors.InternalServerResponseError | 500         | application/json |
| errors.OpenRouterDefaultError      | 4XX, 5XX    | \\*/\\*            |
"
    );
}

#[test]
fn md_table_keeps_escaped_pipes_and_counts_characters() {
    let scratch = Scratch::new();
    let out = scratch
        .render_snippet(
            "{{ md_table('| Name | Meaning |\n|---|---|\n| `a \\\\| b` | either |\n| café | 咖啡 ☕ |\n') }}",
        )
        .expect("renders");
    assert_eq!(
        out,
        "\
| Name     | Meaning |
| -------- | ------- |
| `a \\| b` | either  |
| café     | 咖啡 ☕    |
"
    );
    let (_, _, message) = template_error(scratch.render_snippet("{{ md_table('no table') }}"));
    assert!(message.contains("md_table"), "{message}");
}

#[test]
fn type_ref_renders_nested_types_through_the_mapping() {
    let files = render_mini();
    let index = file(&files, "index.txt");
    assert!(
        index.contains("nested: Array<Record<string, Array<Foo>>>\n"),
        "{index}"
    );
    // `[integer]` keyed by bits, with a default that uses `{bits}`.
    assert!(index.contains("sized: number bigint64\n"), "{index}");

    let scratch = Scratch::new();
    let out = scratch
        .render_snippet(
            "{% for field in type_def(\"CreateAuthKeysCodeRequestBody\").kind.fields %}{{ field.wire_name }}: {{ type_ref(field.ty) }}\n{% endfor %}",
        )
        .expect("renders");
    assert_eq!(
        out,
        "callback_url: string\ncode_challenge: string\ncode_challenge_method: CreateAuthKeysCodeCodeChallengeMethod\nexpires_at: Date\nkey_label: string\nlimit: number\nusage_limit_type: CreateAuthKeysCodeUsageLimitType\nworkspace_id: string\n"
    );
}

#[test]
fn a_kind_missing_from_types_toml_is_a_clear_error() {
    let scratch = Scratch::new();
    let types = std::fs::read_to_string(scratch.language().join("types.toml")).expect("types");
    scratch.write(
        "types.toml",
        types.replace("date_time = \"Date\"\n", "").as_bytes(),
    );
    let (file, line, message) = template_error(scratch.render_snippet(
        "fields:\n{% for field in type_def(\"CreateAuthKeysCodeRequestBody\").kind.fields %}{{ type_ref(field.ty) }}\n{% endfor %}",
    ));
    assert!(file.ends_with("templates/snippet.jinja"), "{file:?}");
    assert_eq!(line, Some(2));
    assert!(
        message.contains("types.toml") && message.contains("`date_time`"),
        "{message}"
    );
}

#[test]
fn a_syntax_error_names_the_innermost_template_and_its_line() {
    let scratch = Scratch::new();
    scratch.write(
        "templates/partials/header.jinja",
        b"// header\n{% if %}\n{% endif %}\n",
    );
    let err = scratch.render().expect_err("a syntax error");
    let shown = err.to_string();
    let (file, line, message) = template_error(Err::<(), _>(err));
    assert!(
        file.ends_with("mini/templates/partials/header.jinja"),
        "{file:?}"
    );
    assert_eq!(line, Some(2), "{message}");
    assert!(message.contains("syntax error"), "{message}");
    assert!(shown.contains("header.jinja:2: syntax error"), "{shown}");
    // The lines around the problem are shown.
    assert!(shown.contains("    2 > {% if %}"), "{shown}");
}

#[test]
fn an_undefined_variable_names_the_template_and_its_line() {
    let scratch = Scratch::new();
    scratch.write(
        "templates/group.txt.jinja",
        b"group\n{{ group.name.pascal }}\n{{ group.nmae }}\n",
    );
    let err = scratch.render().expect_err("strict undefined");
    let shown = err.to_string();
    let (file, line, message) = template_error(Err::<(), _>(err));
    assert!(file.ends_with("mini/templates/group.txt.jinja"), "{file:?}");
    assert_eq!(line, Some(3), "{message}");
    assert!(message.contains("undefined"), "{message}");
    assert!(message.contains("for group `OAuth`"), "{message}");
    assert!(shown.contains("group.txt.jinja:3: undefined"), "{shown}");
    // The whole IR is not dumped into the message.
    assert!(shown.len() < 2_000, "{shown}");
}

#[test]
fn a_bad_manifest_key_is_a_clear_error() {
    let scratch = Scratch::new();
    scratch.manifest("[[file]]\ntemplate = \"index.txt.jinja\"\npath = \"index.txt\"\neach = \"once\"\nwhen_ = \"true\"\n");
    let (file, line, message) = template_error(scratch.render());
    assert!(file.ends_with("mini/manifest.toml"), "{file:?}");
    assert_eq!(line, Some(7), "{message}");
    assert!(message.contains("unknown field `when_`"), "{message}");

    scratch.manifest(
        "[[file]]\ntemplate = \"index.txt.jinja\"\npath = \"index.txt\"\neach = \"model\"\n",
    );
    let (_, _, message) = template_error(scratch.render());
    assert!(message.contains("model"), "{message}");

    // A `when` that names nothing is an error, not a silently skipped file.
    scratch.manifest(
        "[[file]]\ntemplate = \"index.txt.jinja\"\npath = \"index.txt\"\nwhen = \"nope\"\n",
    );
    let (file, _, message) = template_error(scratch.render());
    assert!(file.ends_with("mini/manifest.toml"), "{file:?}");
    assert!(
        message.contains("`when` of [[file]] #1") && message.contains("undefined"),
        "{message}"
    );

    scratch.manifest("[[file]]\ntemplate = \"missing.jinja\"\npath = \"x.txt\"\n");
    let (file, _, message) = template_error(scratch.render());
    assert!(file.ends_with("mini/manifest.toml"), "{file:?}");
    assert!(message.contains("missing.jinja"), "{message}");
}

#[test]
fn a_missing_language_folder_is_a_clear_error() {
    let scratch = Scratch::new();
    let err = sdkgen::generate_language(&scratch.config(), "typescript").expect_err("no folder");
    let (file, _, message) = template_error(Err::<(), _>(err));
    assert!(file.ends_with("typescript/manifest.toml"), "{file:?}");
    assert!(message.contains("no such file"), "{message}");
    assert!(sdkgen::generate_language(&scratch.config(), "../mini").is_err());
    assert!(sdkgen::generate_language(&scratch.config(), "rust").is_err());
}

#[test]
fn two_items_rendering_to_one_path_is_an_error_naming_both() {
    let scratch = Scratch::new();
    scratch.manifest(
        "[[file]]\ntemplate = \"error.txt.jinja\"\npath = \"errors.txt\"\neach = \"error\"\n",
    );
    let (file, _, message) = template_error(scratch.render());
    assert!(file.ends_with("mini/manifest.toml"), "{file:?}");
    assert!(
        message.contains("`errors.txt`")
            && message.contains("error `BadRequestResponseError`")
            && message.contains("error `ConflictResponseError`"),
        "{message}"
    );
    // A rendered path that leaves the output folder is refused.
    scratch.manifest("[[file]]\ntemplate = \"index.txt.jinja\"\npath = \"../{{ lang }}.txt\"\n");
    let (_, _, message) = template_error(scratch.render());
    assert!(message.contains("\"../mini.txt\""), "{message}");
}

#[test]
fn static_files_must_be_text() {
    let scratch = Scratch::new();
    scratch.write("static/logo.png", &[0x89, b'P', b'N', b'G', 0xff, 0x00]);
    let (file, _, message) = template_error(scratch.render());
    assert!(file.ends_with("static/logo.png"), "{file:?}");
    assert!(message.contains("not UTF-8"), "{message}");
}

#[test]
fn rendering_is_deterministic() {
    let first = render_mini();
    let second = render_mini();
    assert!(!first.is_empty());
    assert_eq!(first, second);
}

#[test]
fn check_finds_a_changed_file() {
    let files = render_mini();
    let folder = tempfile::tempdir().expect("temp dir");
    sdkgen::output::write(folder.path(), &files).expect("write");
    assert!(
        sdkgen::output::check(folder.path(), &files)
            .expect("check")
            .is_empty()
    );
    let changed = folder.path().join("groups/o-auth.txt");
    std::fs::write(&changed, "edited by hand\n").expect("edit");
    let problems = sdkgen::output::check(folder.path(), &files).expect("check");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("groups/o-auth.txt") && problems[0].contains("-edited by hand"),
        "{}",
        problems[0]
    );
}

#[test]
fn languages_are_configured_per_table() {
    let config = fixture_config();
    let mini = &config.languages["mini"];
    assert!(
        mini.output
            .ends_with("tests/fixtures/templates/../../../../target/template-backend-mini"),
        "{:?}",
        mini.output
    );
    assert_eq!(
        mini.options,
        serde_json::json!({"package_name": "@test/mini", "features": ["a", "b"]})
    );
    assert_eq!(
        sdkgen::language_options(&config, "elsewhere"),
        serde_json::json!({})
    );
    let workspace =
        sdkgen::load_config(&workspace().join("spec/sdkgen.toml")).expect("workspace config");
    let languages: Vec<&String> = workspace.languages.keys().collect();
    assert_eq!(languages, ["typescript"]);

    let base = "[sdk]\nname = \"A\"\nenv_prefix = \"A\"\n[input]\nspec = \"s.yaml\"\ntemplates = \"t\"\n[rust]\ncrate_name = \"a\"\ncrate_version = \"0.1.0\"\noutput = \"o\"\n";
    for (table, expected) in [
        ("[languages.TypeScript]\noutput = \"x\"\n", "TypeScript"),
        ("[languages.ts]\npackage = \"x\"\n", "needs `output`"),
        ("[languages.ts]\noutput = 3\n", "must be a string"),
        ("[languages.rust]\noutput = \"x\"\n", "[rust]"),
    ] {
        let message = Config::parse(&format!("{base}{table}"), Path::new("/")).expect_err(table);
        assert!(message.contains(expected), "{table}: {message}");
    }
}
