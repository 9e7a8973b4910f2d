//! One generator run as the command-line tools perform it (`sdkgen`, and `cargo xtask codegen` in
//! this workspace): the options they share, the folders a run renders, each written or checked
//! against what is on disk, with progress and warnings on stderr.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::config::{self, Config, LanguageConfig, Settings};
use crate::diagnostics::{Diagnostic, Error, Result};
use crate::load::Document;
use crate::output::{self, GeneratedFile};
use crate::template::Language;

/// What to generate from, and how: the command-line options every command shares. Each flag
/// overrides the configuration file's value; what neither sets is derived from the spec.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Options {
    /// The OpenAPI document (YAML or JSON, OpenAPI 3.0 or 3.1) [config: input.spec].
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// The configuration file (sdkgen.toml); optional: without it everything is derived from the
    /// spec and the flags.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The folder to write (or check) the generated SDK in; with --lang, that language's folder
    /// [config: rust.output, languages.<name>.output; default: a folder named after the crate].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Generate only this language: `rust` for the Rust crate, or a template language such as
    /// `typescript` [default: `rust` with --out, else every configured language].
    #[arg(long, value_name = "NAME")]
    pub lang: Option<String>,
    /// A templates folder to use instead of the built-in templates [config: input.templates].
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The SDK's name, PascalCase [config: sdk.name; default: from the spec's `info.title`].
    #[arg(long, value_name = "NAME", value_parser = parser(config::check_sdk_name))]
    pub name: Option<String>,
    /// Prefix of the SDK's environment variables [config: sdk.env_prefix; default: the name in
    /// SCREAMING_CASE].
    #[arg(long, value_name = "PREFIX", value_parser = parser(config::check_env_prefix))]
    pub env_prefix: Option<String>,
    /// The Rust crate's name [config: rust.crate_name; default: the title (or --name) in
    /// snake_case].
    #[arg(long, value_name = "NAME", value_parser = parser(config::check_crate_name))]
    pub crate_name: Option<String>,
    /// The Rust crate's version [config: rust.crate_version; default: `info.version` when it is a
    /// semantic version, else 0.1.0].
    #[arg(long, value_name = "VERSION", value_parser = parser(config::check_crate_version))]
    pub crate_version: Option<String>,
}

/// A clap value parser that accepts what `check` accepts, and otherwise says why not.
fn parser(
    check: fn(&str) -> Result<(), String>,
) -> impl Fn(&str) -> Result<String, String> + Clone {
    move |value| check(value).map(|()| value.to_owned())
}

/// The language `--out` applies to: `--lang`, else the Rust crate.
const DEFAULT_LANG: &str = "rust";

impl Options {
    /// The language this run renders alone, if any: `--lang`, or `rust` when only `--out` is given.
    pub fn only_lang(&self) -> Option<&str> {
        match (&self.lang, &self.out) {
            (Some(lang), _) => Some(lang),
            (None, Some(_)) => Some(DEFAULT_LANG),
            (None, None) => None,
        }
    }

    /// The configuration file's settings (none without `--config`) with the flags applied.
    pub fn settings(&self) -> Result<Settings> {
        let mut settings = match &self.config {
            Some(path) => Settings::load(path)?,
            None => Settings::default(),
        };
        let flags = [
            (&self.name, &mut settings.sdk_name),
            (&self.env_prefix, &mut settings.env_prefix),
            (&self.crate_name, &mut settings.crate_name),
            (&self.crate_version, &mut settings.crate_version),
        ];
        for (flag, setting) in flags {
            if flag.is_some() {
                setting.clone_from(flag);
            }
        }
        if self.spec.is_some() {
            settings.spec.clone_from(&self.spec);
        }
        if self.templates.is_some() {
            settings.templates.clone_from(&self.templates);
        }
        if let (Some(out), Some(lang)) = (&self.out, self.only_lang()) {
            if lang == DEFAULT_LANG {
                settings.output = Some(out.clone());
            } else {
                config::check_language_name(lang).map_err(Error::Usage)?;
                settings
                    .languages
                    .entry(lang.to_owned())
                    .or_insert_with(|| LanguageConfig {
                        output: out.clone(),
                        options: serde_json::json!({}),
                    })
                    .output = out.clone();
            }
        }
        Ok(settings)
    }

    /// The spec, read once, and the configuration resolved against it, its paths checked.
    pub fn load(&self) -> Result<(Config, Document)> {
        let settings = self.settings()?;
        let spec = settings.spec()?;
        if !spec.is_file() {
            return Err(Error::Usage(format!(
                "the spec {} is not a file (--spec or `input.spec`)",
                spec.display()
            )));
        }
        let document = crate::load::load(spec)?;
        let config = settings.resolve(&document.api.info)?;
        config.check_paths()?;
        Ok((config, document))
    }
}

/// Whether a run left its folders as generated: a check that finds a difference is `Stale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    UpToDate,
    Stale,
}

/// The exit code of a command that ended with `result` (0 up to date, 1 stale, else the error's
/// [code](Error::exit_code)), printing the error.
pub fn exit_code(result: Result<Outcome>) -> std::process::ExitCode {
    match result {
        Ok(Outcome::UpToDate) => std::process::ExitCode::SUCCESS,
        Ok(Outcome::Stale) => std::process::ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::ExitCode::from(err.exit_code())
        }
    }
}

/// One output folder to generate: the Rust crate or a template language.
struct Target {
    /// `rust` or the language's name.
    lang: String,
    folder: PathBuf,
    /// The language's templates, `None` for the Rust backend.
    language: Option<Language>,
}

