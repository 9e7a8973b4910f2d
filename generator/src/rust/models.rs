//! Named types: structs for objects, enums (closed or open), unions (see `unions`) and aliases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::sensitive::{DebugField, is_redacted, is_secret_string};
use super::source::Source;
use super::syntax::{doc, doc_or, ident};
use crate::ir::{EnumVariant, Field, TypeDef, TypeKind, TypeOrigin, TypeRef};

/// The `models` module: every type that comes from a component schema.
pub fn render<'r>(rust: &'r Rust<'_>, origin: TypeOrigin) -> Source<'r> {
    let types = rust.api.types.iter().filter(move |ty| ty.origin == origin);
    let check = super::validation::import(rust, super::Module::Models);
    Source::new(quote! {
        //! Models: one type per component schema of the API.
        #check
    })
    .parts(types.map(move |ty| move || type_def(rust, ty)))
}

/// The items of one named type.
pub fn type_def(rust: &Rust<'_>, def: &TypeDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let mut docs = doc_or(
        def.description.as_deref(),
        &format!("The `{}` type.", def.name),
    );
    if let Some(example) = &def.example {
        let example = serde_json::to_string_pretty(example).unwrap_or_default();
        docs.extend(doc(&format!("\n# Example\n\n```json\n{example}\n```")));
    }
    match &def.kind {
        TypeKind::Object {
            fields,
            additional_properties,
        } => object(rust, &name, docs, fields, additional_properties.as_ref()),
        TypeKind::Enum {
            variants,
            open: false,
        } => closed_enum(&name, docs, variants),
        TypeKind::Enum {
            variants,
            open: true,
        } => open_enum(&name, docs, variants),
        TypeKind::Union {
            variants,
            discriminator,
            ..
        } => super::unions::render(rust, &name, docs, variants, discriminator.as_ref()),
        TypeKind::Alias { target } => {
            let target = rust.ty(target);
            quote! { #docs pub type #name = #target; }
        }
    }
}

/// A struct's field: its Rust type (boxed when the type contains itself) and serde attributes.
pub struct FieldCode {
    pub ident: proc_macro2::Ident,
    /// The type users pass and read, e.g. `Option<String>`.
    pub ty: TokenStream,
    /// The type of the value alone, without `Option`: what a setter takes.
    pub value_ty: TokenStream,
}

