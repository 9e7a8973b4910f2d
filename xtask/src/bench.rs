//! `cargo xtask bench`: every performance figure of the project in one run, printed as markdown
//! tables (the ones `BENCHMARKS.md` keeps).
//!
//! - **Generation, whole process**: the release `sdkgen` binary generating the Rust crate of the
//!   OAuth spec, the full OpenRouter spec and synthetic specs of 100, 1,000 and 10,000 operations
//!   into an empty folder: median wall time, peak memory (the child's `ru_maxrss`, taken by the
//!   small `measure` program), time per operation and its ratio to the 100-operation spec. Peers on `PATH` run on the same specs in
//!   the same run: `cargo-progenitor` (the synthetic ones: it reads OpenAPI 3.0 only) and
//!   `openapi-generator-cli` (every spec).
//! - **Stages**, in this process: load, lower, render, write (into an empty folder, then again
//!   with nothing changed).
//! - **Generated code**: Rust lines and files per operation, and the peers' lines.
//! - **`cargo xtask codegen`** with nothing to rebuild or write.
//! - **Compile time** of the generated OAuth and full crates (their dependencies built first), and
//!   of openapi-generator's OAuth crate when it is installed, unless `--quick`.
//! - **Client overhead**: the `bench_overhead` example of the generated crate (generated client
//!   vs a hand-written reqwest call on loopback, sequential and at concurrency 32).
//!
//! Nothing here passes or fails: it measures. `--quick` skips the 10,000-operation spec and the
//! compile times.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A spec the generation figures are taken on.
struct Spec {
    name: String,
    path: PathBuf,
    operations: usize,
    /// Whole-process runs; the median counts.
    runs: usize,
    /// Synthetic: progenitor runs on it too.
    synthetic: bool,
}

/// One whole-process measurement.
#[derive(Clone, Copy)]
struct Measured {
    wall: Duration,
    peak_kib: u64,
}

pub fn run(root: &Path, quick: bool) -> Result<(), String> {
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work).map_err(|err| format!("{}: {err}", work.display()))?;
    let sdkgen = build_sdkgen(root)?;
    let specs = specs(root, &work, quick)?;
    let peers = peers();
    println!("{}\n", machine());
    generation(&sdkgen, &specs, &peers, &work)?;
    stages(root, &specs, &work)?;
    code_size(&specs, &peers, &work)?;
    codegen_unchanged(root)?;
    if !quick {
        compile_time(root, &peers, &work)?;
    }
    client_overhead(root)
}

/// Builds the release generator and the `measure` helper; returns the generator's path.
fn build_sdkgen(root: &Path) -> Result<PathBuf, String> {
    cargo(
        root,
        &["build", "--quiet", "-p", "xtask", "--bin", "measure"],
    )?;
    cargo(
        root,
        &[
            "build",
            "--release",
            "--quiet",
            "-p",
            "sdkgen",
            "--bin",
            "sdkgen",
        ],
    )?;
    Ok(root.join("target/release/sdkgen"))
}

fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    cargo_with(dir, args, &[])
}

/// The cargo that runs this bench (`CARGO`), else the one on `PATH`.
fn cargo_command() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Runs cargo in `dir` with extra environment variables.
fn cargo_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let status = cargo_command()
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .status()
        .map_err(|err| format!("cargo {}: {err}", args.join(" ")))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed ({status})", args.join(" ")))
    }
}

/// The machine the figures come from: CPU model, cores, memory.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpu
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split(':').nth(1))
        .map_or("unknown CPU", str::trim)
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let total_gib = memory
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    format!("Machine: {model}, {cores} cores, {total_gib:.0} GiB")
}

