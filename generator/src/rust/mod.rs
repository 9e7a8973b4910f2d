//! The Rust backend: the IR becomes the files of a Rust crate.
//!
//! Code is built as token streams (`quote`), parsed into a `syn::File` and printed by
//! `prettyplease`, so every generated `.rs` file is formatted and syntactically valid by
//! construction; big modules in parts, and the files in parallel (see `source.rs`). The runtime
//! pieces, which do not depend on the spec, are copied from `templates/rust/` (built into the
//! generator, or the configured templates folder), only those the API uses (see `runtime.rs`).

mod bodies;
mod cargo;
mod client;
mod core;
mod docs;
mod errors;
mod examples;
mod funcs;
mod guide;
mod lib_rs;
mod model_docs;
mod models;
mod names;
mod operations;
mod pagination;
mod runtime;
mod rustdoc;
mod sensitive;
mod source;
mod stream_docs;
mod syntax;
mod tests;
mod unions;
mod validation;

use std::borrow::Cow;
use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Result;
use crate::ir::{Api, Operation, TypeDef, TypeKind, TypeOrigin, TypeRef};
use crate::output::GeneratedFile;
use source::Source;

/// A deprecated operation's attributes: `#[deprecated]` for what users call, so that they are
/// warned, and `#[allow(deprecated)]` for the SDK's own code that calls it, which then builds
/// without warnings. Both are empty for other operations.
struct Deprecation {
    mark: TokenStream,
    allow: TokenStream,
}

fn deprecation(operation: &Operation) -> Deprecation {
    if operation.deprecated {
        Deprecation {
            mark: quote!(#[deprecated]),
            allow: quote!(#[allow(deprecated)]),
        }
    } else {
        Deprecation {
            mark: TokenStream::new(),
            allow: TokenStream::new(),
        }
    }
}

/// Renders the whole crate: every file codegen owns, with paths relative to the crate's folder.
pub fn render(api: &Api, config: &Config) -> Result<Vec<GeneratedFile>> {
    with_jobs(Cow::Borrowed(api), config, |jobs| {
        let files = source::in_order(jobs.into_par_iter().map(|job| job()))?;
        Ok(files.into_iter().flatten().collect())
    })
}

/// Renders the whole crate as [`render`] does, handing each file to `each` as soon as it is
/// printed (on any thread, in no fixed order), so that no more than a few files are in memory.
/// The backend keeps `api` for its own (with names renamed and docs rewritten for rustdoc) instead
/// of copying it.
pub fn render_each(
    api: Api,
    config: &Config,
    each: &(dyn Fn(GeneratedFile) -> Result<()> + Sync),
) -> Result<()> {
    with_jobs(Cow::Owned(api), config, |jobs| {
        let done = jobs
            .into_par_iter()
            .map(|job| job()?.into_iter().try_for_each(each));
        source::in_order(done).map(drop)
    })
}

/// Some files of the crate, rendered on whichever thread is free.
type Job<'a> = Box<dyn FnOnce() -> Result<Vec<GeneratedFile>> + Send + 'a>;

/// Runs `run` on the jobs that render the crate, in the order of the files.
fn with_jobs<T>(
    api: Cow<'_, Api>,
    config: &Config,
    run: impl FnOnce(Vec<Job<'_>>) -> Result<T>,
) -> Result<T> {
    let renamed = match names::without_clashes(&api) {
        Cow::Owned(renamed) => Some(renamed),
        Cow::Borrowed(_) => None,
    };
    let mut api = renamed.unwrap_or_else(|| api.into_owned());
    rustdoc::rewrite_spec_text(&mut api);
    let docs_sections = config
        .rust
        .docs_sections
        .iter()
        .map(|path| std::fs::read_to_string(path).map_err(|source| crate::Error::io(path, source)))
        .collect::<Result<Vec<_>>>()?;
    let rust = Rust::new(&api, config, docs_sections);
    let runtime = runtime::files(&config.templates, runtime::parts(&rust))?;
    run(jobs(&rust, runtime))
}

fn jobs<'r>(rust: &'r Rust<'_>, runtime: Vec<GeneratedFile>) -> Vec<Job<'r>> {
    fn job<'r>(render: impl FnOnce() -> Result<GeneratedFile> + Send + 'r) -> Job<'r> {
        Box::new(move || Ok(vec![render()?]))
    }
    let mut jobs = vec![
        Box::new(move || {
            Ok(vec![
                GeneratedFile::new("Cargo.toml", cargo::manifest(rust)),
                GeneratedFile::new("README.md", docs::readme(rust)),
                GeneratedFile::new(
                    "rustfmt.toml",
                    "# sdkgen formats the code it generates (prettyplease); `cargo fmt` leaves this crate alone.\n\
                     # Hand-written files are checked with `rustfmt --config disable_all_formatting=false`.\n\
                     disable_all_formatting = true\n",
                ),
            ])
        }) as Job<'r>,
        job(move || rust.file("src/lib.rs", Source::new(lib_rs::render(rust)))),
        job(move || {
            let models = models::render(rust, TypeOrigin::Component).in_module("models");
            rust.file("src/models.rs", models)
        }),
        job(move || {
            let operations = operations::render(rust).in_module("operations");
            rust.file("src/operations.rs", operations)
        }),
        job(move || rust.file("src/errors.rs", errors::render(rust))),
        job(move || rust.file("src/core.rs", Source::new(core::render(rust)))),
        job(move || rust.file("src/client.rs", client::render(rust))),
        job(move || rust.file("src/funcs.rs", funcs::render(rust))),
        job(move || rust.file("tests/generated_operations.rs", tests::render(rust))),
    ];
    jobs.extend(
        rust.api
            .groups
            .iter()
            .map(|group| job(move || Ok(docs::group_page(rust, group)))),
    );
    jobs.extend(
        rust.api
            .types
            .iter()
            .map(|def| job(move || Ok(model_docs::type_file(rust, def)))),
    );
    jobs.extend(
        rust.api
            .operations()
            .map(|(_, operation)| job(move || Ok(model_docs::request_file(rust, operation)))),
    );
    jobs.push(Box::new(move || {
        let mut files = Vec::new();
        if let Some(module) = pagination::render(rust) {
            files.push(rust.file("src/pagination.rs", Source::new(module))?);
        }
        let sensitive = sensitive::needs(rust);
        if sensitive.any() {
            let module = Source::new(sensitive::module(sensitive));
            files.push(rust.file("src/sensitive.rs", module)?);
        }
        let unions = unions::needs(rust);
        if unions.any() {
            files.push(rust.file("src/unions.rs", Source::new(unions::module(unions)))?);
        }
        Ok(files)
    }));
    jobs.push(Box::new(move || Ok(runtime)));
    jobs
}

/// Where a named type lives in the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Module {
    Models,
    Operations,
}

