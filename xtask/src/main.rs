//! `cargo xtask codegen`: regenerate the SDK from `spec/`, or check that it is up to date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use sdkgen::output;

#[derive(Parser)]
#[command(about = "Project tasks for sdkgen")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate the SDK crate from the spec and configuration.
    Codegen {
        /// Write nothing; fail with a diff when the generated files are stale.
        #[arg(long)]
        check: bool,
        /// Print the intermediate representation as JSON instead of generating.
        #[arg(long, conflicts_with = "check")]
        dump_ir: bool,
        /// The generator configuration.
        #[arg(long, default_value_os_t = workspace_root().join("spec/sdkgen.toml"))]
        config: PathBuf,
    },
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn main() -> ExitCode {
    let Cli {
        task: Task::Codegen {
            check,
            dump_ir,
            config,
        },
    } = Cli::parse();
    match codegen(&config, check, dump_ir) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(config_path: &Path, check: bool, dump_ir: bool) -> sdkgen::Result<ExitCode> {
    let started = Instant::now();
    let config = sdkgen::load_config(config_path)?;
    if dump_ir {
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
    let (files, warnings) = sdkgen::generate_rust(&config)?;
    print_warnings(&warnings);
    let folder = &config
        .rust
        .output
        .canonicalize()
        .unwrap_or_else(|_| config.rust.output.clone());
    if check {
        let problems = output::check(folder, &files)?;
        if problems.is_empty() {
            eprintln!(
                "{} is up to date ({} files)",
                folder.display(),
                files.len() + 1
            );
            return Ok(ExitCode::SUCCESS);
        }
        for problem in &problems {
            println!("{problem}");
        }
        eprintln!(
            "error: {} is stale ({} difference(s)); run `cargo xtask codegen` and commit the result",
            folder.display(),
            problems.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    let report = output::write(folder, &files)?;
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
    Ok(ExitCode::SUCCESS)
}

fn print_warnings(warnings: &[sdkgen::Diagnostic]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}