/// The OAuth spec, the full OpenRouter spec (when `spec/` or `../shared/spec` has it) and the
/// synthetic specs, written into `work`.
fn specs(root: &Path, work: &Path, quick: bool) -> Result<Vec<Spec>, String> {
    let mut specs = vec![Spec {
        name: "openrouter-oauth".into(),
        path: root.join("spec/openrouter-oauth.openapi.yaml"),
        operations: 2,
        runs: 11,
        synthetic: false,
    }];
    let full = ["spec", "../shared/spec"]
        .iter()
        .map(|folder| root.join(folder).join("openrouter-full.openapi.yaml"))
        .find(|path| path.exists());
    if let Some(path) = full {
        specs.push(Spec {
            name: "openrouter-full".into(),
            operations: count_operations(&path)?,
            path,
            runs: 5,
            synthetic: false,
        });
    }
    let sizes: &[usize] = if quick {
        &[100, 1_000]
    } else {
        &[100, 1_000, 10_000]
    };
    for &count in sizes {
        let path = work.join(format!("synthetic-{count}.json"));
        std::fs::write(&path, synthetic_spec(count))
            .map_err(|err| format!("{}: {err}", path.display()))?;
        specs.push(Spec {
            name: format!("synthetic-{count}"),
            path,
            operations: count,
            runs: if count >= 10_000 { 3 } else { 5 },
            synthetic: true,
        });
    }
    Ok(specs)
}

/// The number of operations the spec declares, from its IR-independent shape (methods under
/// `paths`), so that operations the generator leaves out still count.
fn count_operations(path: &Path) -> Result<usize, String> {
    let document = sdkgen::load::load(path).map_err(|err| err.to_string())?;
    Ok(document
        .api
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .map(|item| item.iter().count())
        .sum())
}

/// A spec of `count` operations in 20 tags, each on its own path with a path parameter, a query
/// parameter, a JSON body with a nullable property and a JSON answer: OpenAPI 3.0.3 as JSON, so
/// that other generators (progenitor) read it as well.
pub fn synthetic_spec(count: usize) -> String {
    let paths: serde_json::Map<String, serde_json::Value> = (0..count)
        .map(|index| {
            let operation = serde_json::json!({
                "post": {
                    "operationId": format!("createItem{index}"),
                    "tags": [format!("Group{}", index % 20)],
                    "summary": format!("Creates item {index}."),
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}
                    ],
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {"schema": {
                            "type": "object",
                            "required": ["name"],
                            "properties": {
                                "name": {"type": "string", "maxLength": 10},
                                "count": {"type": "integer", "nullable": true}
                            }
                        }}}
                    },
                    "responses": {
                        "200": {
                            "description": "The item.",
                            "content": {"application/json": {"schema": {
                                "type": "object",
                                "properties": {"id": {"type": "string"}}
                            }}}
                        }
                    }
                }
            });
            (format!("/items{index}/{{id}}"), operation)
        })
        .collect();
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
    });
    serde_json::to_string_pretty(&spec).unwrap_or_default()
}

/// Another generator measured on the same specs in the same run, when it is installed.
struct Peer {
    name: &'static str,
    program: PathBuf,
    /// Whether it reads the spec (progenitor reads OpenAPI 3.0 only: the synthetic specs).
    reads: fn(&Spec) -> bool,
    /// The command generating `spec`'s Rust client into `out`.
    command: fn(&Path, &Spec, &Path) -> Command,
}

/// The peers on `PATH`: `cargo-progenitor` (`cargo install cargo-progenitor`) and
/// `openapi-generator-cli` (`pip install openapi-generator-cli`, which bundles the jar).
fn peers() -> Vec<Peer> {
    let progenitor = which("cargo-progenitor").map(|program| Peer {
        name: "progenitor",
        program,
        reads: |spec| spec.synthetic,
        command: |program, spec, out| {
            let mut command = Command::new(program);
            command
                .args(["progenitor", "-n", "synthetic", "-v", "0.1.0", "-i"])
                .arg(&spec.path)
                .arg("-o")
                .arg(out);
            command
        },
    });
    let openapi_generator = which("openapi-generator-cli").map(|program| Peer {
        name: "openapi-generator",
        program,
        reads: |_| true,
        command: |program, spec, out| {
            let mut command = Command::new(program);
            command
                .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                .arg(&spec.path)
                .arg("-o")
                .arg(out);
            command
        },
    });
    progenitor.into_iter().chain(openapi_generator).collect()
}

