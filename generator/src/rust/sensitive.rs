//! Secrets in the generated crate: what the IR marks `sensitive` never shows in `Debug` output.
//!
//! A sensitive property of type `string` is a [`secrecy::SecretString`]: its `Debug` is
//! `SecretBox<str>([REDACTED])`, it is zeroized on drop, and reading it takes an explicit
//! `expose_secret()`. It still serializes in clear (`serialize_with`, as JSON is its wire form)
//! and its struct compares it by value (a hand-written `PartialEq`, since `SecretString` has none).
//!
//! Every other sensitive value (a number, an array, an object, a formatted string such as a URL,
//! and every sensitive parameter, which the request functions send as they are) keeps its type:
//! the struct that holds it gets a hand-written `Debug` that prints `[REDACTED]` in its place.
//!
//! The helpers those impls call live in the crate's private module `src/sensitive.rs`, generated
//! only for an API that has sensitive values, with only the items it uses.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Rust;
use crate::ir::{Field, TypeKind, TypeRef};

/// A field held as a `SecretString`: sensitive, and a plain string.
pub fn is_secret_string(field: &Field) -> bool {
    field.sensitive && field.ty == TypeRef::String
}

/// A sensitive field that keeps its type and is hidden by its struct's `Debug`.
pub fn is_redacted(field: &Field) -> bool {
    field.sensitive && !is_secret_string(field)
}

/// What the crate's `sensitive` module must offer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Some field is a `SecretString`: serialization and comparison helpers.
    pub secrets: bool,
    /// Some struct hides a value in its `Debug`: the `Redacted` marker.
    pub redacted: bool,
}

impl Needs {
    pub fn any(self) -> bool {
        self.secrets || self.redacted
    }
}

/// What the API's types and operations need of the `sensitive` module.
pub fn needs(rust: &Rust<'_>) -> Needs {
    let fields = rust.api.types.iter().flat_map(|def| match &def.kind {
        TypeKind::Object { fields, .. } => fields.as_slice(),
        _ => &[],
    });
    let mut needs = Needs::default();
    for field in fields {
        needs.secrets |= is_secret_string(field);
        needs.redacted |= is_redacted(field);
    }
    needs.redacted |= rust
        .api
        .operations()
        .any(|(_, operation)| operation.parameters.iter().any(|p| p.sensitive));
    needs
}

/// The crate's private `sensitive` module.
pub fn module(needs: Needs) -> TokenStream {
    let secrets = needs.secrets.then(|| {
        quote! {
            use secrecy::ExposeSecret;
            use serde::Serializer;

            /// A sensitive string in the shapes a property holds it: a value, an optional value,
            /// an optional value that may be `null`.
            pub(crate) trait Secret {
                /// Serializes the value in clear: this is what is sent and received.
                fn serialize_exposed<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

                /// Whether both hold the same value (compared in clear, not in constant time).
                fn same(&self, other: &Self) -> bool;
            }

            impl Secret for secrecy::SecretString {
                fn serialize_exposed<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.expose_secret())
                }

                fn same(&self, other: &Self) -> bool {
                    self.expose_secret() == other.expose_secret()
                }
            }

            impl<T: Secret> Secret for Option<T> {
                fn serialize_exposed<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        Some(value) => serializer.serialize_some(&Exposed(value)),
                        None => serializer.serialize_none(),
                    }
                }

                fn same(&self, other: &Self) -> bool {
                    match (self, other) {
                        (Some(value), Some(other)) => value.same(other),
                        (None, None) => true,
                        _ => false,
                    }
                }
            }

            impl<T: Secret> Secret for crate::runtime::Nullable<T> {
                fn serialize_exposed<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        Self::Value(value) => value.serialize_exposed(serializer),
                        Self::Null => serializer.serialize_none(),
                    }
                }

                fn same(&self, other: &Self) -> bool {
                    match (self, other) {
                        (Self::Value(value), Self::Value(other)) => value.same(other),
                        (Self::Null, Self::Null) => true,
                        _ => false,
                    }
                }
            }

            /// A secret that serializes in clear.
            struct Exposed<'a, T>(&'a T);

            impl<T: Secret> serde::Serialize for Exposed<'_, T> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.0.serialize_exposed(serializer)
                }
            }

            /// The `serialize_with` of a sensitive property: its value in clear.
            pub(crate) fn serialize<T: Secret, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
                value.serialize_exposed(serializer)
            }
        }
    });
    let redacted = needs.redacted.then(|| {
        quote! {
            /// What `Debug` shows in place of a sensitive value that is not a `SecretString`.
            pub(crate) struct Redacted;

            impl std::fmt::Debug for Redacted {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("[REDACTED]")
                }
            }
        }
    });
    quote! {
        //! Values the API marks as sensitive: `SecretString` properties serialize and compare in
        //! clear, and `Debug` shows `[REDACTED]` for the other sensitive values.
        #secrets
        #redacted
    }
}

/// One field of a hand-written `Debug`.
pub struct DebugField {
    /// The field's name in the output.
    pub label: String,
    /// The field's expression (`self.x`).
    pub member: TokenStream,
    /// Print `[REDACTED]` instead of the value.
    pub redacted: bool,
    /// The field is an `Option`: a redacted one still shows whether it is set.
    pub optional: bool,
}

impl DebugField {
    pub fn new(ident: &Ident, redacted: bool, optional: bool) -> Self {
        Self {
            label: ident.to_string().trim_start_matches("r#").to_owned(),
            member: quote!(self.#ident),
            redacted,
            optional,
        }
    }
}

/// `impl Debug` for `ty` (with its generics, e.g. `Builder<'_>`) named `name`, showing the fields
/// in order and `[REDACTED]` for the redacted ones.
pub fn debug_impl(ty: TokenStream, name: &str, fields: &[DebugField]) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let DebugField {
            label,
            member,
            redacted,
            optional,
        } = field;
        let value = match (redacted, optional) {
            (false, _) => quote!(&#member),
            (true, false) => quote!(&crate::sensitive::Redacted),
            (true, true) => quote!(&#member.as_ref().map(|_| crate::sensitive::Redacted)),
        };
        quote!(.field(#label, #value))
    });
    quote! {
        impl std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name) #(#entries)* .finish()
            }
        }
    }
}

/// The docs a sensitive property adds to its field: how it is held and how to read it.
pub fn field_docs(rust: &Rust<'_>, field: &Field) -> Option<String> {
    if is_secret_string(field) {
        let krate = rust.config.rust.crate_name.replace('-', "_");
        Some(format!(
            "\n**Sensitive**: a [`SecretString`](secrecy::SecretString), so `Debug` hides it\n\
             (`SecretBox<str>([REDACTED])`). Read it with\n\
             [`expose_secret()`](secrecy::ExposeSecret::expose_secret) after\n\
             `use {krate}::secrecy::ExposeSecret;`. Serializing writes it in clear, as it is sent."
        ))
    } else if field.sensitive {
        Some("\n**Sensitive**: `Debug` prints `[REDACTED]` in its place.".to_owned())
    } else {
        None
    }
}
