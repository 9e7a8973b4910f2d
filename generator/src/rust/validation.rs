//! Client-side validation: what the spec constrains (`maxLength`, `minimum`, `maxItems`, ...) is
//! checked before any I/O, so an invalid request fails fast with the offending field named.
//!
//! Only what can be sent is validated: the types a request body or parameter can hold. Each
//! property's checks are one line over the runtime's `check` (`runtime/check.rs`):
//! `check("name", self.name.as_ref()).max_chars(64)?;`.
//!
//! Formats need no checks here: `uri`, `uuid` and `date-time` values are typed, so a malformed one
//! cannot be built. Required properties are constructor arguments. `pattern` is not checked yet.

use std::collections::HashSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::syntax::ident;
use super::{Module, Rust};
use crate::ir::{Api, Constraints, Field, TypeDef, TypeKind, TypeRef};

/// The names of the object types that have something to validate, directly or in a field, and
/// that a request can hold.
pub fn validated_types(api: &Api) -> HashSet<String> {
    let sent = sent_types(api);
    let mut validated: HashSet<String> = HashSet::new();
    loop {
        let before = validated.len();
        for def in api
            .types
            .iter()
            .filter(|def| sent.contains(def.name.as_str()))
        {
            if let TypeKind::Object { fields, .. } = &def.kind
                && fields.iter().any(|field| {
                    has_checks(&field.constraints)
                        || matches!(field.ty, TypeRef::Number { .. })
                        || refers_to(&field.ty, &validated)
                })
            {
                validated.insert(def.name.clone());
            }
        }
        if validated.len() == before {
            return validated;
        }
    }
}

/// The named types a request body or parameter can hold, directly or nested.
fn sent_types(api: &Api) -> HashSet<&str> {
    let mut pending: Vec<&TypeRef> = api
        .operations()
        .flat_map(|(_, operation)| {
            let parameters = operation.parameters.iter().map(|parameter| &parameter.ty);
            let bodies = operation
                .request_body
                .iter()
                .flat_map(|body| &body.alternatives)
                .map(|alternative| &alternative.ty);
            parameters.chain(bodies)
        })
        .collect();
    let mut sent = HashSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Array { items } => pending.push(items),
            TypeRef::Map { values } => pending.push(values),
            TypeRef::Named { name } if sent.insert(name.as_str()) => {
                if let Some(def) = api.type_def(name) {
                    pending.extend(held_types(def));
                }
            }
            _ => {}
        }
    }
    sent
}

/// The types a value of `def` holds directly: its fields, variants or target.
fn held_types(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Object {
            fields,
            additional_properties,
        } => fields
            .iter()
            .map(|field| &field.ty)
            .chain(additional_properties)
            .collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
        TypeKind::Alias { target } => vec![target],
        TypeKind::Enum { .. } => Vec::new(),
    }
}

fn has_checks(constraints: &Constraints) -> bool {
    let Constraints {
        min_length,
        max_length,
        minimum,
        maximum,
        min_items,
        max_items,
        ..
    } = constraints;
    min_length.is_some()
        || max_length.is_some()
        || minimum.is_some()
        || maximum.is_some()
        || min_items.is_some()
        || max_items.is_some()
}

fn refers_to(ty: &TypeRef, validated: &HashSet<String>) -> bool {
    match ty {
        TypeRef::Named { name } => validated.contains(name),
        TypeRef::Array { items } => refers_to(items, validated),
        _ => false,
    }
}

/// `use crate::runtime::check;` for a module whose `validate` methods check a value that is not
/// sensitive (sensitive ones call `check_secret`).
pub fn import(rust: &Rust<'_>, module: Module) -> Option<TokenStream> {
    let fields = rust
        .validated
        .iter()
        .filter(|name| rust.module_of(name) == module)
        .filter_map(|name| match rust.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Object { fields, .. }) => Some(fields),
            _ => None,
        })
        .flatten();
    fields
        .filter(|field| !field.sensitive)
        .any(|field| !value_checks(rust, &field.ty, &field.constraints).is_empty())
        .then(|| {
            quote!(
                use crate::runtime::check;
            )
        })
}

