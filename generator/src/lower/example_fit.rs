//! Whether the spec's examples fit their types.
//!
//! Docs and generated tests take the spec's examples at their word: a response example becomes
//! the body a test server answers with, which the SDK must decode back to the same JSON. An
//! example that breaks its own schema (a required property missing, a string where a number
//! belongs, a value a closed enum does not list) would fail that test although the SDK is right,
//! and would show a reader a value the API never sends. Each such example is dropped here, once
//! every type is known, with a warning at the node of the example that is wrong; the types stay
//! as the spec declares them. Nothing is repaired: a missing value has no one right guess.

use std::collections::HashMap;

use openapiv3::ReferenceOr;
use serde_json::Value;

use super::{Warnings, refs};
use crate::diagnostics::{escape_token, join_pointer};
use crate::ir::{Api, Field, Operation, StatusMatch, TypeDef, TypeKind, TypeRef};
use crate::load::Document;

/// Where an example breaks its type and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// JSON pointer inside the example (`""` for the example itself).
    pub at: String,
    pub problem: String,
}

impl Misfit {
    fn new(problem: String) -> Self {
        Self {
            at: String::new(),
            problem,
        }
    }

    /// The same misfit seen from the parent value: `token` is prepended to the pointer.
    fn under(mut self, token: &str) -> Self {
        self.at = format!("/{}{}", escape_token(token), self.at);
        self
    }
}

/// Drops every example of `api` that does not fit its type, with a warning for each: those of
/// types and their properties, of parameters, request bodies and responses.
pub fn drop_misfits(api: &mut Api, document: &Document, warnings: &mut Warnings) {
    let types: HashMap<String, TypeDef> = api
        .types
        .iter()
        .map(|ty| (ty.name.clone(), ty.clone()))
        .collect();
    let errors: HashMap<String, Option<TypeRef>> = api
        .errors
        .iter()
        .map(|error| (error.name.clone(), error.body.clone()))
        .collect();
    let mut check = Checker {
        types: &types,
        errors: &errors,
        document,
        warnings,
    };
    for def in &mut api.types {
        check.type_examples(def);
    }
    for group in &mut api.groups {
        for operation in &mut group.operations {
            check.operation_examples(operation);
        }
    }
}

/// The pointer of the parameter `wire_name` of the operation at `source` (for `path`): the
/// operation's own, else the path's; the component's when it is a reference.
fn parameter_pointer(document: &Document, source: &str, path: &str, wire_name: &str) -> String {
    let path_pointer = source.rsplit_once('/').map_or("", |(parent, _)| parent);
    let method = source.rsplit('/').next().unwrap_or_default();
    let Some(ReferenceOr::Item(item)) = document.api.paths.paths.get(path) else {
        return join_pointer(source, "parameters");
    };
    let own = item
        .iter()
        .filter(|(spec_method, _)| *spec_method == method)
        .flat_map(|(_, operation)| operation.parameters.iter().enumerate())
        .map(|(i, parameter)| (parameter, format!("{source}/parameters/{i}")));
    let inherited = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, parameter)| (parameter, format!("{path_pointer}/parameters/{i}")));
    own.chain(inherited)
        .find_map(|(parameter, pointer)| {
            let (resolved, component) = refs::resolve(document, parameter, &pointer).ok()?;
            (resolved.parameter_data_ref().name == wire_name).then(|| match component {
                Some(name) => join_pointer("/components/parameters", &name),
                None => pointer,
            })
        })
        .unwrap_or_else(|| join_pointer(source, "parameters"))
}

/// The pointer of a media type of a request body or response at `owner`.
fn media_pointer(owner: &str, content_type: &str) -> String {
    join_pointer(&join_pointer(owner, "content"), content_type)
}

struct Checker<'a> {
    types: &'a HashMap<String, TypeDef>,
    /// The body type of every error type.
    errors: &'a HashMap<String, Option<TypeRef>>,
    document: &'a Document,
    warnings: &'a mut Warnings,
}