/// The Rust shape of a field. Optional and nullable fields are `Option`s.
pub fn field_code(rust: &Rust<'_>, owner: &str, field: &Field) -> FieldCode {
    let inner = if is_secret_string(field) {
        quote!(secrecy::SecretString)
    } else {
        rust.ty(&field.ty)
    };
    let boxed = rust.contains_directly(&field.ty, owner, &mut Vec::new());
    let value_ty = if boxed { quote!(Box<#inner>) } else { inner };
    let (ty, value_ty) = match (field.required, field.nullable) {
        (true, false) => (value_ty.clone(), value_ty),
        (false, true) => (
            quote!(Option<crate::runtime::Nullable<#value_ty>>),
            quote!(crate::runtime::Nullable<#value_ty>),
        ),
        _ => (quote!(Option<#value_ty>), value_ty),
    };
    FieldCode {
        ident: ident(&field.name.snake),
        ty,
        value_ty,
    }
}

fn object(
    rust: &Rust<'_>,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    fields: &[Field],
    additional: Option<&TypeRef>,
) -> TokenStream {
    let codes: Vec<FieldCode> = fields
        .iter()
        .map(|field| field_code(rust, &name.to_string(), field))
        .collect();
    // Files have no JSON form: a struct holding them is only ever sent, as multipart parts, and
    // has no serde derives.
    let files = super::bodies::holds_files(fields);
    let declarations = fields.iter().zip(&codes).map(|(field, code)| {
        let FieldCode { ident, ty, .. } = code;
        let docs = field_docs(rust, field);
        if files {
            return quote! { #docs pub #ident: #ty, };
        }
        let rename = (ident.to_string().trim_start_matches("r#") != field.wire_name).then(|| {
            let wire = &field.wire_name;
            quote!(#[serde(rename = #wire)])
        });
        let mut serde_args = match (field.required, field.nullable) {
            (false, false) => vec![
                quote!(default),
                quote!(skip_serializing_if = "Option::is_none"),
            ],
            (false, true) => vec![
                quote!(default),
                quote!(skip_serializing_if = "Option::is_none"),
                quote!(deserialize_with = "crate::runtime::deserialize_present"),
            ],
            (true, _) => Vec::new(),
        };
        // A `SecretString` is sent in clear.
        if is_secret_string(field) {
            serde_args.push(quote!(serialize_with = "crate::sensitive::serialize"));
        }
        let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        quote! { #docs #rename #serde pub #ident: #ty, }
    });
    let extra = additional.map(|values| {
        let values = rust.ty(values);
        let flatten = (!files).then(|| quote!(#[serde(flatten)]));
        quote! {
            /// Properties beyond the ones listed above.
            #flatten
            pub additional_properties: std::collections::BTreeMap<String, #values>,
        }
    });
    let constants: Vec<Option<TokenStream>> = fields
        .iter()
        .map(|field| {
            rust.constant(field).map(|(def, variant)| {
                let ty = rust.ty(&TypeRef::Named {
                    name: def.name.clone(),
                });
                let variant = ident(&variant.name.pascal);
                quote!(#ty::#variant)
            })
        })
        .collect();
    let constructor = constructor(name, fields, &codes, &constants, additional.is_some());
    // `new()` without arguments wants a `Default` beside it: derived when every field is
    // optional, else (every required field is a constant) one that calls `new`.
    let default = fields
        .iter()
        .all(|field| !field.required)
        .then(|| quote!(Default,));
    let default_impl = (default.is_none()
        && fields
            .iter()
            .zip(&constants)
            .all(|(field, constant)| !field.required || constant.is_some()))
    .then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let validate = rust.validated.contains(&name.to_string()).then(|| {
        let method = super::validation::validate_method(rust, fields);
        quote!(impl #name { #method })
    });
    // `SecretString` has no `PartialEq`, and a redacted value needs a `Debug` by hand.
    let secrets = fields.iter().any(is_secret_string);
    let redacts = fields.iter().any(is_redacted);
    let partial_eq = (!secrets).then(|| quote!(PartialEq,));
    let debug = (!redacts).then(|| quote!(Debug,));
    let partial_eq_impl =
        secrets.then(|| secret_partial_eq(name, fields, &codes, additional.is_some()));
    let serde_derives = (!files).then(|| quote!(serde::Serialize, serde::Deserialize));
    let debug_impl = redacts.then(|| {
        let mut entries: Vec<DebugField> = fields
            .iter()
            .zip(&codes)
            .map(|(field, code)| {
                DebugField::new(
                    &code.ident,
                    field.sensitive,
                    !field.required || field.nullable,
                )
            })
            .collect();
        if additional.is_some() {
            entries.push(DebugField::new(
                &format_ident!("additional_properties"),
                false,
                false,
            ));
        }
        super::sensitive::debug_impl(quote!(#name), &name.to_string(), &entries)
    });
    quote! {
        #docs
        #[derive(#debug Clone, #partial_eq #default #serde_derives)]
        pub struct #name {
            #(#declarations)*
            #extra
        }
        #partial_eq_impl
        #debug_impl
        #constructor
        #default_impl
        #validate
    }
}

/// `PartialEq` of a struct with `SecretString` fields, which compare their exposed values.
fn secret_partial_eq(
    name: &proc_macro2::Ident,
    fields: &[Field],
    codes: &[FieldCode],
    has_additional: bool,
) -> TokenStream {
    let mut comparisons: Vec<TokenStream> = fields
        .iter()
        .zip(codes)
        .map(|(field, code)| {
            let ident = &code.ident;
            if is_secret_string(field) {
                quote!(crate::sensitive::Secret::same(&self.#ident, &other.#ident))
            } else {
                quote!(self.#ident == other.#ident)
            }
        })
        .collect();
    if has_additional {
        comparisons.push(quote!(
            self.additional_properties == other.additional_properties
        ));
    }
    let body = comparisons
        .into_iter()
        .reduce(|all, next| quote!(#all && #next))
        .unwrap_or_else(|| quote!(true));
    quote! {
        /// Compares every property; sensitive ones by their exposed values.
        impl PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                #body
            }
        }
    }
}

/// The setter of a property: its name, except for the type's own `new` and `validate`.
pub fn setter_ident(snake: &str) -> proc_macro2::Ident {
    if snake == "new" || snake == "validate" {
        format_ident!("with_{}", snake)
    } else {
        ident(snake)
    }
}

fn field_docs(rust: &Rust<'_>, field: &Field) -> TokenStream {
    let mut docs = doc_or(
        field.description.as_deref(),
        &format!("The `{}` property.", field.wire_name),
    );
    if let Some(sensitive) = super::sensitive::field_docs(rust, field) {
        docs.extend(doc(&sensitive));
    }
    if let Some(example) = &field.example {
        let example = serde_json::to_string(example).unwrap_or_default();
        docs.extend(doc(&format!("\nExample: `{}`", example.replace('`', "'"))));
    }
    // The field stays usable without warnings in the crate itself; its setter carries the
    // `#[deprecated]` attribute that warns users.
    if field.deprecated {
        docs.extend(doc("\n**Deprecated** by the API."));
    }
    docs
}

/// `new` with the required fields (but constants, which it sets), and a chainable setter per
/// optional field.
fn constructor(
    name: &proc_macro2::Ident,
    fields: &[Field],
    codes: &[FieldCode],
    constants: &[Option<TokenStream>],
    has_additional: bool,
) -> TokenStream {
    let required: Vec<(&Field, &FieldCode)> = fields
        .iter()
        .zip(codes)
        .zip(constants)
        .filter(|((field, _), constant)| field.required && constant.is_none())
        .map(|(pair, _)| pair)
        .collect();
    let parameters = required.iter().map(|(_, code)| {
        let FieldCode { ident, ty, .. } = code;
        quote!(#ident: impl Into<#ty>)
    });
    let initialisers = fields
        .iter()
        .zip(codes)
        .zip(constants)
        .map(|((field, code), constant)| {
            let ident = &code.ident;
            if let Some(constant) = constant {
                quote!(#ident: #constant)
            } else if field.required {
                quote!(#ident: #ident.into())
            } else {
                quote!(#ident: None)
            }
        });
    let extra = has_additional.then(|| quote!(additional_properties: Default::default(),));
    let setters = fields
        .iter()
        .zip(codes)
        .filter(|(field, _)| !field.required)
        .map(|(field, code)| {
            let FieldCode {
                ident, value_ty, ..
            } = code;
            let setter = setter_ident(&field.name.snake);
            let docs = doc(&format!("Sets `{}`.", field.wire_name));
            let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
            quote! {
                #docs
                #deprecated
                pub fn #setter(mut self, #ident: impl Into<#value_ty>) -> Self {
                    self.#ident = Some(#ident.into());
                    self
                }
            }
        });
    let too_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_docs = doc(&format!("Creates a `{name}` from its required properties."));
    quote! {
        impl #name {
            #new_docs
            #too_many
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#initialisers,)* #extra }
            }
            #(#setters)*
        }
    }
}

fn variant_docs(variant: &EnumVariant) -> TokenStream {
    doc(&format!("`{}`", variant.value))
}

/// `Variant("value")` for each variant: what `string_enum!` implements the enum's behaviour from
/// (written so that a formatter never splits a pair).
fn wire_values(variants: &[EnumVariant]) -> Vec<TokenStream> {
    variants
        .iter()
        .map(|variant| {
            let ident = ident(&variant.name.pascal);
            let value = &variant.value;
            quote!(#ident(#value))
        })
        .collect()
}

/// A closed enum: the values the spec lists, and no other.
fn closed_enum(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[EnumVariant],
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let ident = ident(&variant.name.pascal);
        let docs = variant_docs(variant);
        quote!(#docs #ident,)
    });
    let values = wire_values(variants);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name { #(#declarations)* }

        crate::runtime::string_enum!(#name { #(#values),* });
    }
}

/// An open enum: unknown values decode into a catch-all variant and encode back unchanged.
fn open_enum(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[EnumVariant],
) -> TokenStream {
    let unknown = if variants.iter().any(|v| v.name.pascal == "Unknown") {
        format_ident!("UnknownValue")
    } else {
        format_ident!("Unknown")
    };
    let declarations = variants.iter().map(|variant| {
        let ident = ident(&variant.name.pascal);
        let docs = variant_docs(variant);
        quote!(#docs #ident,)
    });
    let values = wire_values(variants);
    let open_docs = doc(&format!(
        "\nThis enum is open: a value this version of the SDK does not know is kept in\n[`{name}::{unknown}`] rather than rejected."
    ));
    quote! {
        #docs
        #open_docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#declarations)*
            /// A value not known to this version of the SDK, kept as received.
            #unknown(String),
        }

        crate::runtime::string_enum!(#name { #(#values),* }, #unknown);
    }
}