/// The API plus the lookups every part of the backend needs.
pub(crate) struct Rust<'a> {
    api: &'a Api,
    config: &'a Config,
    types: HashMap<&'a str, &'a TypeDef>,
    /// Object types with a `validate` method.
    validated: std::collections::HashSet<String>,
    spec_file: String,
    /// The configured markdown sections appended to the crate docs (`rust.docs_sections`).
    docs_sections: Vec<String>,
}

impl<'a> Rust<'a> {
    fn new(api: &'a Api, config: &'a Config, docs_sections: Vec<String>) -> Self {
        Self {
            docs_sections,
            api,
            config,
            types: api.types.iter().map(|ty| (ty.name.as_str(), ty)).collect(),
            validated: validation::validated_types(api),
            spec_file: config
                .spec
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Prints a module into a source file with the generated-code header.
    fn file(&self, path: &str, source: Source<'_>) -> Result<GeneratedFile> {
        let header = format!(
            "// Code generated by sdkgen {} from {}. DO NOT EDIT.\n// Regenerate with `cargo xtask codegen`.\n\n",
            self.api.sdk.generator_version, self.spec_file
        );
        Ok(GeneratedFile::new(path, source.print(path, &header)?))
    }

    fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.types.get(name).copied()
    }

    fn module_of(&self, name: &str) -> Module {
        match self.type_def(name).map(|ty| &ty.origin) {
            Some(TypeOrigin::Operation { .. }) => Module::Operations,
            _ => Module::Models,
        }
    }

    /// The Rust type of a type reference, as a path from the crate root.
    fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::String => quote!(String),
            TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
            TypeRef::Date => quote!(chrono::NaiveDate),
            TypeRef::Uuid => quote!(uuid::Uuid),
            TypeRef::Uri => quote!(url::Url),
            TypeRef::Integer { bits: 32 } => quote!(i32),
            TypeRef::Integer { .. } => quote!(i64),
            TypeRef::Number { bits: 32 } => quote!(f32),
            TypeRef::Number { .. } => quote!(f64),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Any => quote!(serde_json::Value),
            TypeRef::Binary => quote!(bytes::Bytes),
            TypeRef::File => quote!(crate::runtime::File),
            TypeRef::Array { items } => {
                let items = self.ty(items);
                quote!(Vec<#items>)
            }
            TypeRef::Map { values } => {
                let values = self.ty(values);
                quote!(std::collections::BTreeMap<String, #values>)
            }
            TypeRef::Named { name } => {
                let ident = format_ident!("{}", name);
                match self.module_of(name) {
                    Module::Models => quote!(crate::models::#ident),
                    Module::Operations => quote!(crate::operations::#ident),
                }
            }
        }
    }

    /// The type of an operation's success value: its first success response's body, or `()`.
    fn response_ty(&self, operation: &Operation) -> TokenStream {
        if let Some(outcome) = &operation.outcome_type {
            let outcome = format_ident!("{}", outcome);
            return quote!(crate::operations::#outcome);
        }
        match operation
            .responses
            .iter()
            .find_map(|response| response.ty.as_ref())
        {
            Some(ty) => self.ty(ty),
            None => quote!(()),
        }
    }

    /// Whether a value of `ty` can hold `target` directly (not behind a `Vec` or map), so that a
    /// field of type `ty` inside `target` needs a `Box` to have a finite size.
    fn contains_directly(&self, ty: &TypeRef, target: &str, seen: &mut Vec<String>) -> bool {
        let TypeRef::Named { name } = ty else {
            return false;
        };
        if name == target {
            return true;
        }
        if seen.contains(name) {
            return false;
        }
        seen.push(name.clone());
        match self.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Object { fields, .. }) => fields
                .iter()
                .any(|f| self.contains_directly(&f.ty, target, seen)),
            Some(TypeKind::Union { variants, .. }) => variants
                .iter()
                .any(|v| self.contains_directly(&v.ty, target, seen)),
            Some(TypeKind::Alias { target: alias }) => self.contains_directly(alias, target, seen),
            _ => false,
        }
    }

    /// `ty` with aliases followed to the type they name.
    fn resolve_alias<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..=self.api.types.len() {
            match ty {
                TypeRef::Named { name } => match self.type_def(name).map(|def| &def.kind) {
                    Some(TypeKind::Alias { target }) => ty = target,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// The one value a field can hold, when its type is a closed enum of one value and it is
    /// required and not nullable: a constant (typically the tag of a discriminated union's
    /// variant), which `new` sets instead of asking for it.
    fn constant(
        &self,
        field: &crate::ir::Field,
    ) -> Option<(&'a crate::ir::TypeDef, &'a crate::ir::EnumVariant)> {
        if !field.required || field.nullable || field.sensitive {
            return None;
        }
        let TypeRef::Named { name } = self.resolve_alias(&field.ty) else {
            return None;
        };
        let def = self.type_def(name)?;
        match &def.kind {
            TypeKind::Enum {
                variants,
                open: false,
            } if variants.len() == 1 => Some((def, &variants[0])),
            _ => None,
        }
    }

    /// Whether every value of `ty` holds the property `property` with one of `tags`: an object
    /// whose field of that name is a constant among them.
    fn holds_tag(&self, ty: &TypeRef, property: &str, tags: &[&str]) -> bool {
        let TypeRef::Named { name } = self.resolve_alias(ty) else {
            return false;
        };
        let Some(TypeKind::Object { fields, .. }) = self.type_def(name).map(|def| &def.kind) else {
            return false;
        };
        fields
            .iter()
            .find(|field| field.wire_name == property)
            .and_then(|field| self.constant(field))
            .is_some_and(|(_, variant)| tags.contains(&variant.value.as_str()))
    }

    /// Whether an operation's request has something to validate (its body's constraints).
    fn validates_request(&self, operation: &Operation) -> bool {
        operation
            .request_body
            .as_ref()
            .is_some_and(|body| bodies::validates(self, body))
    }

    fn sdk(&self) -> &str {
        &self.api.sdk.name.pascal
    }

    /// `OpenRouterCore`.
    fn core_ident(&self) -> proc_macro2::Ident {
        format_ident!("{}Core", self.sdk())
    }

    /// `OpenRouter`.
    fn client_ident(&self) -> proc_macro2::Ident {
        format_ident!("{}", self.sdk())
    }

    /// `OpenRouterBuilder`.
    fn builder_ident(&self) -> proc_macro2::Ident {
        format_ident!("{}Builder", self.sdk())
    }

    /// The name of an operation's error enum (`CreateAuthKeysCodeError`).
    fn operation_error_ident(&self, operation: &Operation) -> proc_macro2::Ident {
        format_ident!("{}", operation.error_type)
    }

    /// `o_auth_create_auth_code`: the standalone function of an operation.
    fn func_ident(&self, group: &crate::ir::Group, operation: &Operation) -> proc_macro2::Ident {
        syntax::ident(&format!("{}_{}", group.name.snake, operation.name.snake))
    }
}
