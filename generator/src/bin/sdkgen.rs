//! `sdkgen`: generate an SDK from an OpenAPI document, check a generated SDK, or print the IR.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sdkgen::run::{self, Options, Outcome};

/// Generation allocates and frees millions of small token trees and syntax nodes, from two or more
/// threads: mimalloc does that in about three quarters of the time glibc's allocator takes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, as `sdkgen --help` lists them.
const EXIT_CODES: &str = "Exit codes:
  0  done (check: the output is up to date)
  1  check: the output is stale (a unified diff is printed on stdout)
  2  invalid command line or configuration (a bad flag, an invalid sdkgen.toml key, a missing spec)
  3  the spec or the templates cannot be turned into an SDK (the error names file, line and JSON pointer)
  4  a file could not be read or written
  5  a generator bug: generated code that does not parse";

#[derive(Parser)]
#[command(
    name = "sdkgen",
    version,
    about = "Turns an OpenAPI document into an SDK: a Rust crate, or any language from templates.",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the SDK into its folder: only changed files are written; files generated before
    /// and no longer produced are deleted; other files (hand-written code) are never touched.
    #[command(after_help = EXIT_CODES)]
    Generate(#[command(flatten)] Options),
    /// Write nothing; exit 1 with a unified diff when the generated folder is stale.
    #[command(after_help = EXIT_CODES)]
    Check(#[command(flatten)] Options),
    /// Print the intermediate representation (the IR every backend and template sees) as JSON.
    #[command(after_help = EXIT_CODES)]
    Ir(#[command(flatten)] Options),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(options) => generate(&options, false),
        Command::Check(options) => generate(&options, true),
        Command::Ir(options) => options.load().and_then(|(config, document)| {
            run::print(&format!("{}\n", run::ir_json(&config, &document)?))?;
            Ok(Outcome::UpToDate)
        }),
    };
    run::exit_code(result)
}

fn generate(options: &Options, check: bool) -> sdkgen::Result<Outcome> {
    let (config, document) = options.load()?;
    // What a stale check tells the user to run: this command line, generating.
    let flags: Vec<String> = std::env::args().skip(2).collect();
    let rerun = format!("sdkgen generate {}", flags.join(" "));
    run::generate(&config, document, options.only_lang(), check, &rerun)
}