impl Checker<'_> {
    /// The examples of a type and of its properties.
    fn type_examples(&mut self, def: &mut TypeDef) {
        let named = TypeRef::Named {
            name: def.name.clone(),
        };
        self.example(&mut def.example, &named, &def.source);
        if let TypeKind::Object { fields, .. } = &mut def.kind {
            for field in fields {
                let owner =
                    join_pointer(&join_pointer(&def.source, "properties"), &field.wire_name);
                self.example(&mut field.example, &field.ty, &owner);
            }
        }
    }

    /// The examples of an operation's parameters, request body and responses.
    fn operation_examples(&mut self, operation: &mut Operation) {
        let source = operation.source.clone();
        for parameter in &mut operation.parameters {
            let owner = parameter_pointer(
                self.document,
                &source,
                &operation.path,
                &parameter.wire_name,
            );
            self.example(&mut parameter.example, &parameter.ty, &owner);
        }
        if let Some(body) = &mut operation.request_body {
            let owner = media_pointer(&join_pointer(&source, "requestBody"), &body.content_type);
            self.example(&mut body.example, &body.ty, &owner);
        }
        let response_pointer = |status: &StatusMatch, content_type: &str| {
            let responses = join_pointer(&source, "responses");
            media_pointer(&join_pointer(&responses, &status.text()), content_type)
        };
        for response in &mut operation.responses {
            if let (Some(ty), Some(content_type)) = (&response.ty, &response.content_type) {
                let owner = response_pointer(&response.status, content_type);
                self.example(&mut response.example, ty, &owner);
            }
        }
        for response in &mut operation.errors {
            let body = self.errors.get(&response.error).cloned().flatten();
            if let (Some(ty), Some(content_type)) = (body, &response.content_type) {
                let owner = response_pointer(&response.status, content_type);
                self.example(&mut response.example, &ty, &owner);
            }
        }
    }

    /// Drops `example` (given at `owner`, the schema, parameter or media type that declares it)
    /// when it does not fit `ty`, with a warning at the wrong node.
    fn example(&mut self, example: &mut Option<Value>, ty: &TypeRef, owner: &str) {
        let Some(misfit) = example
            .as_ref()
            .and_then(|value| misfit(self.types, ty, value))
        else {
            return;
        };
        let pointer = format!("{}{}", self.example_pointer(owner), misfit.at);
        self.warnings.push(self.document.diagnostic(
            &pointer,
            format!(
                "the example does not fit its type `{}`: {}; docs and generated tests leave it out",
                type_name(ty),
                misfit.problem
            ),
        ));
        *example = None;
    }

    /// `owner/example`, or the value of the first of `owner/examples` (the one the IR takes)
    /// when that is what the spec writes.
    fn example_pointer(&self, owner: &str) -> String {
        let single = join_pointer(owner, "example");
        if self.document.contains(&single) {
            return single;
        }
        match self.document.first_child(&join_pointer(owner, "examples")) {
            Some(first) => join_pointer(&first, "value"),
            None => single,
        }
    }
}

/// How a type is named in a warning: `FileDeleteResponse`, `array of Pet`, `integer`.
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named { name } => name.clone(),
        TypeRef::Array { items } => format!("array of {}", type_name(items)),
        TypeRef::Map { values } => format!("map of {}", type_name(values)),
        other => json_kind_of_type(other).to_owned(),
    }
}

/// The first place where `value` does not fit `ty`, or `None` when it fits.
pub fn misfit(types: &HashMap<String, TypeDef>, ty: &TypeRef, value: &Value) -> Option<Misfit> {
    let fits = match (ty, value) {
        (TypeRef::Any | TypeRef::Binary | TypeRef::File, _) => true,
        (
            TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::Uri,
            Value::String(_),
        ) => true,
        (TypeRef::Integer { bits }, Value::Number(number)) => {
            return integer_misfit(*bits, number);
        }
        (TypeRef::Number { .. }, Value::Number(_)) | (TypeRef::Boolean, Value::Bool(_)) => true,
        (TypeRef::Array { items }, Value::Array(values)) => {
            return values.iter().enumerate().find_map(|(index, value)| {
                Some(misfit(types, items, value)?.under(&index.to_string()))
            });
        }
        (TypeRef::Map { values: value_ty }, Value::Object(entries)) => {
            return entries
                .iter()
                .find_map(|(key, value)| Some(misfit(types, value_ty, value)?.under(key)));
        }
        (TypeRef::Named { name }, value) => {
            let def = types.get(name)?;
            return named_misfit(types, def, value);
        }
        _ => false,
    };
    (!fits).then(|| wrong_kind(json_kind_of_type(ty), value))
}

fn integer_misfit(bits: u8, number: &serde_json::Number) -> Option<Misfit> {
    let Some(integer) = number.as_i64() else {
        return Some(Misfit::new(format!("expected an integer, found {number}")));
    };
    let fits = match bits {
        8 => i8::try_from(integer).is_ok(),
        16 => i16::try_from(integer).is_ok(),
        32 => i32::try_from(integer).is_ok(),
        _ => true,
    };
    (!fits).then(|| Misfit::new(format!("{integer} does not fit a {bits}-bit integer")))
}