/// Whole-process generation times and peak memory, and each installed peer's beside them.
fn generation(sdkgen: &Path, specs: &[Spec], peers: &[Peer], work: &Path) -> Result<(), String> {
    println!("## Generation, whole process (release binary, Rust crate into an empty folder)\n");
    let mut header = "| spec | operations | wall (median) | peak memory | per operation | per operation vs 100 |".to_owned();
    let mut rule = "|---|---:|---:|---:|---:|---:|".to_owned();
    for peer in peers {
        header.push_str(&format!(" {0} wall | {0} peak | sdkgen / {0} |", peer.name));
        rule.push_str("---:|---:|---:|");
    }
    println!("{header}\n{rule}");
    let mut base_per_op = None;
    for spec in specs {
        let out = work.join("out").join(&spec.name);
        let ours = median_of(spec.runs, &out, || {
            let mut command = Command::new(sdkgen);
            command
                .args(["generate", "--lang", "rust", "--spec"])
                .arg(&spec.path)
                .arg("--out")
                .arg(&out);
            command
        })?;
        let per_op = ours.wall.as_secs_f64() / spec.operations.max(1) as f64;
        if spec.name == "synthetic-100" {
            base_per_op = Some(per_op);
        }
        let ratio = base_per_op
            .filter(|_| spec.synthetic)
            .map_or("".to_owned(), |base| format!("{:.2}x", per_op / base));
        let mut row = format!(
            "| {} | {} | {} | {} | {:.3} ms | {ratio} |",
            spec.name,
            spec.operations,
            millis(ours.wall),
            mib(ours.peak_kib),
            per_op * 1e3
        );
        for peer in peers {
            row.push_str(&peer_cells(peer, spec, ours, work));
        }
        println!("{row}");
    }
    println!();
    Ok(())
}

/// A peer's cells of the generation table: its wall time, peak memory and our ratio to it.
/// Its output stays in `work/<peer>/<spec>` for the code-size table.
fn peer_cells(peer: &Peer, spec: &Spec, ours: Measured, work: &Path) -> String {
    if !(peer.reads)(spec) {
        return " | | |".to_owned();
    }
    let out = work.join(peer.name).join(&spec.name);
    // A JVM start costs seconds: three runs are enough to see the peer's figure.
    match median_of(spec.runs.min(3), &out, || {
        (peer.command)(&peer.program, spec, &out)
    }) {
        Ok(theirs) => format!(
            " {} | {} | {:.2}x |",
            millis(theirs.wall),
            mib(theirs.peak_kib),
            ours.wall.as_secs_f64() / theirs.wall.as_secs_f64()
        ),
        Err(err) => format!(" failed: {} | | |", err.lines().next().unwrap_or_default()),
    }
}

/// Runs the command `runs` times, each into an emptied `out`, and returns the median wall time
/// and the largest peak memory.
fn median_of(runs: usize, out: &Path, command: impl Fn() -> Command) -> Result<Measured, String> {
    let mut walls = Vec::with_capacity(runs);
    let mut peak_kib = 0;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(out);
        let measured = measure(&command())?;
        walls.push(measured.wall);
        peak_kib = peak_kib.max(measured.peak_kib);
    }
    walls.sort();
    Ok(Measured {
        wall: walls[walls.len() / 2],
        peak_kib,
    })
}

/// Runs `command` to its end (output discarded) and measures its wall time and peak memory with
/// the `measure` program built beside this one (see its docs for why a program of its own).
fn measure(command: &Command) -> Result<Measured, String> {
    let exe = std::env::current_exe().map_err(|err| format!("this program's path: {err}"))?;
    let mut helper = Command::new(exe.with_file_name("measure"));
    helper.arg(command.get_program()).args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        helper.current_dir(dir);
    }
    let output = helper
        .output()
        .map_err(|err| format!("{command:?}: {err}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("{command:?} failed: {}", stderr.trim()));
    }
    let mut fields = text.split_whitespace().map(str::parse::<u64>);
    match (fields.next(), fields.next()) {
        (Some(Ok(nanos)), Some(Ok(peak_kib))) => Ok(Measured {
            wall: Duration::from_nanos(nanos),
            peak_kib,
        }),
        _ => Err(format!("{command:?}: the measure helper printed {text:?}")),
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|folder| folder.join(program))
            .find(|path| path.is_file())
    })
}