/// `validate` for an object type that needs one.
pub fn validate_method(rust: &Rust<'_>, fields: &[Field]) -> TokenStream {
    let checks = fields.iter().filter_map(|field| field_checks(rust, field));
    quote! {
        /// Checks the constraints the API documents for this value (lengths, ranges, sizes),
        /// so that an invalid request fails before anything is sent.
        ///
        /// # Errors
        ///
        /// The first violated constraint, naming the property.
        pub fn validate(&self) -> Result<(), crate::runtime::RequestValidationError> {
            #(#checks)*
            Ok(())
        }
    }
}

/// The statement checking one field, if it has anything to check.
fn field_checks(rust: &Rust<'_>, field: &Field) -> Option<TokenStream> {
    let checks = value_checks(rust, &field.ty, &field.constraints);
    if checks.is_empty() {
        return None;
    }
    let name = field.name.snake.as_str();
    let member = ident(name);
    // A `SecretString` is checked as the text it holds, and never quoted.
    let secret = super::sensitive::is_secret_string(field);
    let value = match (field.required, field.nullable, secret) {
        (true, false, false) => quote!(Some(&self.#member)),
        (true, false, true) => quote!(Some(secrecy::ExposeSecret::expose_secret(&self.#member))),
        (false, true, _) => {
            quote!(self.#member.as_ref().and_then(crate::runtime::Nullable::as_option))
        }
        _ => quote!(self.#member.as_ref()),
    };
    let value = match (field.required && !field.nullable, secret) {
        (false, true) => quote!(#value.map(secrecy::ExposeSecret::expose_secret)),
        _ => value,
    };
    let start = if field.sensitive {
        quote!(crate::runtime::check_secret(#name, #value))
    } else {
        quote!(check(#name, #value))
    };
    Some(quote!(#start #(#checks)*;))
}

/// The checks (`.max_chars(64)?`, ...) of a value of `ty` with these constraints, nested
/// validation included.
fn value_checks(rust: &Rust<'_>, ty: &TypeRef, constraints: &Constraints) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    let count = |method: &str, limit: Option<usize>| {
        limit.map(|limit| {
            let method = format_ident!("{method}");
            let limit = Literal::usize_unsuffixed(limit);
            quote!(.#method(#limit)?)
        })
    };
    // Lengths are checked on plain strings: formatted values (URLs, dates) are typed.
    if matches!(ty, TypeRef::String) {
        checks.extend(count("max_chars", constraints.max_length));
        checks.extend(count("min_chars", constraints.min_length));
    }
    if matches!(ty, TypeRef::Array { .. }) {
        checks.extend(count("max_items", constraints.max_items));
        checks.extend(count("min_items", constraints.min_items));
    }
    if matches!(ty, TypeRef::Number { .. }) {
        checks.push(quote!(.finite()?));
    }
    if matches!(ty, TypeRef::Integer { .. } | TypeRef::Number { .. }) {
        let bounds = [
            (
                "minimum",
                constraints.minimum,
                constraints.exclusive_minimum,
            ),
            (
                "maximum",
                constraints.maximum,
                constraints.exclusive_maximum,
            ),
        ];
        for (method, bound, exclusive) in bounds {
            if let Some(bound) = bound {
                let method = format_ident!("{method}");
                let bound = Literal::f64_unsuffixed(bound);
                checks.push(quote!(.#method(#bound, #exclusive)?));
            }
        }
    }
    match ty {
        TypeRef::Named { name } if rust.validated.contains(name) => {
            let ty = rust.ty(ty);
            checks.push(quote!(.nested(#ty::validate)?));
        }
        TypeRef::Array { items } if matches!(items.as_ref(), TypeRef::Named { name } if rust.validated.contains(name)) =>
        {
            let ty = rust.ty(items);
            checks.push(quote!(.each(#ty::validate)?));
        }
        _ => {}
    }
    checks
}
