//! The Rust backend's own names beside the spec's.
//!
//! The generated crate defines types that no spec names (the runtime's `ApiResponse`,
//! `RetryConfig`, ..., the SDK's client, core and builders). The IR holds only the spec's names, so
//! a spec type that would clash with one of these is renamed here, in the backend's copy of the
//! IR, with the same numeric suffix lowering gives to clashes among the spec's own names.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::ir::{Api, Example, TypeKind, TypeRef};

/// Types of the runtime that the generated modules import by name.
const RUNTIME_TYPES: &[&str] = &[
    "ApiResponse",
    "Nullable",
    "RequestOptions",
    "RetryConfig",
    "StatusCodePattern",
    "Hook",
    "Server",
    "RequestValidationError",
    "ResponseValidationError",
    "SendError",
    "TimeoutError",
    "TimeoutKind",
    "TransportError",
    "UnexpectedContentTypeError",
];

/// `api` with every type name that clashes with a name of the Rust SDK renamed; borrowed as is
/// when nothing clashes.
pub fn without_clashes(api: &Api) -> Cow<'_, Api> {
    let renames = renames(api);
    if renames.is_empty() {
        return Cow::Borrowed(api);
    }
    let mut api = api.clone();
    rename_all(&mut api, &renames);
    Cow::Owned(api)
}

/// Names the Rust SDK defines itself for this API.
fn reserved(api: &Api) -> HashSet<String> {
    let sdk = &api.sdk.name.pascal;
    let sdk_names = ["", "Core", "Builder"].map(|suffix| format!("{sdk}{suffix}"));
    let builders = api
        .operations()
        .map(|(_, operation)| format!("{}Builder", operation.type_prefix));
    RUNTIME_TYPES
        .iter()
        .map(|name| (*name).to_owned())
        .chain(sdk_names)
        .chain(builders)
        .collect()
}

/// Every name of a type the IR defines, in the IR's order.
fn defined_names(api: &Api) -> Vec<&str> {
    let types = api.types.iter().map(|ty| ty.name.as_str());
    let errors = api.errors.iter().map(|error| error.name.as_str());
    let groups = api.groups.iter().map(|group| group.type_name.as_str());
    let operations = api.operations().flat_map(|(_, operation)| {
        [
            operation.request_type.as_str(),
            operation.error_type.as_str(),
        ]
    });
    types
        .chain(errors)
        .chain(groups)
        .chain(operations)
        .collect()
}

/// The new name of each clashing type.
fn renames(api: &Api) -> HashMap<String, String> {
    let reserved = reserved(api);
    let defined = defined_names(api);
    let mut taken: HashSet<String> = defined.iter().map(|name| (*name).to_owned()).collect();
    taken.extend(reserved.iter().cloned());
    let mut renames = HashMap::new();
    for name in defined {
        if !reserved.contains(name) || renames.contains_key(name) {
            continue;
        }
        let renamed = (2..)
            .map(|suffix| format!("{name}{suffix}"))
            .find(|candidate| !taken.contains(candidate))
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
