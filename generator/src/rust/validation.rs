//! Client-side validation: what the spec constrains (`maxLength`, `minimum`, `maxItems`, ...) is
//! checked before any I/O, so an invalid request fails fast with the offending field named.
//!
//! Formats need no checks here: `uri`, `uuid` and `date-time` values are typed, so a malformed one
//! cannot be built. Required properties are constructor arguments. `pattern` is not checked yet.

use std::collections::HashSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Rust;
use super::syntax::ident;
use crate::ir::{Constraints, Field, TypeDef, TypeKind, TypeRef};

/// The names of the object types that have something to validate, directly or in a field.
pub fn validated_types(types: &[TypeDef]) -> HashSet<String> {
    let mut validated: HashSet<String> = HashSet::new();
    loop {
        let before = validated.len();
        for def in types {
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

fn field_checks(rust: &Rust<'_>, field: &Field) -> Option<TokenStream> {
    let name = field.name.snake.clone();
    let checks = value_checks(rust, &field.ty, &field.constraints, &name, field.sensitive);
    if checks.is_empty() {
        return None;
    }
    let member = ident(&field.name.snake);
    // A `SecretString` is checked as the text it holds.
    let secret = super::sensitive::is_secret_string(field);
    let expose = secret.then(|| quote!(let value = secrecy::ExposeSecret::expose_secret(value);));
    let pattern = match (field.required, field.nullable) {
        (true, false) => {
            let checks = checks.iter().map(Check::statement);
            let value = if secret {
                quote!(secrecy::ExposeSecret::expose_secret(&self.#member))
            } else {
                quote!(&self.#member)
            };
            return Some(quote!({ let value = #value; #(#checks)* }));
        }
        (false, true) => quote!(Some(crate::runtime::Nullable::Value(value))),
        _ => quote!(Some(value)),
    };
    Some(match checks.as_slice() {
        // One condition: a let chain, as clippy would have it.
        [Check::Condition { test, error }] if !secret => {
            quote!(if let #pattern = &self.#member && #test { #error })
        }
        _ => {
            let checks = checks.iter().map(Check::statement);
            quote!(if let #pattern = &self.#member { #expose #(#checks)* })
        }
    })
}

/// One check of a value.
enum Check {
    /// `if test { error }`.
    Condition {
        test: TokenStream,
        error: TokenStream,
    },
    /// A statement that returns early itself.
    Statement(TokenStream),
}

impl Check {
    fn statement(&self) -> TokenStream {
        match self {
            Self::Condition { test, error } => quote!(if #test { #error }),
            Self::Statement(statement) => statement.clone(),
        }
    }
}

/// Statements checking `value` (a reference) against the constraints and nested validation.
/// The messages of a `sensitive` value say what is wrong without quoting it or its length.
fn value_checks(
    rust: &Rust<'_>,
    ty: &TypeRef,
    constraints: &Constraints,
    field: &str,
    sensitive: bool,
) -> Vec<Check> {
    let mut checks = Vec::new();
    let fail = |message: TokenStream| quote!(return Err(crate::runtime::RequestValidationError::new(#field, #message)););
    let message = |template: &str, value: TokenStream| {
        if sensitive {
            let text = template
                .strip_suffix(", got {}")
                .unwrap_or(template)
                .to_owned();
            quote!(#text)
        } else {
            message(template, value)
        }
    };
    // Lengths are checked on plain strings: formatted values (URLs, dates) are typed.
    let is_text = matches!(ty, TypeRef::String);
    if let (Some(max), true) = (constraints.max_length, is_text) {
        let limit = Literal::usize_unsuffixed(max);
        let error = fail(message(
            &format!("must be at most {max} characters, got {{}}"),
            quote!(value.chars().count()),
        ));
        checks.push(Check::Condition {
            test: quote!(value.chars().count() > #limit),
            error,
        });
    }
    if let (Some(min), true) = (constraints.min_length, is_text) {
        let limit = Literal::usize_unsuffixed(min);
        let error = fail(message(
            &format!("must be at least {min} characters, got {{}}"),
            quote!(value.chars().count()),
        ));
        // clippy would have `is_empty` for "at least one".
        let test = if min == 1 {
            quote!(value.is_empty())
        } else {
            quote!(value.chars().count() < #limit)
        };
        checks.push(Check::Condition { test, error });
    }
    if let Some(max) = constraints.max_items {
        let limit = Literal::usize_unsuffixed(max);
        let error = fail(message(
            &format!("must have at most {max} items, got {{}}"),
            quote!(value.len()),
        ));
        checks.push(Check::Condition {
            test: quote!(value.len() > #limit),
            error,
        });
    }
    if let Some(min) = constraints.min_items {
        let limit = Literal::usize_unsuffixed(min);
        let error = fail(message(
            &format!("must have at least {min} items, got {{}}"),
            quote!(value.len()),
        ));
        // clippy would have `is_empty` for "at least one".
        let test = if min == 1 {
            quote!(value.is_empty())
        } else {
            quote!(value.len() < #limit)
        };
        checks.push(Check::Condition { test, error });
    }
    if matches!(ty, TypeRef::Number { .. }) {
        // JSON has no NaN or infinity: serde_json would send `null` instead.
        let error = fail(message("must be a finite number, got {}", quote!(value)));
        checks.push(Check::Condition {
            test: quote!(!value.is_finite()),
            error,
        });
    }
    let is_number = matches!(ty, TypeRef::Integer { .. } | TypeRef::Number { .. });
    let number = match ty {
        TypeRef::Integer { .. } => quote!((*value as f64)),
        TypeRef::Number { bits: 32 } => quote!(f64::from(*value)),
        _ => quote!(*value),
    };
    let bounds = [
        (
            constraints.minimum,
            constraints.exclusive_minimum,
            quote!(<=),
            "greater than",
            quote!(<),
            "at least",
        ),
        (
            constraints.maximum,
            constraints.exclusive_maximum,
            quote!(>=),
            "less than",
            quote!(>),
            "at most",
        ),
    ];
    for (bound, exclusive, exclusive_test, exclusive_words, inclusive_test, inclusive_words) in
        bounds
    {
        let Some(bound) = bound.filter(|_| is_number) else {
            continue;
        };
        let limit = Literal::f64_unsuffixed(bound);
        let (test, words) = if exclusive {
            (exclusive_test, exclusive_words)
        } else {
            (inclusive_test, inclusive_words)
        };
        let error = fail(message(
            &format!("must be {words} {bound}, got {{}}"),
            quote!(value),
        ));
        checks.push(Check::Condition {
            test: quote!(#number #test #limit),
            error,
        });
    }
    match ty {
        TypeRef::Named { name } if rust.validated.contains(name) => {
            checks.push(Check::Statement(
                quote!(value.validate().map_err(|error| error.within(#field))?;),
            ));
        }
        TypeRef::Array { items } if matches!(items.as_ref(), TypeRef::Named { name } if rust.validated.contains(name)) =>
        {
            checks.push(Check::Statement(quote! {
                for (index, item) in value.iter().enumerate() {
                    item.validate().map_err(|error| error.within(&format!("{}[{}]", #field, index)))?;
                }
            }));
        }
        _ => {}
    }
    checks
}

/// `format!(template, value)`: the message of a violated constraint.
fn message(template: &str, value: TokenStream) -> TokenStream {
    quote!(format!(#template, #value))
}
