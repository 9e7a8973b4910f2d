//! `cargo bench -p sdkgen`: how long loading, lowering and rendering take (the Rust crate, and the
//! TypeScript SDK from `templates/typescript/`), on the OAuth spec and (when `../shared` is
//! present) on the full OpenRouter spec and synthetic specs of many operations. Prints figures;
//! asserts nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Runs `work` `runs` times and returns the median duration.
fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn config_for(spec: &Path, workspace: &Path) -> sdkgen::Config {
    let text = format!(
        "[sdk]\nname = \"Bench\"\nenv_prefix = \"BENCH\"\n[input]\nspec = {spec:?}\ntemplates = {:?}\n[rust]\ncrate_name = \"bench\"\ncrate_version = \"0.1.0\"\noutput = \"/nonexistent\"\n\
         [languages.typescript]\noutput = \"/nonexistent-ts\"\npackage_name = \"bench\"\npackage_version = \"0.1.0\"\n\
         typescript_version = \"7.0.2\"\ntypes_node_version = \"20.19.43\"\n",
        workspace.join("templates")
    );
    match sdkgen::Config::parse(&text, Path::new("/")) {
        Ok(config) => config,
        Err(message) => panic!("bench configuration: {message}"),
    }
}

/// A spec with `count` operations on their own paths, each with a small inline body.
fn synthetic_spec(count: usize) -> String {
    let mut text =
        String::from("openapi: 3.1.0\ninfo:\n  title: Synthetic\n  version: '1'\npaths:\n");
    for index in 0..count {
        text.push_str(&format!(
            "  /items{index}:\n    post:\n      operationId: createItem{index}\n      tags: [Group{}]\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [name]\n              properties:\n                name: {{type: string, maxLength: 10}}\n                count: {{type: [integer, 'null']}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id: {{type: string}}\n",
            index % 20
        ));
    }
    text
}

fn measure(name: &str, config: &sdkgen::Config) {
    let runs = 5;
    let mut files = 0;
    let mut bytes = 0;
    let total = median(runs, || match sdkgen::generate_rust(config) {
        Ok((generated, _)) => {
            files = generated.len();
            bytes = generated.iter().map(|file| file.contents.len()).sum();
        }
        Err(err) => panic!("{name}: {err}"),
    });
    let lower = median(runs, || {
        if let Err(err) = sdkgen::load_api(config) {
            panic!("{name}: {err}");
        }
    });
    let mut ts_files = 0;
    let typescript = median(runs, || {
        match sdkgen::generate_language(config, "typescript") {
            Ok((generated, _)) => ts_files = generated.len(),
            Err(err) => panic!("{name}: {err}"),
        }
    });
    println!(
        "{name:<28} load+lower {:>8.1} ms   whole generation {:>8.1} ms   {files} files, {} KiB   typescript {:>8.1} ms   {ts_files} files",
        lower.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3,
        bytes / 1024,
        typescript.as_secs_f64() * 1e3,
    );
}

fn main() {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    measure(
        "openrouter-oauth (2 ops)",
        &config_for(
            &workspace.join("spec/openrouter-oauth.openapi.yaml"),
            &workspace,
        ),
    );
    measure(
        "openrouter-full",
        &config_for(
            &workspace.join("spec/openrouter-full.openapi.yaml"),
            &workspace,
        ),
    );
    let folder = std::env::temp_dir().join(format!("sdkgen-bench-{}", std::process::id()));
    if std::fs::create_dir_all(&folder).is_ok() {
        for count in [1_000, 10_000] {
            let spec = folder.join(format!("synthetic-{count}.yaml"));
            if std::fs::write(&spec, synthetic_spec(count)).is_ok() {
                measure(
                    &format!("synthetic ({count} ops)"),
                    &config_for(&spec, &workspace),
                );
            }
        }
        let _ = std::fs::remove_dir_all(&folder);
    }
}