/// Generates every folder the options ask for (see [`Options::only_lang`]) and writes it, or with
/// `check` compares it and prints a unified diff of what is stale. `rerun` is the command a stale
/// check tells the user to run. The document is dropped once lowered: the backends read the IR
/// alone, and a big spec's document (its text, its tree and the lines of every node) weighs as
/// much as the IR.
pub fn generate(
    config: &Config,
    document: Document,
    only_lang: Option<&str>,
    check: bool,
    rerun: &str,
) -> Result<Outcome> {
    let started = Instant::now();
    // Read every language folder before lowering, so that a missing manifest fails fast.
    let targets = targets(config, only_lang)?;
    let lowered = crate::lower::lower(&document, &config.sdk)?;
    drop(document);
    print_warnings(&lowered.warnings);
    let mut outcome = Outcome::UpToDate;
    let languages = targets
        .iter()
        .filter_map(|target| Some((target, target.language.as_ref()?)));
    for (target, language) in languages {
        let options = crate::language_options(config, &target.lang);
        let render = |each: &(dyn Fn(GeneratedFile) -> Result<()> + Sync)| {
            let files = language.render(&lowered.api, &options)?;
            files.into_iter().try_for_each(each)
        };
        if !sync(&target.folder, render, check, rerun, started)? {
            outcome = Outcome::Stale;
        }
    }
    // The Rust crate comes last, so that its backend takes the IR over instead of copying it.
    if let Some(target) = targets.iter().find(|target| target.language.is_none()) {
        let api = lowered.api;
        let render = |each: &(dyn Fn(GeneratedFile) -> Result<()> + Sync)| {
            crate::rust::render_each(api, config, each)
        };
        if !sync(&target.folder, render, check, rerun, started)? {
            outcome = Outcome::Stale;
        }
    }
    Ok(outcome)
}

/// The IR of the spec as pretty JSON: what every backend and template sees.
pub fn ir_json(config: &Config, document: &Document) -> Result<String> {
    let lowered = crate::lower::lower(document, &config.sdk)?;
    print_warnings(&lowered.warnings);
    serde_json::to_string_pretty(&lowered.api).map_err(|err| Error::Render {
        file: "IR".into(),
        message: err.to_string(),
    })
}

/// The folders a run generates, by language: the Rust crate's and every configured language's, or
/// the one `only_lang` names (none when no such language is configured).
pub fn output_folders<'c>(config: &'c Config, only_lang: Option<&str>) -> Vec<(&'c str, &'c Path)> {
    let languages = config
        .languages
        .iter()
        .map(|(lang, language)| (lang.as_str(), language.output.as_path()));
    std::iter::once((DEFAULT_LANG, config.rust.output.as_path()))
        .chain(languages)
        .filter(|(lang, _)| only_lang.is_none_or(|only| only == *lang))
        .collect()
}

/// The [folders](output_folders) this run generates, each with its language's templates.
fn targets(config: &Config, only_lang: Option<&str>) -> Result<Vec<Target>> {
    let folders = output_folders(config, only_lang);
    if let (Some(lang), true) = (only_lang, folders.is_empty()) {
        return Err(Error::Usage(format!(
            "the language `{lang}` has no [languages.{lang}] table with an `output` folder; add one or pass --out DIR"
        )));
    }
    folders
        .into_iter()
        .map(|(lang, folder)| {
            let language = if lang == DEFAULT_LANG {
                None
            } else {
                Some(Language::load(&config.templates, lang)?)
            };
            Ok(Target {
                lang: lang.to_owned(),
                folder: folder.to_path_buf(),
                language,
            })
        })
        .collect()
}

/// Writes the files `render` produces (handing each to its callback) into `folder` as they come,
/// or with `check` compares them and prints a diff. Returns whether the folder was up to date
/// (always true when writing).
fn sync(
    folder: &Path,
    render: impl FnOnce(&(dyn Fn(GeneratedFile) -> Result<()> + Sync)) -> Result<()>,
    check: bool,
    rerun: &str,
    started: Instant,
) -> Result<bool> {
    let folder = &folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    if check {
        let checker = output::Checker::new(folder)?;
        let files = AtomicUsize::new(1);
        render(&|file| {
            files.fetch_add(1, Ordering::Relaxed);
            checker.file(&file)
        })?;
        let problems = checker.finish()?;
        if problems.is_empty() {
            eprintln!(
                "{} is up to date ({} files)",
                folder.display(),
                files.into_inner()
            );
            return Ok(true);
        }
        for problem in &problems {
            print(&format!("{problem}\n"))?;
        }
        eprintln!(
            "error: {} is stale ({} difference(s)); run `{rerun}` and commit the result",
            folder.display(),
            problems.len()
        );
        return Ok(false);
    }
    let writer = output::Writer::new(folder)?;
    render(&|file| writer.file(&file))?;
    let report = writer.finish()?;
    for path in &report.written {
        eprintln!("wrote {path}");
    }
    for path in &report.deleted {
        eprintln!("deleted {path}");
    }
    eprintln!(
        "{}: {} written, {} unchanged, {} deleted in {:.0?}",
        folder.display(),
        report.written.len(),
        report.unchanged,
        report.deleted.len(),
        started.elapsed()
    );
    Ok(true)
}

/// Writes `text` to stdout. A reader that stopped reading (`sdkgen ir | head`) is no error.
pub fn print(text: &str) -> Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io(Path::new("<stdout>"), err))
        }
        _ => Ok(()),
    }
}

/// Prints each warning with its file, line and JSON pointer.
pub fn print_warnings(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}
