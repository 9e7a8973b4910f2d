//! The crate's `src/runtime/`: the static runtime of `templates/rust/runtime/`, as much of it as
//! the API needs.
//!
//! The runtime's optional parts each live in a module of their own ([`Part`]): a crate gets a
//! part's module, its re-exports and its dependencies only when the API uses it, so that an API
//! without streams or multipart bodies does not compile them. In `runtime/mod.rs` a line
//! `// sdkgen-part: <part>` keeps what follows it (the next item, up to its `;`, or the next doc
//! bullet) only in crates that use the part; the other modules name no optional part.
//!
//! The runtime's unit tests (`#[cfg(test)]` modules) are left out: they test the runtime, not the
//! API, and run once, against every part, in the generator's `tests/runtime.rs`.

use std::path::Path;

use super::Rust;
use crate::diagnostics::{Error, Result};
use crate::ir::{BodyKind, TypeKind, TypeRef};
use crate::output::GeneratedFile;
use crate::template::Templates;

/// The marker that makes what follows it optional.
const MARKER: &str = "// sdkgen-part:";

/// An optional part of the runtime: a module, and what it needs of the crate's dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `stream.rs`: responses read as they arrive (server-sent events, byte chunks).
    Streams,
    /// `multipart.rs`: `multipart/form-data` request bodies.
    Multipart,
    /// `form.rs`: `application/x-www-form-urlencoded` request bodies.
    Form,
    /// `file.rs`: files to upload, in multipart bodies or as a whole body.
    File,
    /// `check.rs`: the constraints `validate()` methods check.
    Checks,
    /// `enums.rs`: what every enum of string values implements.
    Enums,
    /// `builder.rs` and `operation_error.rs`: what every request builder of the client and every
    /// operation's error enum have in common.
    Operations,
}

impl Part {
    const ALL: [Self; 7] = [
        Self::Streams,
        Self::Multipart,
        Self::Form,
        Self::File,
        Self::Checks,
        Self::Enums,
        Self::Operations,
    ];

    /// The part's name in markers.
    fn name(self) -> &'static str {
        match self {
            Self::Streams => "streams",
            Self::Multipart => "multipart",
            Self::Form => "form",
            Self::File => "file",
            Self::Checks => "checks",
            Self::Enums => "enums",
            Self::Operations => "operations",
        }
    }
}

/// The optional parts an API uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    pub streams: bool,
    pub multipart: bool,
    pub form: bool,
    pub file: bool,
    pub checks: bool,
    pub enums: bool,
    pub operations: bool,
}

impl Parts {
    pub fn uses(self, part: Part) -> bool {
        match part {
            Part::Streams => self.streams,
            Part::Multipart => self.multipart,
            Part::Form => self.form,
            Part::File => self.file,
            Part::Checks => self.checks,
            Part::Enums => self.enums,
            Part::Operations => self.operations,
        }
    }
}

/// The parts the API's operations and types use.
pub fn parts(rust: &Rust<'_>) -> Parts {
    let operations = || rust.api.operations().map(|(_, operation)| operation);
    let bodies = || {
        operations()
            .filter_map(|operation| operation.request_body.as_ref())
            .flat_map(|body| &body.alternatives)
    };
    let streams = operations().any(|operation| {
        let streaming = super::funcs::streaming_calls(operation);
        streaming.events.is_some() || streaming.bytes.is_some()
    });
    let multipart = bodies().any(|body| body.kind == BodyKind::Multipart);
    let file = multipart
        || bodies().any(|body| holds_file(&body.ty))
        || rust.api.types.iter().any(|def| match &def.kind {
            TypeKind::Object {
                fields,
                additional_properties,
            } => {
                fields.iter().any(|field| holds_file(&field.ty))
                    || additional_properties.as_ref().is_some_and(holds_file)
            }
            TypeKind::Union { variants, .. } => {
                variants.iter().any(|variant| holds_file(&variant.ty))
            }
            TypeKind::Alias { target } => holds_file(target),
            TypeKind::Enum { .. } => false,
        });
    Parts {
        streams,
        multipart,
        form: bodies().any(|body| body.kind == BodyKind::Form),
        file,
        checks: !rust.validated.is_empty(),
        enums: rust
            .api
            .types
            .iter()
            .any(|def| matches!(def.kind, TypeKind::Enum { .. })),
        operations: operations().next().is_some(),
    }
}

/// Whether a value of `ty` is or directly contains a [`TypeRef::File`] (named types are looked at
/// where they are defined).
fn holds_file(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::File => true,
        TypeRef::Array { items } => holds_file(items),
        TypeRef::Map { values } => holds_file(values),
        _ => false,
    }
}

