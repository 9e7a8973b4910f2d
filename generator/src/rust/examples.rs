//! Rust expressions that build a value of a generated type from a JSON example of the spec.
//!
//! They make the docs' examples and the generated tests use the typed API exactly as a user would
//! (`new` with the required fields, then setters), instead of decoding JSON.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::Rust;
use super::sensitive::is_secret_string;
use super::syntax::ident;
use crate::ir::{Example, Field, TypeKind, TypeRef};

impl Rust<'_> {
    /// Whether building `example` sets a deprecated property, whose setter warns: the code that
    /// builds it then allows that.
    pub(crate) fn sets_deprecated(&self, example: &Example) -> bool {
        match example {
            Example::Object { type_name, fields } => fields.iter().any(|field| {
                let deprecated = self
                    .api
                    .type_def(type_name)
                    .is_some_and(|ty| match &ty.kind {
                        TypeKind::Object { fields, .. } => fields
                            .iter()
                            .any(|f| f.wire_name == field.wire_name && f.deprecated),
                        _ => false,
                    });
                deprecated || self.sets_deprecated(&field.value)
            }),
            Example::Array { items } => items.iter().any(|item| self.sets_deprecated(item)),
            Example::Map { entries } => entries
                .iter()
                .any(|entry| self.sets_deprecated(&entry.value)),
            Example::Union { value, .. } | Example::Alias { value, .. } => {
                self.sets_deprecated(value)
            }
            _ => false,
        }
    }

    /// An expression of type `ty` equal to `value`, or `None` when the example does not fit the
    /// type (then the caller leaves the example out).
    pub(crate) fn example(&self, ty: &TypeRef, value: &Value) -> Option<TokenStream> {
        Some(match (ty, value) {
            (TypeRef::String, Value::String(text)) => quote!(#text),
            (TypeRef::DateTime, Value::String(text)) => {
                quote!(#text.parse::<crate::chrono::DateTime<crate::chrono::Utc>>()?)
            }
            (TypeRef::Date, Value::String(text)) => {
                quote!(#text.parse::<crate::chrono::NaiveDate>()?)
            }
            (TypeRef::Uuid, Value::String(text)) => quote!(#text.parse::<crate::uuid::Uuid>()?),
            (TypeRef::Uri, Value::String(text)) => quote!(crate::url::Url::parse(#text)?),
            (TypeRef::Integer { .. }, Value::Number(number)) => {
                let literal = Literal::i64_unsuffixed(number.as_i64()?);
                quote!(#literal)
            }
            (TypeRef::Number { .. }, Value::Number(number)) => {
                let literal = Literal::f64_unsuffixed(number.as_f64()?);
                quote!(#literal)
            }
            (TypeRef::Boolean, Value::Bool(flag)) => quote!(#flag),
            (TypeRef::Binary, Value::String(text)) => {
                let bytes = Literal::byte_string(text.as_bytes());
                quote!(crate::bytes::Bytes::from_static(#bytes))
            }
            // A file's example is its name; the contents are a stand-in the reader replaces.
            (TypeRef::File, Value::String(name)) => {
                let contents = format!("<contents of {name}>");
                quote!(crate::runtime::File::new(#contents).file_name(#name))
            }
            (TypeRef::Any, value) => {
                let text = serde_json::to_string(value).ok()?;
                quote!(crate::serde_json::from_str::<crate::serde_json::Value>(#text)?)
            }
            (TypeRef::Array { items }, Value::Array(values)) => {
                let values = values
                    .iter()
                    .map(|value| self.owned_example(items, value))
                    .collect::<Option<Vec<_>>>()?;
                quote!(vec![#(#values),*])
            }
            (TypeRef::Map { values: value_ty }, Value::Object(entries)) => {
                let entries = entries
                    .iter()
                    .map(|(key, value)| {
                        let value = self.owned_example(value_ty, value)?;
                        Some(quote!((#key.to_owned(), #value)))
                    })
                    .collect::<Option<Vec<_>>>()?;
                quote!(std::collections::BTreeMap::from([#(#entries),*]))
            }
            (TypeRef::Named { name }, value) => self.named_example(name, value)?,
            _ => return None,
        })
    }

    /// An example where no `Into` conversion happens (inside `vec![]`, a map or a union
    /// variant): strings are owned.
    pub(crate) fn owned_example(&self, ty: &TypeRef, value: &Value) -> Option<TokenStream> {
        let expression = self.example(ty, value)?;
        Some(if self.is_string(ty) {
            quote!(#expression.to_owned())
        } else {
            expression
        })
    }

    /// A string, or an alias of one.
    fn is_string(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String => true,
            TypeRef::Named { name } => {
                matches!(self.type_def(name).map(|def| &def.kind), Some(TypeKind::Alias { target }) if self.is_string(target))
            }
            _ => false,
        }
    }

    fn named_example(&self, name: &str, value: &Value) -> Option<TokenStream> {
        let def = self.type_def(name)?;
        let path = self.ty(&TypeRef::Named {
            name: name.to_owned(),
        });
        match (&def.kind, value) {
            (
                TypeKind::Object {
                    fields,
                    additional_properties: None,
                },
                Value::Object(entries),
            ) => {
                if entries
                    .keys()
                    .any(|key| !fields.iter().any(|f| &f.wire_name == key))
                {
                    return None;
                }
                // A constant (set by `new`) fits a value that leaves it out or has the constant.
                let constants_fit = fields.iter().all(|field| match self.constant(field) {
                    Some((_, variant)) => entries
                        .get(&field.wire_name)
                        .is_none_or(|value| value.as_str() == Some(variant.value.as_str())),
                    None => true,
                });
                if !constants_fit {
                    return None;
                }
                let required = fields
                    .iter()
                    .filter(|f| f.required && self.constant(f).is_none())
                    .map(|f| self.field_example(f, entries.get(&f.wire_name), name))
                    .collect::<Option<Vec<_>>>()?;
                let mut setters = Vec::new();
                for field in fields.iter().filter(|f| !f.required) {
                    let Some(value) = entries.get(&field.wire_name) else {
                        continue;
                    };
                    let setter = super::models::setter_ident(&field.name.snake);
                    let value = match value {
                        // An explicit `null` is kept where the property may be null.
                        Value::Null if field.nullable => quote!(crate::runtime::Nullable::Null),
                        Value::Null => continue,
                        // `Nullable<SecretString>` is made from a `SecretString`, not from `&str`.
                        value if field.nullable && is_secret_string(field) => {
                            let text = self.example(&field.ty, value)?;
                            quote!(crate::secrecy::SecretString::from(#text))
                        }
                        value => self.boxed(&field.ty, name, self.example(&field.ty, value)?),
                    };
                    setters.push(quote!(.#setter(#value)));
                }
                Some(quote!(#path::new(#(#required),*) #(#setters)*))
            }
            (TypeKind::Enum { variants, open }, Value::String(text)) => {
                match variants.iter().find(|v| &v.value == text) {
                    Some(variant) => {
                        let variant = ident(&variant.name.pascal);
                        Some(quote!(#path::#variant))
                    }
                    None if *open => Some(quote!(#path::from(#text))),
                    None => None,
                }
            }
            (TypeKind::Alias { target }, value) => self.example(target, value),
            // A discriminated union's value is the variant its tag selects.
            (
                TypeKind::Union {
                    variants,
                    discriminator: Some(discriminator),
                    ..
                },
                value,
            ) if !discriminator.mapping.is_empty() => {
                let tag = value.get(&discriminator.property)?.as_str()?;
                let selected = &discriminator
                    .mapping
                    .iter()
                    .find(|entry| entry.value == tag)?
                    .variant;
                let variant = variants
                    .iter()
                    .find(|variant| &variant.name.original == selected)?;
                let inner = self.boxed(&variant.ty, name, self.owned_example(&variant.ty, value)?);
                let variant = ident(&variant.name.pascal);
                Some(quote!(#path::#variant(#inner)))
            }
            (TypeKind::Union { variants, .. }, value) => variants.iter().find_map(|variant| {
                let inner = self.boxed(&variant.ty, name, self.owned_example(&variant.ty, value)?);
                let variant = ident(&variant.name.pascal);
                Some(quote!(#path::#variant(#inner)))
            }),
            _ => None,
        }
    }

    /// A required field's constructor argument: `None` for an absent or null nullable field.
    fn field_example(
        &self,
        field: &Field,
        value: Option<&Value>,
        owner: &str,
    ) -> Option<TokenStream> {
        match value {
            Some(Value::Null) | None if field.nullable => Some(quote!(None)),
            Some(value) => {
                let expression = self.boxed(&field.ty, owner, self.example(&field.ty, value)?);
                Some(match (field.nullable, &field.ty) {
                    (true, _) if is_secret_string(field) => {
                        quote!(Some(crate::secrecy::SecretString::from(#expression)))
                    }
                    // `Option<String>` takes no `&str`: the one conversion `Into` cannot make here.
                    (true, TypeRef::String) => quote!(Some(#expression.to_owned())),
                    (true, _) => quote!(Some(#expression)),
                    (false, _) => expression,
                })
            }
            None => None,
        }
    }

    fn boxed(&self, ty: &TypeRef, owner: &str, expression: TokenStream) -> TokenStream {
        if self.contains_directly(ty, owner, &mut Vec::new()) {
            quote!(Box::new(#expression))
        } else {
            expression
        }
    }
}
