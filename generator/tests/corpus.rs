//! Robustness: every real-world spec in `../shared` either generates (with warnings for what
//! falls back) or fails with a located spec error. Never a panic, never code that does not parse.

mod common;

use std::path::PathBuf;

fn shared_specs() -> Vec<PathBuf> {
    let shared = common::workspace().join("../shared");
    let mut specs = Vec::new();
    for folder in ["corpus", "spec"] {
        if let Ok(entries) = std::fs::read_dir(shared.join(folder)) {
            specs.extend(entries.filter_map(Result::ok).map(|entry| entry.path()));
        }
    }
    specs.sort();
    specs
}

#[test]
fn every_shared_spec_generates_or_fails_cleanly() {
    let specs = shared_specs();
    if specs.is_empty() {
        eprintln!("../shared is not present; nothing to check");
        return;
    }
    let output = std::env::temp_dir();
    let mut generated = 0;
    for spec in &specs {
        let config = common::config_for(spec, &output);
        match sdkgen::generate_rust(&config) {
            Ok((files, _)) => {
                assert!(
                    files.iter().any(|f| f.path == "src/lib.rs"),
                    "{}",
                    spec.display()
                );
                generated += 1;
            }
            Err(sdkgen::Error::Spec(diagnostic)) => {
                assert_eq!(diagnostic.location.file, *spec, "{diagnostic}");
            }
            Err(other) => panic!("{}: {other}", spec.display()),
        }
    }
    assert!(
        generated > specs.len() / 2,
        "only {generated} of {} specs generated",
        specs.len()
    );
}