/// The runtime's files for a crate that uses `parts`, as `src/runtime/<name>`.
pub fn files(templates: &Templates, parts: Parts) -> Result<Vec<GeneratedFile>> {
    let folder = Path::new("rust/runtime");
    let sources: Vec<(String, String)> = templates
        .files(folder)?
        .into_iter()
        .filter(|(name, _)| name.ends_with(".rs") && !name.contains('/'))
        .collect();
    let mod_rs = sources
        .iter()
        .find(|(name, _)| name == "mod.rs")
        .map(|(_, text)| select(text, parts))
        .transpose()
        .map_err(|(line, message)| Error::Template {
            file: templates.path(&folder.join("mod.rs")),
            line: Some(line),
            message,
        })?;
    Ok(sources
        .iter()
        .filter(|(name, _)| {
            let module = name.trim_end_matches(".rs");
            name == "mod.rs" || mod_rs.as_deref().is_none_or(|text| declares(text, module))
        })
        .map(|(name, text)| {
            let text = match (name.as_str(), &mod_rs) {
                ("mod.rs", Some(selected)) => selected.clone(),
                _ => without_tests(text),
            };
            GeneratedFile::new(&format!("src/runtime/{name}"), text)
        })
        .collect())
}

/// Whether a `mod.rs` declares the module `module`.
fn declares(mod_rs: &str, module: &str) -> bool {
    mod_rs
        .lines()
        .any(|line| line.trim() == format!("mod {module};"))
}

/// `text` without its trailing `#[cfg(test)]` module.
fn without_tests(text: &str) -> String {
    match text.find("\n#[cfg(test)]\n") {
        Some(start) => format!("{}\n", text[..start].trim_end()),
        None => text.to_owned(),
    }
}

/// `text` with every marked piece kept (without its marker) or left out, as `parts` says. An error
/// is the 1-based line of a marker and what is wrong with it.
fn select(text: &str, parts: Parts) -> std::result::Result<String, (usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = String::with_capacity(text.len());
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let Some(name) = line.trim().strip_prefix(MARKER) else {
            kept.push_str(line);
            kept.push('\n');
            index += 1;
            continue;
        };
        let name = name.trim();
        let part = Part::ALL
            .into_iter()
            .find(|part| part.name() == name)
            .ok_or_else(|| (index + 1, format!("`{name}` is not a part of the runtime")))?;
        let end = piece_end(&lines, index + 1).ok_or_else(|| {
            (
                index + 1,
                "the marker is followed by nothing to keep".to_owned(),
            )
        })?;
        if parts.uses(part) {
            for line in &lines[index + 1..end] {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        index = end;
    }
    Ok(kept)
}

/// The end (exclusive) of the piece that starts at `start`: a doc bullet (`//! - ...` and its
/// indented continuation lines), or an item up to the line that ends it with `;` or `}`.
fn piece_end(lines: &[&str], start: usize) -> Option<usize> {
    let first = lines.get(start)?.trim_start();
    if let Some(prefix) = ["//!", "///"].into_iter().find(|p| first.starts_with(p)) {
        let continuation = format!("{prefix}   ");
        let length = lines[start + 1..]
            .iter()
            .take_while(|line| line.trim_start().starts_with(&continuation))
            .count();
        return Some(start + 1 + length);
    }
    let mut depth = 0_i32;
    for (offset, line) in lines[start..].iter().enumerate() {
        let code = line.split("//").next().unwrap_or_default().trim_end();
        depth += code.matches(['{', '(', '[']).count() as i32;
        depth -= code.matches(['}', ')', ']']).count() as i32;
        if depth <= 0 && (code.ends_with(';') || code.ends_with('}')) {
            return Some(start + offset + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Parts, select, without_tests};

    const MOD_RS: &str = "//! The runtime.\n\
        //!\n\
        //! - [`Call`]: one request.\n\
        // sdkgen-part: streams\n\
        //! - [`EventStream`]: events as they\n\
        //!   arrive.\n\
        //! - [`RequestOptions`]: per call.\n\
        \n\
        mod call;\n\
        // sdkgen-part: streams\n\
        mod stream;\n\
        \n\
        // sdkgen-part: streams\n\
        pub use stream::{\n    EventStream, StreamError,\n};\n\
        pub use call::Call;\n";

    #[test]
    fn marked_pieces_are_kept_without_their_markers_only_for_the_parts_used() {
        let streams = Parts {
            streams: true,
            ..Parts::default()
        };
        assert_eq!(
            select(MOD_RS, streams).expect("valid markers"),
            MOD_RS.replace("// sdkgen-part: streams\n", "")
        );
        assert_eq!(
            select(MOD_RS, Parts::default()).expect("valid markers"),
            "//! The runtime.\n//!\n//! - [`Call`]: one request.\n//! - [`RequestOptions`]: per call.\n\
             \nmod call;\n\npub use call::Call;\n"
        );
    }

    #[test]
    fn a_marker_naming_no_part_or_nothing_is_an_error_at_its_line() {
        let error = select(
            "mod a;\n// sdkgen-part: stream\nmod stream;\n",
            Parts::default(),
        );
        assert_eq!(
            error,
            Err((2, "`stream` is not a part of the runtime".to_owned()))
        );
        let error = select("mod a;\n// sdkgen-part: form\n", Parts::default());
        assert_eq!(
            error,
            Err((2, "the marker is followed by nothing to keep".to_owned()))
        );
    }

    #[test]
    fn unit_tests_are_left_out() {
        assert_eq!(
            without_tests("fn a() {}\n\n#[cfg(test)]\nmod tests {}\n"),
            "fn a() {}\n"
        );
        assert_eq!(without_tests("fn a() {}\n"), "fn a() {}\n");
    }
}