fn millis(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1e3)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Load, lower, render and write, timed apart in this process (median of three).
fn stages(root: &Path, specs: &[Spec], work: &Path) -> Result<(), String> {
    println!("## Stages (in process, median of 3)\n");
    println!("| spec | load | lower | render (Rust) | write (empty folder) | write (unchanged) |");
    println!("|---|---:|---:|---:|---:|---:|");
    for spec in specs {
        let config = bench_config(root, &spec.path, &work.join("stages").join(&spec.name))?;
        let mut times = [Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        for _ in 0..3 {
            let _ = std::fs::remove_dir_all(&config.rust.output);
            let (document, load) = timed(|| sdkgen::load::load(&config.spec));
            let document = document.map_err(|err| err.to_string())?;
            let (lowered, lower) = timed(|| sdkgen::lower::lower(&document, &config.sdk));
            let lowered = lowered.map_err(|err| err.to_string())?;
            let (files, render) = timed(|| sdkgen::rust::render(&lowered.api, &config));
            let files = files.map_err(|err| err.to_string())?;
            let (written, write) = timed(|| sdkgen::output::write(&config.rust.output, &files));
            written.map_err(|err| err.to_string())?;
            let (again, unchanged) = timed(|| sdkgen::output::write(&config.rust.output, &files));
            again.map_err(|err| err.to_string())?;
            for (slot, time) in times
                .iter_mut()
                .zip([load, lower, render, write, unchanged])
            {
                slot.push(time);
            }
        }
        let cells: Vec<String> = times
            .iter_mut()
            .map(|slot| {
                slot.sort();
                millis(slot[slot.len() / 2])
            })
            .collect();
        println!("| {} | {} |", spec.name, cells.join(" | "));
    }
    println!();
    Ok(())
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = work();
    (value, started.elapsed())
}

/// A configuration generating `spec` into `out`, with names that fit any spec.
fn bench_config(root: &Path, spec: &Path, out: &Path) -> Result<sdkgen::Config, String> {
    let text = format!(
        "[sdk]\nname = \"Bench\"\nenv_prefix = \"BENCH\"\n[input]\nspec = {spec:?}\ntemplates = {:?}\n\
         [rust]\ncrate_name = \"bench\"\ncrate_version = \"0.1.0\"\noutput = {out:?}\n",
        root.join("templates")
    );
    sdkgen::Config::parse(&text, root)
}

/// Rust lines and files of each generated crate (from the whole-process runs), per operation,
/// and each peer's lines beside them.
fn code_size(specs: &[Spec], peers: &[Peer], work: &Path) -> Result<(), String> {
    println!("## Generated code\n");
    let mut header =
        "| spec | operations | files | Rust lines | Rust lines per operation |".to_owned();
    let mut rule = "|---|---:|---:|---:|---:|".to_owned();
    for peer in peers {
        header.push_str(&format!(" {0} lines | sdkgen / {0} |", peer.name));
        rule.push_str("---:|---:|");
    }
    println!("{header}\n{rule}");
    for spec in specs {
        let (files, lines) = rust_lines(&work.join("out").join(&spec.name))?;
        let mut row = format!(
            "| {} | {} | {files} | {lines} | {:.0} |",
            spec.name,
            spec.operations,
            lines as f64 / spec.operations.max(1) as f64
        );
        for peer in peers {
            let theirs = work.join(peer.name).join(&spec.name);
            match rust_lines(&theirs) {
                Ok((_, their_lines)) if their_lines > 0 => row.push_str(&format!(
                    " {their_lines} | {:.2}x |",
                    lines as f64 / their_lines as f64
                )),
                _ => row.push_str(" | |"),
            }
        }
        println!("{row}");
    }
    println!();
    Ok(())
}

/// `cargo xtask codegen` with nothing to rebuild and nothing to write: what a user waits for
/// after a spec change that touches nothing (median of five; the first run builds).
fn codegen_unchanged(root: &Path) -> Result<(), String> {
    println!("## `cargo xtask codegen`, nothing to rebuild or write (median of 5)\n");
    // Builds the generator and brings the outputs up to date.
    cargo(root, &["xtask", "codegen"])?;
    let mut walls = Vec::new();
    for _ in 0..5 {
        let mut command = cargo_command();
        command.args(["xtask", "codegen"]).current_dir(root);
        walls.push(measure(&command)?.wall);
    }
    walls.sort();
    println!("{}\n", millis(walls[walls.len() / 2]));
    Ok(())
}

/// The number of files and of Rust lines under `folder`.
fn rust_lines(folder: &Path) -> Result<(usize, usize), String> {
    let mut files = 0;
    let mut lines = 0;
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            files += 1;
            if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                lines += text.lines().count();
            }
        }
    }
    Ok((files, lines))
}

