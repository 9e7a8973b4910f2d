//! Renaming the IR's types whose names clash with names a backend defines or relies on.
//!
//! The IR keeps the spec's names. A backend's generated code also has names of its own (a
//! runtime's types, the SDK's client) and names of its language (Rust's prelude, TypeScript's
//! `Promise`); a spec type named like one of them is renamed in that backend's copy of the IR, with
//! the numeric suffix lowering gives to clashes among the spec's own names (`Result` becomes
//! `Result2`). Every reference to the type, in fields, operations and examples, follows.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::ir::{Api, Example, TypeKind, TypeRef};

/// What a name of the IR names: a type of the API's values (a model, a request, an error), or the
/// type of an operation group (the Rust SDK's sub-client). Backends reserve some names only for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defines {
    Type,
    Group,
}

/// `api` with every type whose name `reserved` says is taken for what it defines renamed;
/// borrowed as is when nothing clashes.
pub fn without_clashes<'a>(api: &'a Api, reserved: &dyn Fn(&str, Defines) -> bool) -> Cow<'a, Api> {
    let renames = renames(api, reserved);
    if renames.is_empty() {
        return Cow::Borrowed(api);
    }
    let mut api = api.clone();
    rename_all(&mut api, &renames);
    Cow::Owned(api)
}

/// Every name of a type the IR defines, in the IR's order, with what it defines.
fn defined_names(api: &Api) -> Vec<(&str, Defines)> {
    let types = api.types.iter().map(|ty| ty.name.as_str());
    let errors = api.errors.iter().map(|error| error.name.as_str());
    let groups = api
        .groups
        .iter()
        .map(|group| (group.type_name.as_str(), Defines::Group));
    let operations = api.operations().flat_map(|(_, operation)| {
        [
            Some(operation.request_type.as_str()),
            Some(operation.error_type.as_str()),
            operation.outcome_type.as_deref(),
            operation
                .request_body
                .as_ref()
                .and_then(|body| body.type_name.as_deref()),
        ]
        .into_iter()
        .flatten()
    });
    types
        .chain(errors)
        .chain(operations)
        .map(|name| (name, Defines::Type))
        .chain(groups)
        .collect()
}

/// The new name of each clashing type: the first `<name><N>` (N from 2) that neither the IR nor
/// the backend takes.
fn renames(api: &Api, reserved: &dyn Fn(&str, Defines) -> bool) -> HashMap<String, String> {
    let defined = defined_names(api);
    let mut taken: HashSet<String> = defined.iter().map(|(name, _)| (*name).to_owned()).collect();
    let mut renames = HashMap::new();
    for (name, defines) in defined {
        if !reserved(name, defines) || renames.contains_key(name) {
            continue;
        }
        let renamed = (2..)
            .map(|suffix| format!("{name}{suffix}"))
            .find(|candidate| {
                !taken.contains(candidate)
                    && !reserved(candidate, Defines::Type)
                    && !reserved(candidate, Defines::Group)
            })
            .unwrap_or_else(|| name.to_owned());
        taken.insert(renamed.clone());
        renames.insert(name.to_owned(), renamed);
    }
    renames
}

fn rename_all(api: &mut Api, renames: &HashMap<String, String>) {
    let rename = |name: &mut String| {
        if let Some(new) = renames.get(name.as_str()) {
            name.clone_from(new);
        }
    };
    for ty in &mut api.types {
        rename(&mut ty.name);
        match &mut ty.kind {
            TypeKind::Object {
                fields,
                additional_properties,
            } => {
                for field in fields {
                    rename_ref(&mut field.ty, &rename);
                }
                if let Some(values) = additional_properties {
                    rename_ref(values, &rename);
                }
            }
            TypeKind::Union { variants, .. } => {
                for variant in variants {
                    rename_ref(&mut variant.ty, &rename);
                }
            }
            TypeKind::Alias { target } => rename_ref(target, &rename),
            TypeKind::Enum { .. } => {}
        }
    }
    for error in &mut api.errors {
        rename(&mut error.name);
        if let Some(body) = &mut error.body {
            rename_ref(body, &rename);
        }
    }
    for global in &mut api.globals {
        rename_ref(&mut global.ty, &rename);
    }
    for group in &mut api.groups {
        rename(&mut group.type_name);
        for operation in &mut group.operations {
            rename(&mut operation.request_type);
            rename(&mut operation.error_type);
            if let Some(outcome) = &mut operation.outcome_type {
                rename(outcome);
            }
            for parameter in &mut operation.parameters {
                rename_ref(&mut parameter.ty, &rename);
            }
            if let Some(body) = &mut operation.request_body {
                rename_ref(&mut body.ty, &rename);
                if let Some(name) = &mut body.type_name {
                    rename(name);
                }
                for alternative in &mut body.alternatives {
                    rename_ref(&mut alternative.ty, &rename);
                }
            }
            for response in &mut operation.responses {
                if let Some(ty) = &mut response.ty {
                    rename_ref(ty, &rename);
                }
            }
            for response in &mut operation.errors {
                rename(&mut response.error);
            }
            for input in &mut operation.example.inputs {
                rename_example(&mut input.value, &rename);
            }
        }
    }
}

fn rename_ref(ty: &mut TypeRef, rename: &impl Fn(&mut String)) {
    match ty {
        TypeRef::Named { name } => rename(name),
        TypeRef::Array { items } => rename_ref(items, rename),
        TypeRef::Map { values } => rename_ref(values, rename),
        _ => {}
    }
}

fn rename_example(example: &mut Example, rename: &impl Fn(&mut String)) {
    match example {
        Example::Number { ty, .. } | Example::String { ty, .. } => rename_ref(ty, rename),
        Example::Enum { type_name, .. } => rename(type_name),
        Example::Array { items } => {
            for item in items {
                rename_example(item, rename);
            }
        }
        Example::Map { entries } => {
            for entry in entries {
                rename_example(&mut entry.value, rename);
            }
        }
        Example::Object { type_name, fields } => {
            rename(type_name);
            for field in fields {
                rename_example(&mut field.value, rename);
            }
        }
        Example::Union {
            type_name, value, ..
        }
        | Example::Alias { type_name, value } => {
            rename(type_name);
            rename_example(value, rename);
        }
        Example::Null | Example::Boolean { .. } | Example::Any { .. } => {}
    }
}
