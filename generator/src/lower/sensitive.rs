//! `sdk.sensitive` of the configuration: properties and parameters marked as secrets by name.
//!
//! The spec's own markers (`format: password`, `x-speakeasy-sensitive`) are read where schemas are
//! lowered; the configuration's entries are applied to the finished IR, since they name its types.
//! An entry that names nothing is an error, not a warning: a misspelt or outdated entry (a renamed
//! operation renames its types) would otherwise leave a secret printable while the configuration
//! says it is protected, and a warning among the spec's warnings is easy to miss.

use crate::config::SdkConfig;
use crate::diagnostics::Result;
use crate::ir::{Api, TypeKind};

/// Marks every configured property and parameter as sensitive; every entry that names nothing
/// is reported, all in one error.
pub fn mark_configured(api: &mut Api, sdk: &SdkConfig) -> Result<()> {
    let mut problems = Vec::new();
    for (entry, type_name, property) in sdk.sensitive_entries() {
        if let Err(problem) = mark(api, type_name, property) {
            problems.push(format!("sdk.sensitive entry `{entry}`: {problem}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(sdk.error(problems.join("\n")))
    }
}

/// Marks `<type_name>.<property>`, or says why it names nothing.
fn mark(api: &mut Api, type_name: &str, property: &str) -> Result<(), String> {
    let owners = owners_of(api, property);
    if let Some(def) = api.types.iter_mut().find(|def| def.name == type_name) {
        let kind = match &def.kind {
            TypeKind::Object { .. } => "",
            TypeKind::Enum { .. } => "an enum",
            TypeKind::Union { .. } => "a union (list the property on the variant's type)",
            TypeKind::Alias { .. } => "an alias (list the property on the aliased type)",
        };
        let TypeKind::Object { fields, .. } = &mut def.kind else {
            return Err(format!(
                "`{type_name}` is {kind}, not an object with properties"
            ));
        };
        return match fields.iter_mut().find(|field| field.wire_name == property) {
            Some(field) => {
                field.sensitive = true;
                Ok(())
            }
            None => {
                let names: Vec<String> = fields
                    .iter()
                    .map(|field| format!("`{}`", field.wire_name))
                    .collect();
                Err(format!(
                    "`{type_name}` has no property `{property}` (its properties: {}){}",
                    list_or_none(&names),
                    elsewhere(&owners)
                ))
            }
        };
    }
    let operation = api
        .groups
        .iter_mut()
        .flat_map(|group| group.operations.iter_mut())
        .find(|operation| operation.request_type == type_name);
    if let Some(operation) = operation {
        let body = operation.request_body.as_ref().map(|body| body.ty.clone());
        return match operation
            .parameters
            .iter_mut()
            .find(|parameter| parameter.wire_name == property)
        {
            Some(parameter) => {
                parameter.sensitive = true;
                Ok(())
            }
            None => {
                let names: Vec<String> = operation
                    .parameters
                    .iter()
                    .map(|parameter| format!("`{}`", parameter.wire_name))
                    .collect();
                let body = match body {
                    Some(crate::ir::TypeRef::Named { name }) => {
                        format!("; a property of the request body is named on its type, `{name}`")
                    }
                    _ => String::new(),
                };
                Err(format!(
                    "`{type_name}`, the request of `{}`, has no parameter `{property}` (its parameters: {}){body}",
                    operation.id,
                    list_or_none(&names)
                ))
            }
        };
    }
    Err(format!(
        "the API has no type `{type_name}`{}",
        if owners.is_empty() {
            "; `cargo xtask codegen --dump-ir` shows the type names (`types[].name`)".to_owned()
        } else {
            elsewhere(&owners)
        }
    ))
}

/// The object types that have a property `property`.
fn owners_of(api: &Api, property: &str) -> Vec<String> {
    api.types
        .iter()
        .filter(|def| {
            matches!(&def.kind, TypeKind::Object { fields, .. } if fields.iter().any(|field| field.wire_name == property))
        })
        .map(|def| format!("`{}.{property}`", def.name))
        .collect()
}

/// `; did you mean `A.key` or `B.key`?`, or nothing.
fn elsewhere(owners: &[String]) -> String {
    match owners {
        [] => String::new(),
        [only] => format!("; did you mean {only}?"),
        [rest @ .., last] => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
