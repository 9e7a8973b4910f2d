//! Helpers shared by the generator's integration tests.

// Each test crate includes this module and uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A configuration for `spec`, generating into `output`, with the workspace's templates.
pub fn config_for(spec: &Path, output: &Path) -> sdkgen::Config {
    let text = format!(
        "[sdk]\nname = \"Test\"\nenv_prefix = \"TEST\"\n[input]\nspec = {:?}\ntemplates = {:?}\n[rust]\ncrate_name = \"test_sdk\"\ncrate_version = \"0.1.0\"\noutput = {:?}\n",
        spec,
        workspace().join("templates"),
        output
    );
    sdkgen::Config::parse(&text, Path::new("/")).expect("the test configuration is valid")
}
