//! `cargo xtask codegen`: regenerate the SDKs from `spec/`, or check that they are up to date.
//!
//! Every configuration in `spec/` (`*.toml`) is one SDK: the OAuth one (`sdkgen.toml`) and the
//! whole OpenRouter API (`openrouter-full.toml`); `--config` picks one. Without `--lang` each
//! renders its Rust crate and every language configured under `[languages]`; `--lang rust` is the
//! Rust crate alone, `--lang <name>` one template language.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use sdkgen::output::{self, GeneratedFile};

#[derive(Parser)]
#[command(about = "Project tasks for sdkgen")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate the SDKs (the Rust crate and every configured language) of every configuration in
    /// `spec/`, or of the one `--config` names.
    Codegen {
        /// Write nothing; fail with a diff when the generated files are stale.
        #[arg(long)]
        check: bool,
        /// Print the intermediate representation as JSON instead of generating.
        #[arg(long, conflicts_with_all = ["check", "lang", "out"])]
        dump_ir: bool,
        /// Generate only this language: `rust` for the Rust crate, or the name of a folder under
        /// the templates folder (e.g. `typescript`).
        #[arg(long, value_name = "NAME")]
        lang: Option<String>,
        /// Write to (or check) this folder instead of the configured output; needs --lang, and
        /// --config when `spec/` holds several configurations.
        #[arg(long, value_name = "DIR", requires = "lang")]
        out: Option<PathBuf>,
        /// One generator configuration, instead of every `*.toml` in `spec/`; --dump-ir and --out
        /// need it when there are several.
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// What one run does.
struct Options {
    check: bool,
    dump_ir: bool,
    lang: Option<String>,
    out: Option<PathBuf>,
}

fn main() -> ExitCode {
    let Cli {
        task:
            Task::Codegen {
                check,
                dump_ir,
                lang,
                out,
                config,
            },
    } = Cli::parse();
    let options = Options {
        check,
        dump_ir,
        lang,
        out,
    };
    let result = configs(config)
        .map_err(Into::into)
        .and_then(|configs| codegen(&configs, &options));
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The configurations to generate: the one given, or every one in `spec/`.
fn configs(given: Option<PathBuf>) -> sdkgen::Result<Vec<PathBuf>> {
    match given {
        Some(path) => Ok(vec![path]),
        None => sdkgen::config::files_in(&workspace_root().join("spec")),
    }
}

/// One output folder to generate: the Rust crate or a template language.
struct Target {
    /// `rust` or the language's name.
    lang: String,
    folder: PathBuf,
}

fn codegen(configs: &[PathBuf], options: &Options) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let single = match configs {
        [config] => Some(config),
        _ => None,
    };
    if options.dump_ir || options.out.is_some() {
        let Some(config_path) = single else {
            return Err(several_configs(configs).into());
        };
        if options.dump_ir {
            return Ok(dump_ir(config_path)?);
        }
    }
    let mut up_to_date = true;
    let mut rendered = false;
    for config_path in configs {
        let config = sdkgen::load_config(config_path)?;
        let targets = targets(&config, options);
        rendered |= !targets.is_empty();
        up_to_date &= generate(&config, targets, options)?;
    }
    if let (Some(lang), false) = (&options.lang, rendered) {
        let configs = single.map_or_else(|| "spec/".to_owned(), |path| path.display().to_string());
        return Err(format!(
            "no configuration in {configs} has a [languages.{lang}] table with an `output` folder; add one or pass --out DIR"
        )
        .into());
    }
    Ok(if up_to_date {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The error of an action that takes one configuration when `spec/` holds several.
fn several_configs(configs: &[PathBuf]) -> String {
    let names: Vec<String> = configs
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    format!(
        "--dump-ir and --out work on one configuration; choose one of {} with --config",
        names.join(", ")
    )
}

/// Prints the IR of one configuration as JSON.
fn dump_ir(config_path: &Path) -> sdkgen::Result<ExitCode> {
    let config = sdkgen::load_config(config_path)?;
    let lowered = sdkgen::load_api(&config)?;
    print_warnings(&lowered.warnings);
    let json = serde_json::to_string_pretty(&lowered.api).map_err(|err| sdkgen::Error::Render {
        file: "IR".into(),
        message: err.to_string(),
    })?;
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}

/// Renders (or checks) `targets` of one configuration. Returns whether they were all up to date.
fn generate(
    config: &sdkgen::Config,
    targets: Vec<Target>,
    options: &Options,
) -> sdkgen::Result<bool> {
    if targets.is_empty() {
        return Ok(true);
    }
    let started = Instant::now();
    // Read every language folder before the spec, so that a missing manifest fails fast.
    let mut jobs = Vec::new();
    for target in targets {
        let language = if target.lang == "rust" {
            None
        } else {
            Some(sdkgen::template::Language::load(
                &config.templates,
                &target.lang,
            )?)
        };
        jobs.push((target, language));
    }
    let lowered = sdkgen::load_api(config)?;
    print_warnings(&lowered.warnings);
    let rerun = match (&options.lang, &options.out) {
        (Some(lang), Some(out)) => {
            format!("cargo xtask codegen --lang {lang} --out {}", out.display())
        }
        _ => "cargo xtask codegen".to_owned(),
    };
    let mut up_to_date = true;
    for (target, language) in &jobs {
        let files = match language {
            None => sdkgen::rust::render(&lowered.api, config)?,
            Some(language) => language.render(
                &lowered.api,
                &sdkgen::language_options(config, &target.lang),
            )?,
        };
        up_to_date &= sync(&target.folder, &files, options.check, &rerun, started)?;
    }
    Ok(up_to_date)
}

/// The folders this run generates for one configuration: the Rust crate then every configured
/// language, or the one `--lang` names (in `--out` when given; none when this configuration does
/// not configure it).
fn targets(config: &sdkgen::Config, options: &Options) -> Vec<Target> {
    let Some(lang) = &options.lang else {
        let mut targets = vec![Target {
            lang: "rust".to_owned(),
            folder: config.rust.output.clone(),
        }];
        targets.extend(config.languages.iter().map(|(lang, language)| Target {
            lang: lang.clone(),
            folder: language.output.clone(),
        }));
        return targets;
    };
    let configured = if lang == "rust" {
        Some(config.rust.output.clone())
    } else {
        config
            .languages
            .get(lang)
            .map(|language| language.output.clone())
    };
    options
        .out
        .clone()
        .or(configured)
        .map(|folder| Target {
            lang: lang.clone(),
            folder,
        })
        .into_iter()
        .collect()
}

/// Writes `files` into `folder`, or with `check` compares them and prints a diff. Returns whether
/// the folder was up to date (always true when writing).
fn sync(
    folder: &Path,
    files: &[GeneratedFile],
    check: bool,
    rerun: &str,
    started: Instant,
) -> sdkgen::Result<bool> {
    let folder = &folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    if check {
        let problems = output::check(folder, files)?;
        if problems.is_empty() {
            eprintln!(
                "{} is up to date ({} files)",
                folder.display(),
                files.len() + 1
            );
            return Ok(true);
        }
        for problem in &problems {
            println!("{problem}");
        }
        eprintln!(
            "error: {} is stale ({} difference(s)); run `{rerun}` and commit the result",
            folder.display(),
            problems.len()
        );
        return Ok(false);
    }
    let report = output::write(folder, files)?;
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

fn print_warnings(warnings: &[sdkgen::Diagnostic]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}
