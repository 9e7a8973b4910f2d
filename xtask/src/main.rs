//! Project tasks: `cargo xtask codegen` regenerates the SDKs from `spec/` (or checks that they are
//! up to date), `cargo xtask corpus` generates and lints an SDK for every spec of a corpus,
//! `cargo xtask bench` prints every performance figure (see [`bench`]).
//!
//! Every configuration in `spec/` (`*.toml`) is one SDK: the OAuth one (`sdkgen.toml`) and the
//! whole OpenRouter API (`openrouter-full.toml`); `--config` picks one. All of it runs the
//! generator's library code, as the `sdkgen` command does.

mod bench;
mod stamp;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sdkgen::corpus;
use sdkgen::run::{self, Options, Outcome};
use stamp::Stamp;

/// As `sdkgen`'s: generation is allocation-heavy, and faster with mimalloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Project tasks for sdkgen")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate the SDKs (the Rust crate and every configured language) of every configuration in
    /// `spec/`, or of the one --config names (--dump-ir and --out need one).
    Codegen {
        /// Write nothing; fail with a diff when the generated files are stale.
        #[arg(long)]
        check: bool,
        /// Print the intermediate representation as JSON instead of generating.
        #[arg(long, conflicts_with_all = ["check", "lang", "out"])]
        dump_ir: bool,
        #[command(flatten)]
        options: Options,
    },
    /// Generate a crate for every spec in the folders (default: ../shared/corpus and
    /// ../shared/spec), lint each with clippy in one shared target folder, and print a table.
    Corpus {
        /// Folders of specs (`.yaml`, `.yml`, `.json`), or single spec files.
        #[arg(value_name = "DIR")]
        folders: Vec<PathBuf>,
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

/// Exit codes as `sdkgen` documents them: 1 for a stale output or a failed corpus spec.
fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Codegen {
            check,
            dump_ir,
            options,
        } => codegen_all(&options, check, dump_ir),
        Task::Corpus { folders } => corpus(folders),
        Task::Bench { quick } => {
            if let Err(message) = bench::run(&workspace_root(), quick) {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
            Ok(Outcome::UpToDate)
        }
    };
    run::exit_code(result)
}

/// Runs [`codegen`] for the configuration `--config` names, or for every one in `spec/`; with
/// `--lang`, those that configure no such language are skipped.
fn codegen_all(options: &Options, check: bool, dump_ir: bool) -> sdkgen::Result<Outcome> {
    if options.config.is_some() {
        return codegen(options, check, dump_ir);
    }
    let configs = sdkgen::config::files_in(&workspace_root().join("spec"))?;
    if configs.len() > 1 && (dump_ir || options.out.is_some()) {
        return Err(sdkgen::Error::Usage(format!(
            "spec/ holds {} configurations; pick one with --config for --dump-ir or --out",
            configs.len()
        )));
    }
    let mut outcome = Outcome::UpToDate;
    for config in configs {
        let configures = |lang: &str| {
            sdkgen::load_config(&config)
                .map(|loaded| lang == "rust" || loaded.languages.contains_key(lang))
        };
        if let Some(lang) = &options.lang
            && !configures(lang)?
        {
            continue;
        }
        let options = Options {
            config: Some(config),
            ..options.clone()
        };
        if codegen(&options, check, dump_ir)? == Outcome::Stale {
            outcome = Outcome::Stale;
        }
    }
    Ok(outcome)
}

/// Generates (or checks, or dumps the IR of) one configuration. A write is skipped when the
/// [stamp](Stamp) of the last one shows that nothing it read or wrote has changed since.
fn codegen(options: &Options, check: bool, dump_ir: bool) -> sdkgen::Result<Outcome> {
    let stamp = if check || dump_ir {
        None
    } else {
        Some(Stamp::new(stamp_record(options), options)?)
    };
    if stamp.as_ref().is_some_and(Stamp::is_current) {
        let config = options.config.as_deref().unwrap_or(Path::new("the flags"));
        eprintln!(
            "{}: nothing changed since its last `cargo xtask codegen`; skipped",
            config.display()
        );
        return Ok(Outcome::UpToDate);
    }
    let (config, document) = options.load()?;
    if dump_ir {
        run::print(&format!("{}\n", run::ir_json(&config, &document)?))?;
        return Ok(Outcome::UpToDate);
    }
    let rerun = match (&options.lang, &options.out) {
        (Some(lang), Some(out)) => {
            format!("cargo xtask codegen --lang {lang} --out {}", out.display())
        }
        _ => "cargo xtask codegen".to_owned(),
    };
    if let Some(stamp) = &stamp {
        stamp.clear();
    }
    let outcome = run::generate(&config, document, options.only_lang(), check, &rerun)?;
    if let Some(stamp) = &stamp {
        let folders = run::output_folders(&config, options.only_lang());
        stamp.record(folders.into_iter().map(|(_, folder)| folder));
    }
    Ok(outcome)
}

/// Where the stamp of the configuration `options` names is kept: in cargo's target folder, which
/// `cargo clean` empties.
fn stamp_record(options: &Options) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from);
    let name = options
        .config
        .as_deref()
        .and_then(Path::file_name)
        .map_or_else(
            || "default".into(),
            |name| name.to_string_lossy().into_owned(),
        );
    target.join("xtask-codegen").join(format!("{name}.stamp"))
}

/// `cargo xtask corpus`: a table of what each spec generates, and whether its crate passes clippy.
/// A spec that fails counts as `Stale` (exit code 1).
fn corpus(folders: Vec<PathBuf>) -> sdkgen::Result<Outcome> {
    let root = workspace_root();
    let folders = if folders.is_empty() {
        vec![root.join("../shared/corpus"), root.join("../shared/spec")]
    } else {
        folders
    };
    let specs = corpus::specs(&folders)?;
    let harness = corpus::Harness::new(&root);
    let rows: Vec<corpus::Row> = specs
        .iter()
        .map(|spec| {
            eprintln!("checking {}", spec.display());
            harness.check(&corpus::Case::spec(spec))
        })
        .collect();
    run::print(&corpus::table(&rows))?;
    let failed = rows.iter().filter(|row| !row.passed()).count();
    for row in rows.iter().filter(|row| !row.passed()) {
        eprintln!("{}:\n{}\n", row.name, row.problems());
    }
    Ok(if failed == 0 {
        Outcome::UpToDate
    } else {
        eprintln!("{failed} of {} specs failed", rows.len());
        Outcome::Stale
    })
}