fn named_misfit(types: &HashMap<String, TypeDef>, def: &TypeDef, value: &Value) -> Option<Misfit> {
    match (&def.kind, value) {
        (
            TypeKind::Object {
                fields,
                additional_properties,
            },
            Value::Object(entries),
        ) => {
            // Required means present, `null` or not: the SDK sends and returns it as `null`.
            if let Some(missing) = fields
                .iter()
                .find(|field| field.required && !entries.contains_key(&field.wire_name))
            {
                return Some(Misfit::new(format!(
                    "the required property `{}` of `{}` is missing",
                    missing.wire_name, def.name
                )));
            }
            entries.iter().find_map(|(key, value)| {
                let field = fields.iter().find(|field| &field.wire_name == key);
                property_misfit(
                    types,
                    def,
                    field,
                    additional_properties.as_ref(),
                    key,
                    value,
                )
            })
        }
        (TypeKind::Object { .. }, other) => Some(wrong_kind("object", other)),
        (TypeKind::Enum { variants, open }, Value::String(text)) => {
            if *open || variants.iter().any(|variant| &variant.value == text) {
                return None;
            }
            let values: Vec<String> = variants
                .iter()
                .map(|variant| format!("`{}`", variant.value))
                .collect();
            Some(Misfit::new(format!(
                "`{text}` is not a value of the closed enum `{}` ({})",
                def.name,
                values.join(", ")
            )))
        }
        (TypeKind::Enum { .. }, other) => Some(wrong_kind("string", other)),
        (TypeKind::Alias { target }, value) => misfit(types, target, value),
        (
            TypeKind::Union {
                variants,
                discriminator: Some(discriminator),
                ..
            },
            value,
        ) => {
            let Value::Object(entries) = value else {
                return Some(wrong_kind("object", value));
            };
            let property = &discriminator.property;
            let Some(tag) = entries.get(property) else {
                return Some(Misfit::new(format!(
                    "the tag property `{property}` of the union `{}` is missing",
                    def.name
                )));
            };
            let Some(tag) = tag.as_str() else {
                return Some(wrong_kind("string", tag).under(property));
            };
            let selected = discriminator
                .mapping
                .iter()
                .find(|mapping| mapping.value == tag);
            let Some(selected) = selected else {
                return (!discriminator.open).then(|| {
                    Misfit::new(format!("`{tag}` is not a tag of the union `{}`", def.name))
                        .under(property)
                });
            };
            let variant = variants
                .iter()
                .find(|variant| variant.name.original == selected.variant)?;
            misfit(types, &variant.ty, value)
        }
        (TypeKind::Union { variants, .. }, value) => {
            let misfits: Vec<Misfit> = variants
                .iter()
                .map(|variant| misfit(types, &variant.ty, value))
                .collect::<Option<_>>()?;
            // The variant the example gets furthest into is the one it most likely means.
            let nearest = misfits
                .into_iter()
                .max_by_key(|misfit| misfit.at.matches('/').count())?;
            Some(Misfit {
                at: nearest.at,
                problem: format!(
                    "{} (no variant of the union `{}` fits)",
                    nearest.problem, def.name
                ),
            })
        }
    }
}

/// The misfit of one property `key` of an object example of `def`.
fn property_misfit(
    types: &HashMap<String, TypeDef>,
    def: &TypeDef,
    field: Option<&Field>,
    additional: Option<&TypeRef>,
    key: &str,
    value: &Value,
) -> Option<Misfit> {
    let misfit = match (field, additional) {
        // Elsewhere `null` must fit the type itself (only "any value" takes it).
        (Some(field), _) if value.is_null() && field.nullable => None,
        (Some(field), _) => misfit(types, &field.ty, value),
        (None, Some(additional)) => misfit(types, additional, value),
        (None, None) => Some(Misfit::new(format!(
            "`{}` has no property `{key}` (the SDK would drop it)",
            def.name
        ))),
    };
    misfit.map(|misfit| misfit.under(key))
}

/// "expected a string, found a number".
fn wrong_kind(expected: &str, found: &Value) -> Misfit {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let article = if expected.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    Misfit::new(format!("expected {article} {expected}, found {found}"))
}

/// The JSON kind a type expects, for messages.
fn json_kind_of_type(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "string",
        TypeRef::DateTime => "date-time string",
        TypeRef::Date => "date string",
        TypeRef::Uuid => "UUID string",
        TypeRef::Uri => "URI string",
        TypeRef::Integer { .. } => "integer",
        TypeRef::Number { .. } => "number",
        TypeRef::Boolean => "boolean",
        TypeRef::Array { .. } => "array",
        TypeRef::Map { .. } | TypeRef::Named { .. } => "object",
        TypeRef::Any | TypeRef::Binary | TypeRef::File => "value",
    }
}
