//! The built-in templates (`templates/`, embedded by `include_dir!` in `src/template/source.rs`)
//! must be rebuilt into the generator whenever a template changes; `include_dir!` alone does not
//! tell cargo to watch the folder.

fn main() {
    println!("cargo::rerun-if-changed=../templates");
}
