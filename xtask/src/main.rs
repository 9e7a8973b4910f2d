//! `cargo xtask codegen`: regenerate the SDKs from `spec/`, or check that they are up to date.
//! `cargo xtask bench`: every performance figure (see [`bench`]).
//!
//! Without `--lang` it renders the Rust crate and every language configured under `[languages]`;
//! `--lang rust` is the Rust crate alone, `--lang <name>` one template language.

mod bench;

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
    /// Generate the SDKs (the Rust crate and every configured language) from the spec and
    /// configuration.
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
        /// Write to (or check) this folder instead of the configured output; needs --lang.
        #[arg(long, value_name = "DIR", requires = "lang")]
        out: Option<PathBuf>,
        /// The generator configuration.
        #[arg(long, default_value_os_t = workspace_root().join("spec/sdkgen.toml"))]
        config: PathBuf,
    },
    /// Measure generation (whole process, stages, code size), compile time and client overhead;
    /// prints markdown tables.
    Bench {
        /// Skip the 10,000-operation spec and the compile times.
        #[arg(long)]
        quick: bool,
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
    let (check, dump_ir, lang, out, config) = match Cli::parse().task {
        Task::Codegen {
            check,
            dump_ir,
            lang,
            out,
            config,
        } => (check, dump_ir, lang, out, config),
        Task::Bench { quick } => {
            return match bench::run(&workspace_root(), quick) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            };
        }
    };
    let options = Options {
        check,
        dump_ir,
        lang,
        out,
    };
    match codegen(&config, &options) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// One output folder to generate: the Rust crate or a template language.
struct Target {
    /// `rust` or the language's name.
    lang: String,
    folder: PathBuf,
}

fn codegen(config_path: &Path, options: &Options) -> sdkgen::Result<ExitCode> {
    let started = Instant::now();
    let config = sdkgen::load_config(config_path)?;
    if options.dump_ir {
        let lowered = sdkgen::load_api(&config)?;
        print_warnings(&lowered.warnings);
        let json =
            serde_json::to_string_pretty(&lowered.api).map_err(|err| sdkgen::Error::Render {
                file: "IR".into(),
                message: err.to_string(),
            })?;
        println!("{json}");
        return Ok(ExitCode::SUCCESS);
    }
    let targets = targets(&config, config_path, options)?;
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
    let lowered = sdkgen::load_api(&config)?;
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
            None => sdkgen::rust::render(&lowered.api, &config)?,
            Some(language) => language.render(
                &lowered.api,
                &sdkgen::language_options(&config, &target.lang),
            )?,
        };
        up_to_date &= sync(&target.folder, &files, options.check, &rerun, started)?;
    }
    Ok(if up_to_date {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The folders this run generates: the Rust crate then every configured language, or the one
/// `--lang` names (in `--out` when given).
fn targets(
    config: &sdkgen::Config,
    config_path: &Path,
    options: &Options,
) -> sdkgen::Result<Vec<Target>> {
    let Some(lang) = &options.lang else {
        let mut targets = vec![Target {
            lang: "rust".to_owned(),
            folder: config.rust.output.clone(),
        }];
        targets.extend(config.languages.iter().map(|(lang, language)| Target {
            lang: lang.clone(),
            folder: language.output.clone(),
        }));
        return Ok(targets);
    };
    let configured = if lang == "rust" {
        Some(config.rust.output.clone())
    } else {
        config
            .languages
            .get(lang)
            .map(|language| language.output.clone())
    };
    let Some(folder) = options.out.clone().or(configured) else {
        return Err(sdkgen::Error::Config {
            path: config_path.to_path_buf(),
            message: format!(
                "the language `{lang}` has no [languages.{lang}] table with an `output` folder; add one or pass --out DIR"
            ),
        });
    };
    Ok(vec![Target {
        lang: lang.clone(),
        folder,
    }])
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