/// Clean build time of the generated OAuth and full crates (debug, without incremental caches),
/// their dependencies built beforehand in a target folder of the bench's own, and of
/// openapi-generator's crate for the OAuth spec when it was generated above.
fn compile_time(root: &Path, peers: &[Peer], work: &Path) -> Result<(), String> {
    println!(
        "## Compile time of the generated crates (debug, CARGO_INCREMENTAL=0, dependencies already built)\n"
    );
    println!("| crate | `cargo build` | `cargo build --tests` |");
    println!("|---|---:|---:|");
    let target = work.join("build");
    for (crate_name, label) in [
        ("openrouter", "sdkgen: openrouter (OAuth)"),
        ("openrouter_full", "sdkgen: openrouter_full (whole API)"),
    ] {
        let cells = clean_builds(root, &["-p", crate_name], &target)?;
        println!("| {label} | {} |", cells.join(" | "));
    }
    if peers.iter().any(|peer| peer.name == "openapi-generator") {
        let theirs = work.join("openapi-generator/openrouter-oauth");
        let cells = peer_crate(&theirs, &work.join("build-openapi-generator"))?;
        println!("| openapi-generator (OAuth) | {} |", cells.join(" | "));
    }
    println!();
    Ok(())
}

/// Times `cargo build` and `cargo build --tests` of one package after `cargo clean -p`, its
/// dependencies built first; `package` selects it (`-p name`, or nothing in its own folder).
fn clean_builds(dir: &Path, package: &[&str], target: &Path) -> Result<Vec<String>, String> {
    let target = target.to_string_lossy();
    let with = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--quiet", "--target-dir", &target]);
        all.extend(package);
        all.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cargo_with(dir, &args, &[("CARGO_INCREMENTAL", "0")])
    };
    // Both first: without the dev-dependencies, some dependencies build with other features.
    run(with(&["build"]))?;
    run(with(&["build", "--tests"]))?;
    let mut cells = Vec::new();
    for args in [&["build"][..], &["build", "--tests"][..]] {
        run(with(&["clean"]))?;
        let (result, time) = timed(|| run(with(args)));
        result?;
        cells.push(format!("{:.1} s", time.as_secs_f64()));
    }
    Ok(cells)
}

/// openapi-generator's crate, built on its own: a workspace of its own (it sits inside ours),
/// TLS by rustls as ours (its default, native-tls, needs OpenSSL's headers).
fn peer_crate(folder: &Path, target: &Path) -> Result<Vec<String>, String> {
    let manifest = folder.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|err| format!("{}: {err}", manifest.display()))?;
    let text = text.replace("default = [\"native-tls\"]", "default = [\"rustls\"]");
    let text = if text.contains("[workspace]") {
        text
    } else {
        format!("{text}\n[workspace]\n")
    };
    let name = cargo_package_name(&text).map_err(|err| format!("{}: {err}", manifest.display()))?;
    std::fs::write(&manifest, text).map_err(|err| format!("{}: {err}", manifest.display()))?;
    clean_builds(folder, &["-p", &name], target)
}

/// The `name` of the `[package]` in a manifest.
fn cargo_package_name(manifest: &str) -> Result<String, String> {
    let document: toml::Table = manifest.parse().map_err(|err| format!("{err}"))?;
    document
        .get("package")
        .and_then(|package| package.get("name"))
        .and_then(|name| name.as_str())
        .map(str::to_owned)
        .ok_or_else(|| "no package name".to_owned())
}

/// The generated client against a hand-written reqwest call: the example prints its own table.
fn client_overhead(root: &Path) -> Result<(), String> {
    println!("## Client overhead (generated client vs raw reqwest, loopback)\n");
    println!("```text");
    cargo(
        root,
        &[
            "run",
            "--release",
            "--quiet",
            "-p",
            "openrouter",
            "--example",
            "bench_overhead",
        ],
    )?;
    println!("```");
    Ok(())
}
